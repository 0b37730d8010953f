#pragma once
// Streaming line reader for JSON Lines: yields each line (without "\n" / "\r\n") with its 1-based number.
#include <QtGlobal>
#include <string_view>
#include <vector>

namespace crw {

class FileSource;

class LineReader {
public:
    explicit LineReader(FileSource& src, size_t bufferBytes = 1 << 20);
    /// Next line (may be empty); false at end of file. The view is valid until the next call.
    /// Throws ImportError for invalid UTF-8 or a line over 64 MB. Skips a UTF-8 BOM at the start.
    bool next(std::string_view* line);
    qint64 lineNumber() const { return m_line; }

private:
    bool refill();
    FileSource& m_src;
    std::vector<char> m_buf;
    size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    qint64 m_line = 0;
};

} // namespace crw
