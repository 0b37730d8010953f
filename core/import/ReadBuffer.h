#pragma once
// The growing read buffer shared by the CSV and line readers.
#include <cstddef>
#include <functional>
#include <vector>

namespace crw {

class FileSource;

/// Moves the unread bytes [*begin, *end) of buf to its front, doubles buf when it is full (calling tooLong, which must
/// throw, once it has reached maxBytes) and reads more from src. Sets *eof and returns false when nothing more came.
bool refillReadBuffer(FileSource& src, std::vector<char>& buf, size_t* begin, size_t* end, bool* eof,
    size_t maxBytes, const std::function<void()>& tooLong);

} // namespace crw
