#include "import/LineReader.h"

#include "import/ReadBuffer.h"

#include "import/FileSource.h"
#include "import/ImportTypes.h"
#include "import/ProjectWriter.h"
#include "import/Utf8.h"

#include <QJsonDocument>
#include <algorithm>
#include <cstring>

namespace crw {

namespace {
constexpr size_t kMaxLineBytes = size_t(64) << 20;
}

LineReader::LineReader(FileSource& src, size_t bufferBytes)
    : m_src(src)
    // A small file gets a buffer of its size (+1 so the first read reaches the end), not 1 MB of zeroed memory.
    , m_buf(src.size() > 0 ? std::clamp<size_t>(size_t(src.size()) + 1, 64, std::max<size_t>(bufferBytes, 64))
                           : std::max<size_t>(bufferBytes, 64))
{
    refill();
    if (m_end - m_begin >= 3 && std::memcmp(m_buf.data() + m_begin, "\xEF\xBB\xBF", 3) == 0)
        m_begin += 3;
}

bool LineReader::refill()
{
    return refillReadBuffer(m_src, m_buf, &m_begin, &m_end, &m_eof, kMaxLineBytes, [&] { throw ImportError(m_src.path(), m_line + 1, 0, QStringLiteral("a line longer than 64 MB")); });
}

bool LineReader::next(std::string_view* line)
{
    size_t scanned = 0;
    for (;;) {
        const char* p = m_buf.data() + m_begin;
        const size_t n = m_end - m_begin;
        const void* nl = n > scanned ? std::memchr(p + scanned, '\n', n - scanned) : nullptr;
        size_t len = 0, consumed = 0;
        if (nl) {
            len = size_t(static_cast<const char*>(nl) - p);
            consumed = len + 1;
        } else {
            scanned = n;
            if (refill())
                continue;
            if (n == 0)
                return false;
            len = consumed = n;
        }
        ++m_line;
        if (len > 0 && p[len - 1] == '\r')
            --len;
        const long long bad = isAscii(p, len) ? -1 : firstInvalidUtf8(p, len);
        if (bad >= 0)
            throw ImportError(m_src.path(), m_line, bad + 1,
                QStringLiteral("invalid UTF-8 (byte 0x%1); the file must be UTF-8 encoded")
                    .arg(static_cast<unsigned char>(p[bad]), 2, 16, QLatin1Char('0')));
        if (const void* nul = std::memchr(p, 0, len))
            throw ImportError(m_src.path(), m_line, static_cast<const char*>(nul) - p + 1,
                QStringLiteral("NUL byte in a text file (UTF-16 or binary data?); the file must be UTF-8 encoded"));
        *line = std::string_view(p, len);
        m_begin += consumed;
        return true;
    }
}

QJsonObject jsonLineObject(std::string_view line)
{
    QJsonParseError err;
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), qsizetype(line.size())), &err);
    if (err.error != QJsonParseError::NoError)
        throw RowError { -1,
            QStringLiteral("invalid JSON at column %1: %2%3")
                .arg(err.offset + 1)
                .arg(err.errorString(),
                    err.offset >= qsizetype(line.size()) - 1 ? QStringLiteral(" (truncated line?)") : QString()) };
    if (!d.isObject())
        throw RowError { -1, QStringLiteral("expected a JSON object on each line") };
    return d.object();
}

} // namespace crw
