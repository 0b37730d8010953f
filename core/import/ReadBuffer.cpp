#include "import/ReadBuffer.h"

#include "import/FileSource.h"

#include <cstring>

namespace crw {

bool refillReadBuffer(FileSource& src, std::vector<char>& buf, size_t* begin, size_t* end, bool* eof,
    size_t maxBytes, const std::function<void()>& tooLong)
{
    if (*eof)
        return false;
    if (*begin > 0) {
        std::memmove(buf.data(), buf.data() + *begin, *end - *begin);
        *end -= *begin;
        *begin = 0;
    }
    if (*end == buf.size()) {
        if (buf.size() >= maxBytes)
            tooLong();
        buf.resize(buf.size() * 2);
    }
    const size_t got = src.read(buf.data() + *end, buf.size() - *end);
    if (got == 0)
        *eof = true;
    *end += got;
    return got > 0;
}

} // namespace crw
