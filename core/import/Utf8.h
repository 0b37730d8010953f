#pragma once
// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
#include <cstddef>

namespace crw {

/// Offset of the first byte that does not start a valid UTF-8 sequence, or -1 if all n bytes are valid.
long long firstInvalidUtf8(const char* data, size_t n);

/// True if none of the n bytes has its high bit set (fast pre-check).
inline bool isAscii(const char* data, size_t n)
{
    unsigned char acc = 0;
    for (size_t i = 0; i < n; ++i)
        acc |= static_cast<unsigned char>(data[i]);
    return acc < 0x80;
}

} // namespace crw
