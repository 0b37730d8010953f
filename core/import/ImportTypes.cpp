#include "import/ImportTypes.h"

namespace crw {

QString singleLine(const QString& s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

namespace {
std::string locatedMessage(
    const QString& file, qint64 line, qint64 column, const QString& jsonPath, const QString& message)
{
    QString where = file;
    if (line > 0) {
        where += QLatin1Char(':') + QString::number(line);
        if (column > 0)
            where += QLatin1Char(':') + QString::number(column);
    }
    if (!jsonPath.isEmpty())
        where += QStringLiteral(": ") + jsonPath;
    return singleLine(where + QStringLiteral(": ") + message).toStdString();
}
}

QString dataKindName(DataKind k)
{
    switch (k) {
    case DataKind::Queries:
        return QStringLiteral("queries");
    case DataKind::Gold:
        return QStringLiteral("gold");
    case DataKind::Preference:
        return QStringLiteral("preference");
    case DataKind::Prices:
        return QStringLiteral("prices");
    }
    return QString();
}

bool parseDataKind(const QString& s, DataKind* out)
{
    const QString t = s.trimmed().toLower();
    for (DataKind k : { DataKind::Queries, DataKind::Gold, DataKind::Preference, DataKind::Prices }) {
        if (t == dataKindName(k)) {
            if (out)
                *out = k;
            return true;
        }
    }
    return false;
}

ImportError::ImportError(const QString& file, qint64 line, qint64 column, const QString& message)
    : std::runtime_error(locatedMessage(file, line, column, {}, message))
    , file(file)
    , message(singleLine(message))
    , line(line)
    , column(column)
{
}

ImportError::ImportError(const QString& file, const QString& jsonPath, const QString& message)
    : std::runtime_error(locatedMessage(file, 0, 0, jsonPath, message))
    , file(file)
    , jsonPath(jsonPath)
    , message(singleLine(message))
{
}

ImportError::ImportError(const QString& file, qint64 line, const QString& jsonPath, const QString& message)
    : std::runtime_error(locatedMessage(file, line, 0, jsonPath, message))
    , file(file)
    , jsonPath(jsonPath)
    , message(singleLine(message))
    , line(line)
{
}

} // namespace crw
