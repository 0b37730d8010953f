#include "routing/QueryLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <string_view>

namespace crw {

namespace {

constexpr double kPow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

bool isDigit(char c)
{
    return unsigned(c - '0') < 10u;
}

// Appends the digits at q to the decimal mantissa *m (and their count to *nd); stops at the first non-digit.
// *m wraps if there are more than 19 digits in all; the caller then does not use it (*nd > 19).
// (A branch-free 8-byte SWAR version measured no faster on the benchmark's %.6g numbers, so the plain loop stays.)
void digitsInto(const char*& q, const char* end, uint64_t* m, int* nd)
{
    for (; q < end && isDigit(*q); ++q, ++*nd)
        *m = *m * 10 + uint64_t(*q - '0');
}

// Fast path for the common flat lines: {"id": .., "text": "..", "task": "..", "embedding": [numbers]} with plain
// strings (no escapes, valid UTF-8). Returns false for anything else; the caller then uses the QJsonDocument path,
// which gives the same values (both parse numbers correctly rounded) and the precise error messages.
struct Scanner {
    const char* p;
    const char* end;
    void ws()
    {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            ++p;
    }
    bool eat(char c)
    {
        ws();
        if (p < end && *p == c) {
            ++p;
            return true;
        }
        return false;
    }
    // A string without escapes or control characters; [b, e) are its bytes.
    bool plainString(const char** b, const char** e)
    {
        if (!eat('"'))
            return false;
        *b = p;
        while (p < end && *p != '"') {
            if (*p == '\\' || static_cast<unsigned char>(*p) < 0x20)
                return false;
            ++p;
        }
        if (p >= end)
            return false;
        *e = p++;
        return true;
    }
    bool number(double* v)
    {
        ws();
        // One pass: checks the JSON grammar -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (from_chars alone would
        // accept "01", ".5", "nan") and collects the decimal mantissa and exponent for Clinger's exact fast path
        // (a decimal m * 10^e with m <= 2^53 and |e| <= 22 is one correctly rounded IEEE multiplication or division
        // of two exact doubles, so the result equals strtod's). Other numbers go to std::from_chars.
        const char* q = p;
        const bool neg = q < end && *q == '-';
        q += neg;
        if (q >= end || !isDigit(*q))
            return false;
        // Mantissa digits (integer and fraction part) go into m; it is exact only while there are at most 19 of them.
        uint64_t m = 0;
        int nd = 0, frac = 0;
        if (*q == '0') {
            ++q;
            ++nd;
            if (q < end && isDigit(*q))
                return false;
        } else {
            digitsInto(q, end, &m, &nd);
        }
        if (q < end && *q == '.') {
            ++q;
            if (q >= end || !isDigit(*q))
                return false;
            const int before = nd;
            digitsInto(q, end, &m, &nd);
            frac = nd - before;
        }
        int ex = 0;
        bool exOk = true;
        if (q < end && (*q == 'e' || *q == 'E')) {
            ++q;
            const bool eneg = q < end && *q == '-';
            if (q < end && (*q == '-' || *q == '+'))
                ++q;
            if (q >= end || !isDigit(*q))
                return false;
            for (; q < end && isDigit(*q); ++q)
                if (ex <= 400)
                    ex = ex * 10 + (*q - '0');
            exOk = ex <= 400;
            ex = eneg ? -ex : ex;
        }
        const int e10 = ex - frac;
        if (nd <= 19 && m <= (uint64_t(1) << 53) && exOk && e10 >= -22 && e10 <= 22) {
            const double d = double(m); // exact: m <= 2^53
            const double r = e10 < 0 ? d / kPow10[-e10] : d * kPow10[e10];
            *v = neg ? -r : r;
            p = q;
            return true;
        }
        const auto r = std::from_chars(p, q, *v);
        if (r.ec != std::errc() || r.ptr != q || !std::isfinite(*v))
            return false;
        p = q;
        return true;
    }
};

bool utf8String(const char* b, const char* e, QString* out)
{
    *out = QString::fromUtf8(b, e - b);
    for (const char* c = b; c < e; ++c)
        if (static_cast<unsigned char>(*c) >= 0x80)
            return !out->contains(QChar::ReplacementCharacter); // invalid UTF-8: let Qt decide
    return true;
}

bool parseFast(const QByteArray& line, qint64 lineNumber, RouteQuery* out)
{
    Scanner s { line.constData(), line.constData() + line.size() };
    *out = RouteQuery();
    if (!s.eat('{'))
        return false;
    bool seenId = false, seenText = false, seenTask = false, seenEmb = false;
    if (s.eat('}'))
        return false;
    do {
        const char *kb, *ke;
        if (!s.plainString(&kb, &ke) || !s.eat(':'))
            return false;
        const std::string_view key(kb, size_t(ke - kb));
        s.ws();
        if (key == "id" && !seenId) {
            seenId = true;
            if (s.p < s.end && *s.p == '"') {
                const char *b, *e;
                if (!s.plainString(&b, &e) || !utf8String(b, e, &out->id))
                    return false;
            } else {
                double v = 0;
                if (!s.number(&v))
                    return false;
                out->id = QString::number(v, 'g', 17);
            }
        } else if ((key == "text" && !seenText) || (key == "task" && !seenTask)) {
            const char *b, *e;
            QString* dst = key == "text" ? &out->text : &out->task;
            if (!s.plainString(&b, &e) || !utf8String(b, e, dst))
                return false;
            if (key == "text") {
                seenText = true;
                out->hasText = true;
            } else {
                seenTask = true;
            }
        } else if (key == "embedding" && !seenEmb) {
            seenEmb = true;
            if (!s.eat('['))
                return false;
            if (!s.eat(']')) {
                out->embedding.reserve(512);
                do {
                    double v = 0;
                    if (!s.number(&v))
                        return false;
                    out->embedding.push_back(v);
                } while (s.eat(','));
                if (!s.eat(']'))
                    return false;
            }
        } else {
            return false; // unknown or repeated key, or another value type: the general path
        }
    } while (s.eat(','));
    if (!s.eat('}'))
        return false;
    s.ws();
    if (s.p != s.end)
        return false;
    if (!seenId)
        out->id = QString::number(lineNumber);
    return out->hasText || !out->embedding.empty();
}

} // namespace

bool parseQueryLine(const QByteArray& line, qint64 lineNumber, RouteQuery* out, QString* error)
{
    if (parseFast(line, lineNumber, out))
        return true;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("malformed JSON at column %1: %2").arg(pe.offset + 1).arg(pe.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("expected a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    *out = RouteQuery();
    const QJsonValue id = o.value("id");
    if (id.isString())
        out->id = id.toString();
    else if (id.isDouble() && std::isfinite(id.toDouble()))
        out->id = QString::number(id.toDouble(), 'g', 17);
    else if (id.isUndefined() || id.isNull())
        out->id = QString::number(lineNumber);
    else {
        *error = QStringLiteral("\"id\" must be a string or a number");
        return false;
    }
    const QJsonValue text = o.value("text");
    if (!text.isUndefined() && !text.isNull()) {
        if (!text.isString()) {
            *error = QStringLiteral("\"text\" must be a string");
            return false;
        }
        out->text = text.toString();
        out->hasText = true;
    }
    const QJsonValue task = o.value("task");
    if (!task.isUndefined() && !task.isNull()) {
        if (!task.isString()) {
            *error = QStringLiteral("\"task\" must be a string");
            return false;
        }
        out->task = task.toString();
    }
    const QJsonValue emb = o.value("embedding");
    if (!emb.isUndefined() && !emb.isNull()) {
        if (!emb.isArray()) {
            *error = QStringLiteral("\"embedding\" must be an array of numbers");
            return false;
        }
        const QJsonArray a = emb.toArray();
        out->embedding.reserve(size_t(a.size()));
        for (const auto& v : a) {
            if (!v.isDouble() || !std::isfinite(v.toDouble())) {
                *error = QStringLiteral("\"embedding\" must hold finite numbers only");
                return false;
            }
            out->embedding.push_back(v.toDouble());
        }
    }
    if (!out->hasText && out->embedding.empty()) {
        *error = QStringLiteral("a query needs \"text\" or \"embedding\"");
        return false;
    }
    return true;
}

bool makeQueryBatch(const std::vector<RouteQuery>& qs, bool needsText, Eigen::Index embeddingDim, QueryBatch* b,
    int* badIndex, QString* error)
{
    *b = QueryBatch();
    if (embeddingDim > 0)
        b->embeddings.resize(Eigen::Index(qs.size()), embeddingDim);
    for (size_t i = 0; i < qs.size(); ++i) {
        const RouteQuery& q = qs[i];
        if (needsText && !q.hasText) {
            *badIndex = int(i);
            *error = embeddingDim > 0
                ? QStringLiteral("this router also needs \"text\" (its features include the query "
                                 "length)")
                : QStringLiteral("this router featurizes text: the query needs \"text\"");
            return false;
        }
        if (embeddingDim > 0) {
            if (Eigen::Index(q.embedding.size()) != embeddingDim) {
                *badIndex = int(i);
                *error = q.embedding.empty()
                    ? QStringLiteral("this router needs an \"embedding\" of %1 numbers").arg(embeddingDim)
                    : QStringLiteral("\"embedding\" has %1 numbers; this router needs %2")
                          .arg(q.embedding.size())
                          .arg(embeddingDim);
                return false;
            }
            std::copy(q.embedding.begin(), q.embedding.end(), b->embeddings.row(Eigen::Index(i)).data());
        }
        b->texts << q.text;
        b->tasks << q.task;
    }
    return true;
}

void appendJsonString(QByteArray& out, const QString& s)
{
    const QByteArray u = s.toUtf8();
    out += '"';
    for (char c : u) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendJsonNumber(QByteArray& out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

} // namespace crw
