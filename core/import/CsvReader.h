#pragma once
// Streaming RFC-4180 CSV reader: quoted fields, doubled quotes, embedded newlines, CRLF, a UTF-8 BOM.
// Holds one buffer (grown only for a record longer than it); fields are views valid until the next call to next().
#include <QString>
#include <string_view>
#include <vector>

namespace crw {

class FileSource;

class CsvReader {
public:
    /// Reads from src (which keeps hashing every byte). Skips a leading UTF-8 BOM.
    explicit CsvReader(FileSource& src, size_t bufferBytes = 1 << 20);

    /// Moves to the next non-blank record; false at end of file. Throws ImportError for an unterminated
    /// quoted field, a character after a closing quote, invalid UTF-8, a field over 16 MB or a record over 64 MB.
    bool next();
    const std::vector<std::string_view>& fields() const { return m_fields; }
    /// 1-based line where the current record starts.
    qint64 line() const { return m_recordLine; }
    const QString& path() const;
    /// Bytes of the file consumed by the records returned so far.
    qint64 consumed() const;

private:
    struct Span {
        size_t from, to;
        bool unescape;
    };
    bool refill();
    void finishRecord(size_t recordBytes);
    [[noreturn]] void fail(qint64 line, qint64 column, const QString& message) const;

    FileSource& m_src;
    std::vector<char> m_buf;
    size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    qint64 m_line = 1, m_recordLine = 0;
    std::vector<Span> m_spans;
    std::vector<std::string_view> m_fields;
};

} // namespace crw
