#include "import/ImportTypes.h"

#include <QRegularExpression>

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

bool parseDuplicatePolicy(const QString& s, DuplicatePolicy* out)
{
    const QString t = s.trimmed().toLower();
    const struct {
        const char* name;
        DuplicatePolicy p;
    } names[] = { { "auto", DuplicatePolicy::Auto }, { "keep", DuplicatePolicy::Keep }, { "mean", DuplicatePolicy::Mean },
        { "refuse", DuplicatePolicy::Refuse } };
    for (const auto& n : names)
        if (t == QLatin1String(n.name)) {
            if (out)
                *out = n.p;
            return true;
        }
    return false;
}

DataKind JudgeMap::kindOf(const QString& judge, DataKind fallback) const
{
    for (const auto& [pattern, kind] : rules) {
        // * matches any run of characters ("/" too: FastChat judges read "gpt-4/pair-v2"), ? one character.
        QString re;
        for (const QChar c : pattern)
            re += c == QLatin1Char('*') ? QStringLiteral(".*")
                : c == QLatin1Char('?') ? QStringLiteral(".")
                                        : QRegularExpression::escape(QString(c));
        if (QRegularExpression(QStringLiteral("^(?:") + re + QStringLiteral(")$")).match(judge).hasMatch())
            return kind;
    }
    return fallback;
}

bool parseJudgeMap(const QString& spec, JudgeMap* out, QString* error)
{
    JudgeMap m;
    for (const QString& part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.lastIndexOf(QLatin1Char('='));
        const QString pattern = eq > 0 ? part.left(eq).trimmed() : QString();
        const QString kind = eq > 0 ? part.mid(eq + 1).trimmed().toLower() : QString();
        if (pattern.isEmpty() || (kind != QLatin1String("gold") && kind != QLatin1String("preference"))) {
            if (error)
                *error = QStringLiteral("bad judge map entry '%1': expected PATTERN=gold or PATTERN=preference")
                             .arg(part.trimmed());
            return false;
        }
        m.rules.push_back({ pattern, kind == QLatin1String("gold") ? DataKind::Gold : DataKind::Preference });
    }
    if (out)
        *out = m;
    return true;
}

} // namespace crw
