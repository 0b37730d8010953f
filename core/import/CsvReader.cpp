#include "import/CsvReader.h"

#include "import/ReadBuffer.h"

#include "import/FileSource.h"
#include "import/ImportTypes.h"
#include "import/Utf8.h"

#include <algorithm>
#include <cstring>

namespace crw {

namespace {
constexpr size_t kMaxRecordBytes = size_t(64) << 20;
constexpr size_t kMaxFieldBytes = size_t(16) << 20;
enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCR };
}

CsvReader::CsvReader(FileSource& src, size_t bufferBytes)
    : m_src(src)
    // A small file gets a buffer of its size (+1 so the first read reaches the end), not 1 MB of zeroed memory.
    , m_buf(src.size() > 0 ? std::clamp<size_t>(size_t(src.size()) + 1, 64, std::max<size_t>(bufferBytes, 64))
                           : std::max<size_t>(bufferBytes, 64))
{
    refill();
    if (m_end - m_begin >= 3 && std::memcmp(m_buf.data() + m_begin, "\xEF\xBB\xBF", 3) == 0)
        m_begin += 3;
}

const QString& CsvReader::path() const
{
    return m_src.path();
}
qint64 CsvReader::consumed() const
{
    return m_src.bytesRead() - qint64(m_end - m_begin);
}

void CsvReader::fail(qint64 line, qint64 column, const QString& message) const
{
    throw ImportError(m_src.path(), line, column, message);
}

bool CsvReader::refill()
{
    return refillReadBuffer(m_src, m_buf, &m_begin, &m_end, &m_eof, kMaxRecordBytes, [&] { fail(m_line, 0, QStringLiteral("a record longer than 64 MB: probably an unbalanced quote")); });
}

bool CsvReader::next()
{
    for (;;) {
        m_spans.clear();
        m_recordLine = m_line;
        State st = State::FieldStart;
        size_t i = 0, fieldFrom = 0;
        bool unescape = false, done = false;
        unsigned char high = 0;
        qint64 quoteLine = 0;
        while (!done) {
            if (m_begin + i >= m_end) {
                if (refill())
                    continue;
                // End of file.
                switch (st) {
                case State::FieldStart:
                    if (i == 0 && m_spans.empty())
                        return false;
                    m_spans.push_back({ i, i, false });
                    break;
                case State::Unquoted:
                    m_spans.push_back({ fieldFrom, i, false });
                    break;
                case State::Quoted:
                    fail(quoteLine, qint64(m_spans.size() + 1),
                        QStringLiteral("unterminated quoted field: the file ends inside quotes (truncated file or "
                                       "unbalanced quote)"));
                case State::QuoteInQuoted:
                    m_spans.push_back({ fieldFrom, i - 1, unescape });
                    break;
                case State::AfterCR:
                    ++m_line; // "\r" was the very last byte
                    break;
                }
                done = true;
                break;
            }
            const char* p = m_buf.data() + m_begin;
            const size_t n = m_end - m_begin;
            switch (st) {
            case State::FieldStart:
                if (p[i] == '"') {
                    st = State::Quoted;
                    quoteLine = m_line;
                    fieldFrom = ++i;
                    unescape = false;
                } else {
                    st = State::Unquoted;
                    fieldFrom = i;
                }
                break;
            case State::Unquoted: {
                while (i < n) {
                    const char c = p[i];
                    if (c == ',' || c == '\n' || c == '\r')
                        break;
                    high |= static_cast<unsigned char>(c);
                    ++i;
                }
                if (i == n)
                    break;
                m_spans.push_back({ fieldFrom, i, false });
                const char c = p[i++];
                if (c == ',') {
                    st = State::FieldStart;
                } else if (c == '\n') {
                    ++m_line;
                    done = true;
                } else {
                    st = State::AfterCR;
                }
                break;
            }
            case State::Quoted: {
                while (i < n && p[i] != '"') {
                    high |= static_cast<unsigned char>(p[i]);
                    if (p[i] == '\n')
                        ++m_line;
                    ++i;
                }
                if (i < n) {
                    st = State::QuoteInQuoted;
                    ++i;
                }
                break;
            }
            case State::QuoteInQuoted: {
                const char c = p[i];
                if (c == '"') {
                    unescape = true;
                    st = State::Quoted;
                    ++i;
                    break;
                }
                m_spans.push_back({ fieldFrom, i - 1, unescape });
                ++i;
                if (c == ',') {
                    st = State::FieldStart;
                } else if (c == '\n') {
                    ++m_line;
                    done = true;
                } else if (c == '\r') {
                    st = State::AfterCR;
                } else {
                    fail(m_line, qint64(m_spans.size()),
                        QStringLiteral("unexpected character '%1' after a closing quote (unbalanced quote?)")
                            .arg(QChar::fromLatin1(c)));
                }
                break;
            }
            case State::AfterCR:
                if (p[i] == '\n')
                    ++i;
                ++m_line;
                done = true;
                break;
            }
        }
        // A blank line is one empty unquoted field: skip it.
        if (m_spans.size() == 1 && m_spans[0].from == m_spans[0].to && !m_spans[0].unescape
            && (m_spans[0].from == 0 || m_buf[m_begin + m_spans[0].from - 1] != '"')) {
            m_begin += i;
            continue;
        }
        finishRecord(i);
        for (size_t f = 0; f < m_fields.size(); ++f)
            if (m_fields[f].size() > kMaxFieldBytes) {
                qint64 line = m_recordLine;
                for (size_t g = 0; g < f; ++g)
                    line += std::count(m_fields[g].begin(), m_fields[g].end(), '\n');
                fail(line, qint64(f + 1),
                    QStringLiteral("field of %1 bytes is longer than the limit of %2 MB for one field")
                        .arg(qulonglong(m_fields[f].size()))
                        .arg(kMaxFieldBytes >> 20));
            }
        // The line of byte k of field f (fields may span lines).
        const auto lineOf = [this](size_t f, size_t k) {
            qint64 line = m_recordLine;
            for (size_t g = 0; g < f; ++g)
                for (char c : m_fields[g])
                    line += c == '\n';
            for (size_t b = 0; b < k; ++b)
                line += m_fields[f][b] == '\n';
            return line;
        };
        if (high >= 0x80) {
            for (size_t f = 0; f < m_fields.size(); ++f) {
                const long long bad = firstInvalidUtf8(m_fields[f].data(), m_fields[f].size());
                if (bad >= 0)
                    fail(lineOf(f, size_t(bad)), qint64(f + 1),
                        QStringLiteral("invalid UTF-8 (byte 0x%1); the file must be UTF-8 encoded")
                            .arg(static_cast<unsigned char>(m_fields[f][size_t(bad)]), 2, 16, QLatin1Char('0')));
            }
        }
        // A NUL byte is valid UTF-8 but never text: UTF-16 without a BOM, or binary data.
        for (size_t f = 0; f < m_fields.size(); ++f)
            if (const void* nul = std::memchr(m_fields[f].data(), 0, m_fields[f].size()))
                fail(lineOf(f, size_t(static_cast<const char*>(nul) - m_fields[f].data())), qint64(f + 1),
                    QStringLiteral("NUL byte in a text file (UTF-16 or binary data?); the file must be UTF-8 encoded"));
        return true;
    }
}

void CsvReader::finishRecord(size_t recordBytes)
{
    char* base = m_buf.data() + m_begin;
    m_fields.clear();
    for (const Span& s : m_spans) {
        char* from = base + s.from;
        size_t len = s.to - s.from;
        if (s.unescape) {
            size_t w = 0;
            for (size_t r = 0; r < len; ++r) {
                from[w++] = from[r];
                if (from[r] == '"')
                    ++r; // skip the second quote of a doubled pair
            }
            len = w;
        }
        m_fields.emplace_back(from, len);
    }
    m_begin += recordBytes;
}

} // namespace crw
