#include "import/Cell.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>
#include <cmath>

namespace crw {

std::string_view trimView(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool isBlank(const Cell& c)
{
    return c.type == CellType::Missing || c.type == CellType::Null
        || (c.type == CellType::Text && trimView(c.text).empty());
}

QString excerpt(std::string_view s)
{
    QString t = QString::fromUtf8(s.data(), qsizetype(std::min<size_t>(s.size(), 40)));
    if (s.size() > 40)
        t += QStringLiteral("...");
    return QLatin1Char('\'') + t + QLatin1Char('\'');
}

static const char* typeName(CellType t)
{
    switch (t) {
    case CellType::Missing:
        return "nothing";
    case CellType::Null:
        return "null";
    case CellType::Text:
        return "a string";
    case CellType::Number:
        return "a number";
    case CellType::Bool:
        return "a boolean";
    case CellType::Array:
        return "an array";
    case CellType::Object:
        return "an object";
    }
    return "?";
}

double cellNumber(const Cell& c, int column, const char* what, bool allowBool)
{
    double v = 0.0;
    if (c.type == CellType::Number) {
        v = c.number;
    } else if (c.type == CellType::Bool && allowBool) {
        v = c.number;
    } else if (c.type == CellType::Text && !c.json.isString()) {
        const std::string_view t = trimView(c.text);
        if (t.empty())
            throw RowError { column, QStringLiteral("%1 is empty; expected a number").arg(QLatin1String(what)) };
        if (allowBool && (t == "True" || t == "true" || t == "TRUE"))
            return 1.0;
        if (allowBool && (t == "False" || t == "false" || t == "FALSE"))
            return 0.0;
        const char* b = t.data();
        if (*b == '+')
            ++b;
        const auto [ptr, ec] = std::from_chars(b, t.data() + t.size(), v);
        if (ec != std::errc() || ptr != t.data() + t.size())
            throw RowError { column, QStringLiteral("%1 %2 is not a number").arg(QLatin1String(what), excerpt(t)) };
    } else {
        throw RowError { column,
            QStringLiteral("%1 is %2; expected a number%3")
                .arg(QLatin1String(what), QLatin1String(typeName(c.type)),
                    allowBool ? QStringLiteral(" or true/false") : QString()) };
    }
    if (!std::isfinite(v))
        throw RowError { column,
            QStringLiteral("%1 is %2; expected a finite number")
                .arg(QLatin1String(what), std::isnan(v) ? QStringLiteral("NaN") : QStringLiteral("infinite")) };
    return v;
}

std::string_view cellText(const Cell& c, int column, const char* what)
{
    if (c.type == CellType::Text)
        return c.text;
    if (c.type == CellType::Missing || c.type == CellType::Null)
        return {};
    if (c.type == CellType::Number && std::floor(c.number) == c.number && !c.text.empty())
        return c.text;
    throw RowError { column,
        QStringLiteral("%1 is %2; expected a string").arg(QLatin1String(what), QLatin1String(typeName(c.type))) };
}

std::vector<double> cellVector(const Cell& c, int column)
{
    QJsonArray arr;
    if (c.type == CellType::Array) {
        arr = c.json.toArray();
    } else if (c.type == CellType::Text) {
        const QJsonDocument d
            = QJsonDocument::fromJson(QByteArray::fromRawData(c.text.data(), qsizetype(c.text.size())));
        if (!d.isArray())
            throw RowError { column,
                QStringLiteral("embedding %1 is not a JSON array of numbers").arg(excerpt(c.text)) };
        arr = d.array();
    } else {
        throw RowError { column,
            QStringLiteral("embedding is %1; expected an array of numbers").arg(QLatin1String(typeName(c.type))) };
    }
    if (arr.isEmpty())
        throw RowError { column, QStringLiteral("embedding is empty") };
    std::vector<double> v;
    v.reserve(size_t(arr.size()));
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonValue x = arr.at(i);
        if (!x.isDouble() || !std::isfinite(x.toDouble()))
            throw RowError { column, QStringLiteral("embedding value %1 is not a finite number").arg(i + 1) };
        v.push_back(x.toDouble());
    }
    return v;
}

} // namespace crw
