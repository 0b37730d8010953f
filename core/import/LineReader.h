#pragma once
// Streaming line reader for JSON Lines: yields each line (without "\n" / "\r\n") with its 1-based number.
#include <QJsonObject>
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

/// One JSON Lines record parsed as an object. Throws RowError (column -1) naming the column of a JSON syntax error
/// (with "(truncated line?)" when it is at the line's end), or when the line holds no object.
QJsonObject jsonLineObject(std::string_view line);

} // namespace crw
