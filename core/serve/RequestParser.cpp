#include "serve/RequestParser.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>
#include <cstring>
#include <simdjson.h>

namespace crw {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Named copies: iterating over get_object().value_unsafe() directly would iterate a dead temporary.
simdjson::dom::object objectOf(element v)
{
    return v.get_object().value_unsafe();
}

simdjson::dom::array arrayOf(element v)
{
    return v.get_array().value_unsafe();
}

// One parser and one padded input buffer per thread: simdjson parsers reuse their memory and are not thread-safe,
// and parse(..., realloc_if_needed = true) would allocate and copy a padded buffer on every call.
simdjson::dom::parser& threadParser()
{
    thread_local simdjson::dom::parser parser;
    return parser;
}

simdjson::error_code parseInto(std::string_view body, element* doc)
{
    thread_local std::vector<char> padded;
    if (padded.size() < body.size() + simdjson::SIMDJSON_PADDING)
        padded.resize(body.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded.data(), body.data(), body.size());
    return threadParser().parse(padded.data(), body.size(), false).get(*doc);
}

bool fail(RequestError* e, const QString& field, const QString& message)
{
    e->field = field;
    e->message = message;
    return false;
}

const char* typeName(element_type t)
{
    switch (t) {
    case element_type::ARRAY:
        return "an array";
    case element_type::OBJECT:
        return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
        return "a number";
    case element_type::STRING:
        return "a string";
    case element_type::BOOL:
        return "a boolean";
    case element_type::NULL_VALUE:
        return "null";
    }
    return "unknown";
}

// A JSON number as the double `route` reads for it (integers convert exactly or correctly rounded).
bool numberOf(element v, double* d)
{
    switch (v.type()) {
    case element_type::INT64:
        *d = double(int64_t(v.get_int64().value_unsafe()));
        return true;
    case element_type::UINT64:
        *d = double(uint64_t(v.get_uint64().value_unsafe()));
        return true;
    case element_type::DOUBLE:
        *d = v.get_double().value_unsafe();
        return std::isfinite(*d);
    default:
        return false;
    }
}

// The document, or a RequestError for malformed JSON (with the byte offset Qt's parser reports, when it agrees).
bool parseDocument(std::string_view body, element* doc, RequestError* e)
{
    if (body.empty())
        return fail(e, {}, QStringLiteral("empty body: expected a JSON object"));
    const auto err = parseInto(body, doc);
    if (!err) {
        if (doc->type() != element_type::OBJECT)
            return fail(e, {}, QStringLiteral("expected a JSON object, not %1").arg(typeName(doc->type())));
        return true;
    }
    QJsonParseError pe;
    QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), qsizetype(body.size())), &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(e, {}, QStringLiteral("malformed JSON at byte offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    return fail(e, {}, QStringLiteral("malformed JSON: %1").arg(QString::fromUtf8(simdjson::error_message(err))));
}

// Field names are built only when there is an error (no allocation per field on the happy path).
// A key as it appears in an error: control characters escaped, at most 100 bytes (a client can send any key).
QString path(std::string_view key)
{
    QByteArray out;
    for (size_t i = 0; i < key.size() && out.size() < 100; ++i) {
        const unsigned char c = static_cast<unsigned char>(key[i]);
        if (c < 0x20 || c == 0x7f)
            out += QByteArray("\\x") + QByteArray::number(c, 16).rightJustified(2, '0');
        else
            out += char(c);
    }
    if (out.size() >= 100 && key.size() > 100)
        out += "...";
    return QString::fromUtf8(out);
}

bool boolField(element v, std::string_view key, bool* out, RequestError* e)
{
    if (v.type() == element_type::NULL_VALUE)
        return true;
    if (v.type() != element_type::BOOL)
        return fail(e, path(key), QStringLiteral("\"%1\" must be a boolean, not %2").arg(path(key), typeName(v.type())));
    *out = v.get_bool().value_unsafe();
    return true;
}

bool stringField(element v, std::string_view key, QString* out, bool* present, RequestError* e)
{
    if (v.type() == element_type::NULL_VALUE)
        return true;
    if (v.type() != element_type::STRING)
        return fail(e, path(key), QStringLiteral("\"%1\" must be a string, not %2").arg(path(key), typeName(v.type())));
    const std::string_view s = v.get_string().value_unsafe();
    *out = QString::fromUtf8(s.data(), qsizetype(s.size()));
    if (present)
        *present = true;
    return true;
}

// Bit of a known key (for duplicate detection without allocating); 0 for other keys.
unsigned keyBit(std::string_view key)
{
    static constexpr std::string_view keys[] = { "text", "embedding", "id", "task", "queries", "explain",
        "uncertainty", "messages", "model", "stream", "causal_router" };
    for (unsigned i = 0; i < std::size(keys); ++i)
        if (keys[i] == key)
            return 1u << i;
    return 0;
}

// Rejects a known key seen before in the same object (simdjson keeps duplicates; `route` would silently take one).
// Unknown keys are refused or ignored by the caller.
bool firstTime(unsigned& seen, std::string_view key, RequestError* e)
{
    const unsigned bit = keyBit(key);
    if (seen & bit)
        return fail(e, path(key), QStringLiteral("duplicate field \"%1\"").arg(path(key)));
    seen |= bit;
    return true;
}

// One query field (text, task, id, embedding) into q. Returns false with *e set (field relative to the query) on a
// wrong type; *known is false for a key that is not a query field.
bool queryField(std::string_view key, element v, RouteQuery* q, bool* hasId, bool* known, RequestError* e)
{
    *known = true;
    if (key == "text")
        return stringField(v, key, &q->text, &q->hasText, e);
    if (key == "task")
        return stringField(v, key, &q->task, nullptr, e);
    if (key == "id") {
        if (v.type() == element_type::NULL_VALUE)
            return true;
        if (v.type() == element_type::STRING) {
            *hasId = true;
            return stringField(v, key, &q->id, nullptr, e);
        }
        double d = 0;
        if (!numberOf(v, &d))
            return fail(e, path(key), QStringLiteral("\"id\" must be a string or a number, not %1").arg(typeName(v.type())));
        q->id = QString::number(d, 'g', 17); // as `route` prints a numeric id
        *hasId = true;
        return true;
    }
    if (key == "embedding") {
        if (v.type() == element_type::NULL_VALUE)
            return true;
        if (v.type() != element_type::ARRAY)
            return fail(e, path(key),
                QStringLiteral("\"embedding\" must be an array of numbers, not %1").arg(typeName(v.type())));
        const simdjson::dom::array arr = arrayOf(v);
        q->embedding.reserve(arr.size());
        size_t i = 0;
        for (element x : arr) {
            double d = 0;
            if (!numberOf(x, &d))
                return fail(e, QStringLiteral("embedding[%1]").arg(i),
                    QStringLiteral("\"embedding\" must hold finite numbers only; element %1 is %2")
                        .arg(i)
                        .arg(typeName(x.type())));
            q->embedding.push_back(d);
            ++i;
        }
        return true;
    }
    *known = false;
    return true;
}

bool finishQuery(RouteQuery* q, bool hasId, qint64 position, RequestError* e)
{
    if (!hasId)
        q->id = QString::number(position);
    if (!q->hasText && q->embedding.empty())
        return fail(e, {}, QStringLiteral("a query needs \"text\" or \"embedding\""));
    return true;
}

// Puts prefix in front of the field an error names (queries[3] + embedding = queries[3].embedding).
bool prefixed(const QString& prefix, RequestError* e)
{
    e->field = e->field.isEmpty() ? prefix : prefix + '.' + e->field;
    e->message = QStringLiteral("%1: %2").arg(prefix, e->message);
    return false;
}

bool parseQueryObject(element v, qint64 position, RouteQuery* q, RequestError* e)
{
    if (v.type() != element_type::OBJECT)
        return fail(e, {}, QStringLiteral("a query must be an object, not %1").arg(typeName(v.type())));
    bool hasId = false;
    unsigned seen = 0;
    for (auto f : objectOf(v)) {
        bool known = false;
        if (!firstTime(seen, f.key, e) || !queryField(f.key, f.value, q, &hasId, &known, e))
            return false;
        if (!known)
            return fail(e, path(f.key),
                QStringLiteral("unknown field \"%1\" (known: text, embedding, id, task)").arg(path(f.key)));
    }
    return finishQuery(q, hasId, position, e);
}

} // namespace

bool parseRouteRequest(std::string_view body, int maxBatch, RouteRequest* out, RequestError* e)
{
    *out = RouteRequest();
    element doc;
    if (!parseDocument(body, &doc, e))
        return false;
    out->queries.resize(1);
    RouteQuery& single = out->queries[0];
    bool hasId = false, anyQueryField = false;
    element queries;
    bool hasQueries = false;
    unsigned seen = 0;
    for (auto f : objectOf(doc)) {
        if (!firstTime(seen, f.key, e))
            return false;
        if (f.key == "queries") {
            queries = f.value;
            hasQueries = true;
        } else if (f.key == "explain") {
            if (!boolField(f.value, f.key, &out->explain, e))
                return false;
        } else if (f.key == "uncertainty") {
            if (!boolField(f.value, f.key, &out->uncertainty, e))
                return false;
        } else {
            bool known = false;
            if (!queryField(f.key, f.value, &single, &hasId, &known, e))
                return false;
            if (!known)
                return fail(e, path(f.key),
                    QStringLiteral("unknown field \"%1\" (known: text, embedding, id, task, queries, explain, "
                                   "uncertainty)")
                        .arg(path(f.key)));
            anyQueryField = true;
        }
    }
    if (!hasQueries)
        return finishQuery(&single, hasId, 1, e);
    if (anyQueryField)
        return fail(e, QStringLiteral("queries"),
            QStringLiteral("a batch request puts every query inside \"queries\"; top-level query fields are not "
                           "allowed with it"));
    if (queries.type() != element_type::ARRAY)
        return fail(e, QStringLiteral("queries"),
            QStringLiteral("\"queries\" must be an array of query objects, not %1").arg(typeName(queries.type())));
    const simdjson::dom::array arr = arrayOf(queries);
    const size_t n = arr.size();
    if (n == 0)
        return fail(e, QStringLiteral("queries"), QStringLiteral("\"queries\" is empty"));
    if (n > size_t(maxBatch))
        return fail(e, QStringLiteral("queries"),
            QStringLiteral("\"queries\" holds %1 queries; at most %2 per request").arg(n).arg(maxBatch));
    out->batch = true;
    out->queries.assign(n, RouteQuery());
    size_t i = 0;
    for (element q : arr) {
        if (!parseQueryObject(q, qint64(i) + 1, &out->queries[i], e))
            return prefixed(QStringLiteral("queries[%1]").arg(i), e);
        ++i;
    }
    return true;
}

bool parseChatRouteRequest(std::string_view body, ChatRouteRequest* out, RequestError* e)
{
    *out = ChatRouteRequest();
    element doc;
    if (!parseDocument(body, &doc, e))
        return false;
    element messages, ext;
    bool hasMessages = false, hasExt = false;
    unsigned seen = 0;
    for (auto f : objectOf(doc)) {
        if (!firstTime(seen, f.key, e))
            return false;
        if (f.key == "messages") {
            messages = f.value;
            hasMessages = true;
        } else if (f.key == "model") {
            if (!stringField(f.value, f.key, &out->requestedModel, nullptr, e))
                return false;
        } else if (f.key == "stream") {
            bool stream = false;
            if (!boolField(f.value, f.key, &stream, e))
                return false;
            if (stream)
                return fail(e, QStringLiteral("stream"),
                    QStringLiteral("\"stream\": true is not supported: this endpoint only routes and answers at once"));
        } else if (f.key == "causal_router") {
            ext = f.value;
            hasExt = true;
        }
        // Every other OpenAI field (temperature, max_tokens, tools, ...) is irrelevant to routing.
    }
    if (!hasMessages)
        return fail(e, QStringLiteral("messages"), QStringLiteral("missing field \"messages\""));
    if (messages.type() != element_type::ARRAY)
        return fail(e, QStringLiteral("messages"),
            QStringLiteral("\"messages\" must be an array, not %1").arg(typeName(messages.type())));
    size_t i = 0;
    long lastUser = -1;
    element lastContent;
    for (element m : arrayOf(messages)) {
        auto field = [&] { return QStringLiteral("messages[%1]").arg(i); };
        if (m.type() != element_type::OBJECT)
            return fail(e, field(), QStringLiteral("\"%1\" must be an object, not %2").arg(field(), typeName(m.type())));
        element role, content;
        if (m["role"].get(role) || role.type() != element_type::STRING)
            return fail(e, field() + ".role", QStringLiteral("\"%1.role\" must be a string").arg(field()));
        if (role.get_string().value_unsafe() == "user") {
            if (m["content"].get(content))
                return fail(e, field() + ".content", QStringLiteral("missing field \"%1.content\"").arg(field()));
            if (content.type() != element_type::STRING && content.type() != element_type::ARRAY)
                return fail(e, field() + ".content",
                    QStringLiteral("\"%1.content\" must be a string or an array of content parts, not %2")
                        .arg(field(), typeName(content.type())));
            lastUser = long(i);
            lastContent = content;
        }
        ++i;
    }
    if (lastUser < 0)
        return fail(e, QStringLiteral("messages"), QStringLiteral("\"messages\" has no message with role \"user\""));
    QString text;
    if (lastContent.type() == element_type::STRING) {
        const std::string_view s = lastContent.get_string().value_unsafe();
        text = QString::fromUtf8(s.data(), qsizetype(s.size()));
    } else {
        size_t j = 0;
        bool any = false;
        for (element part : arrayOf(lastContent)) {
            const QString pf = QStringLiteral("messages[%1].content[%2]").arg(lastUser).arg(j++);
            element type, ptext;
            if (part.type() != element_type::OBJECT || part["type"].get(type) || type.type() != element_type::STRING)
                return fail(e, pf, QStringLiteral("\"%1\" must be an object with a string \"type\"").arg(pf));
            if (type.get_string().value_unsafe() != "text")
                continue; // images and audio do not enter text routing
            if (part["text"].get(ptext) || ptext.type() != element_type::STRING)
                return fail(e, pf + ".text", QStringLiteral("\"%1.text\" must be a string").arg(pf));
            const std::string_view s = ptext.get_string().value_unsafe();
            if (any)
                text += '\n';
            text += QString::fromUtf8(s.data(), qsizetype(s.size()));
            any = true;
        }
    }
    out->query.text = text;
    out->query.hasText = true;
    bool hasId = false;
    if (hasExt) {
        if (ext.type() != element_type::OBJECT)
            return fail(e, QStringLiteral("causal_router"),
                QStringLiteral("\"causal_router\" must be an object, not %1").arg(typeName(ext.type())));
        unsigned seenExt = 0;
        for (auto f : objectOf(ext)) {
            RequestError inner;
            bool ok = firstTime(seenExt, f.key, &inner);
            if (ok && f.key == "explain") {
                if (!boolField(f.value, f.key, &out->explain, &inner))
                    return prefixed(QStringLiteral("causal_router"), (*e = inner, e));
                continue;
            }
            if (ok && f.key == "text")
                ok = fail(&inner, path(f.key), QStringLiteral("the text to route comes from \"messages\""));
            bool known = true;
            if (ok)
                ok = queryField(f.key, f.value, &out->query, &hasId, &known, &inner);
            if (ok && !known)
                ok = fail(&inner, path(f.key),
                    QStringLiteral("unknown field \"%1\" (known: id, task, embedding, explain)").arg(path(f.key)));
            if (!ok) {
                *e = inner;
                return prefixed(QStringLiteral("causal_router"), e);
            }
        }
    }
    if (!hasId)
        out->query.id = QStringLiteral("1");
    return true;
}

} // namespace crw
