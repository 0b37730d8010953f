#include "import/JsonFile.h"

#include "import/FileSource.h"
#include "import/ImportTypes.h"
#include "import/Utf8.h"

#include <cstring>

namespace crw {

void lineColumnAt(const QByteArray& data, qint64 offset, qint64* line, qint64* column)
{
    qint64 l = 1, lineStart = 0;
    offset = std::min<qint64>(offset, data.size());
    for (qint64 i = 0; i < offset; ++i) {
        if (data[i] == '\n') {
            ++l;
            lineStart = i + 1;
        }
    }
    *line = l;
    *column = offset - lineStart + 1;
}

JsonFile readJsonFile(FileSource& src, const QString& nestedArrayKey)
{
    if (src.size() > kMaxJsonBytes)
        throw ImportError(src.path(), 0, 0,
            QStringLiteral("JSON file of %1 MB is larger than the %2 MB limit for whole JSON documents; convert it "
                           "to JSON Lines (one object per line)")
                .arg(src.size() >> 20)
                .arg(kMaxJsonBytes >> 20));
    QByteArray data;
    data.resize(qsizetype(src.size()));
    qsizetype have = 0;
    for (;;) {
        if (have == data.size())
            data.resize(have + (1 << 16));
        const size_t got = src.read(data.data() + have, size_t(data.size() - have));
        if (got == 0)
            break;
        have += qsizetype(got);
        if (have > kMaxJsonBytes)
            throw ImportError(src.path(), 0, 0, QStringLiteral("JSON file grew past the size limit while reading"));
    }
    data.truncate(have);
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);

    qint64 line = 0, column = 0;
    const long long bad = firstInvalidUtf8(data.constData(), size_t(data.size()));
    if (bad >= 0) {
        lineColumnAt(data, bad, &line, &column);
        throw ImportError(src.path(), line, column,
            QStringLiteral("invalid UTF-8 (byte 0x%1); the file must be UTF-8 encoded")
                .arg(static_cast<unsigned char>(data[qsizetype(bad)]), 2, 16, QLatin1Char('0')));
    }

    if (const void* nul = std::memchr(data.constData(), 0, size_t(data.size()))) {
        lineColumnAt(data, static_cast<const char*>(nul) - data.constData(), &line, &column);
        throw ImportError(src.path(), line, column,
            QStringLiteral("NUL byte in a text file (UTF-16 or binary data?); the file must be UTF-8 encoded"));
    }

    JsonFile out;
    // One pass outside strings: nesting depth and the line of each top-level item.
    int depth = 0;
    bool inString = false, expectItem = false;
    qint64 curLine = 1, lineStart = 0;
    const QByteArray nestedKey = nestedArrayKey.toUtf8();
    QByteArray lastTopKey;
    bool inNested = false, expectNested = false;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (c == '\n') {
            ++curLine;
            lineStart = i + 1;
        }
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (inNested && depth == 2 && expectNested && c != ']') {
            out.nestedItems.push_back({ i, curLine, i - lineStart + 1 });
            expectNested = false;
        }
        if (depth == 1 && expectItem && c != ']' && c != '}') {
            out.itemLines.push_back(curLine);
            expectItem = false;
            if (c == '"') { // a key of a top-level object (or a string item of a list): remember its line
                qsizetype end = i + 1;
                while (end < data.size() && data[end] != '"' && data[end] != '\\')
                    ++end;
                if (end < data.size() && data[end] == '"') {
                    out.keyLines.insert(QString::fromUtf8(data.constData() + i + 1, end - i - 1), curLine);
                    lastTopKey = data.mid(i + 1, end - i - 1);
                } else {
                    lastTopKey.clear();
                }
            }
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) {
                lineColumnAt(data, i, &line, &column);
                throw ImportError(
                    src.path(), line, column, QStringLiteral("JSON nested deeper than %1 levels").arg(kMaxJsonDepth));
            }
            if (depth == 1)
                expectItem = true;
            if (depth == 2 && c == '[' && !nestedKey.isEmpty() && lastTopKey == nestedKey) {
                inNested = true;
                expectNested = true;
            }
        } else if (c == ']' || c == '}') {
            if (depth == 2)
                inNested = false;
            --depth;
        } else if (c == ',' && depth == 1) {
            expectItem = true;
        } else if (c == ',' && depth == 2 && inNested) {
            expectNested = true;
        }
    }

    for (qsizetype i = 0; i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n');
         ++i)
        out.firstLine += data[i] == '\n';
    if (data.trimmed().isEmpty())
        throw ImportError(src.path(), 1, 1, QStringLiteral("empty file"));
    QJsonParseError err;
    out.doc = QJsonDocument::fromJson(data, &err);
    if (err.error != QJsonParseError::NoError) {
        lineColumnAt(data, err.offset, &line, &column);
        QString msg = QStringLiteral("invalid JSON: %1").arg(err.errorString());
        if (err.offset >= data.size() - 1)
            msg += QStringLiteral(" (the file ends early: truncated?)");
        throw ImportError(src.path(), line, column, msg);
    }
    if (!nestedKey.isEmpty())
        out.text = std::move(data);
    return out;
}

} // namespace crw
