#include "serve/RequestParser.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>
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

// One parser per thread: simdjson parsers reuse their buffers and are not thread-safe.
simdjson::dom::parser& threadParser()
{
    thread_local simdjson::dom::parser parser;
    return parser;
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

QString path(const QString& prefix, std::string_view key)
{
    const QString k = QString::fromUtf8(key.data(), qsizetype(key.size()));
    return prefix.isEmpty() ? k : prefix + '.' + k;
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
    const auto err = threadParser().parse(body.data(), body.size(), true).get(*doc);
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

bool boolField(element v, const QString& field, bool* out, RequestError* e)
{
    if (v.type() == element_type::NULL_VALUE)
        return true;
    if (v.type() != element_type::BOOL)
        return fail(e, field, QStringLiteral("\"%1\" must be a boolean, not %2").arg(field, typeName(v.type())));
    *out = v.get_bool().value_unsafe();
    return true;
}

bool stringField(element v, const QString& field, QString* out, bool* present, RequestError* e)
{
    if (v.type() == element_type::NULL_VALUE)
        return true;
    if (v.type() != element_type::STRING)
        return fail(e, field, QStringLiteral("\"%1\" must be a string, not %2").arg(field, typeName(v.type())));
    const std::string_view s = v.get_string().value_unsafe();
    *out = QString::fromUtf8(s.data(), qsizetype(s.size()));
    if (present)
        *present = true;
    return true;
}

// One query field (text, task, id, embedding) into q. Returns false with *e set on a wrong type; *known is false
// for a key that is not a query field.
bool queryField(std::string_view key, element v, const QString& prefix, RouteQuery* q, bool* hasId, bool* known,
    RequestError* e)
{
    *known = true;
    const QString field = path(prefix, key);
    if (key == "text")
        return stringField(v, field, &q->text, &q->hasText, e);
    if (key == "task")
        return stringField(v, field, &q->task, nullptr, e);
    if (key == "id") {
        if (v.type() == element_type::NULL_VALUE)
            return true;
        if (v.type() == element_type::STRING) {
            *hasId = true;
            return stringField(v, field, &q->id, nullptr, e);
        }
        double d = 0;
        if (!numberOf(v, &d))
            return fail(e, field, QStringLiteral("\"%1\" must be a string or a number, not %2").arg(field, typeName(v.type())));
        q->id = QString::number(d, 'g', 17); // as `route` prints a numeric id
        *hasId = true;
        return true;
    }
    if (key == "embedding") {
        if (v.type() == element_type::NULL_VALUE)
            return true;
        if (v.type() != element_type::ARRAY)
            return fail(e, field, QStringLiteral("\"%1\" must be an array of numbers, not %2").arg(field, typeName(v.type())));
        const simdjson::dom::array arr = arrayOf(v);
        q->embedding.reserve(arr.size());
        size_t i = 0;
        for (element x : arr) {
            double d = 0;
            if (!numberOf(x, &d))
                return fail(e, QStringLiteral("%1[%2]").arg(field).arg(i),
                    QStringLiteral("\"%1\" must hold finite numbers only; element %2 is %3")
                        .arg(field)
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

bool finishQuery(RouteQuery* q, bool hasId, qint64 position, const QString& prefix, RequestError* e)
{
    if (!hasId)
        q->id = QString::number(position);
    if (!q->hasText && q->embedding.empty())
        return fail(e, prefix, QStringLiteral("a query needs \"text\" or \"embedding\"%1")
                                   .arg(prefix.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(prefix)));
    return true;
}

// Rejects a key seen before in the same object (simdjson keeps duplicates; `route` would silently take one).
bool firstTime(std::vector<std::string_view>& seen, std::string_view key, const QString& field, RequestError* e)
{
    for (const auto& k : seen)
        if (k == key)
            return fail(e, field, QStringLiteral("duplicate field \"%1\"").arg(field));
    seen.push_back(key);
    return true;
}

bool parseQueryObject(element v, const QString& prefix, qint64 position, RouteQuery* q, RequestError* e)
{
    if (v.type() != element_type::OBJECT)
        return fail(e, prefix, QStringLiteral("\"%1\" must be an object, not %2").arg(prefix, typeName(v.type())));
    bool hasId = false;
    std::vector<std::string_view> seen;
    for (auto f : objectOf(v)) {
        bool known = false;
        if (!firstTime(seen, f.key, path(prefix, f.key), e) || !queryField(f.key, f.value, prefix, q, &hasId, &known, e))
            return false;
        if (!known)
            return fail(e, path(prefix, f.key),
                QStringLiteral("unknown field \"%1\" (known: text, embedding, id, task)").arg(path(prefix, f.key)));
    }
    return finishQuery(q, hasId, position, prefix, e);
}

} // namespace

bool parseRouteRequest(std::string_view body, int maxBatch, RouteRequest* out, RequestError* e)
{
    *out = RouteRequest();
    element doc;
    if (!parseDocument(body, &doc, e))
        return false;
    RouteQuery single;
    bool hasId = false, anyQueryField = false;
    element queries;
    bool hasQueries = false;
    std::vector<std::string_view> seen;
    for (auto f : objectOf(doc)) {
        const QString field = path({}, f.key);
        if (!firstTime(seen, f.key, field, e))
            return false;
        if (f.key == "queries") {
            queries = f.value;
            hasQueries = true;
        } else if (f.key == "explain") {
            if (!boolField(f.value, field, &out->explain, e))
                return false;
        } else if (f.key == "uncertainty") {
            if (!boolField(f.value, field, &out->uncertainty, e))
                return false;
        } else {
            bool known = false;
            if (!queryField(f.key, f.value, {}, &single, &hasId, &known, e))
                return false;
            if (!known)
                return fail(e, field,
                    QStringLiteral("unknown field \"%1\" (known: text, embedding, id, task, queries, explain, "
                                   "uncertainty)")
                        .arg(field));
            anyQueryField = true;
        }
    }
    if (!hasQueries) {
        if (!finishQuery(&single, hasId, 1, {}, e))
            return false;
        out->queries.push_back(std::move(single));
        return true;
    }
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
    out->queries.resize(n);
    size_t i = 0;
    for (element q : arr) {
        if (!parseQueryObject(q, QStringLiteral("queries[%1]").arg(i), qint64(i) + 1, &out->queries[i], e))
            return false;
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
    std::vector<std::string_view> seen;
    for (auto f : objectOf(doc)) {
        const QString field = path({}, f.key);
        if (!firstTime(seen, f.key, field, e))
            return false;
        if (f.key == "messages") {
            messages = f.value;
            hasMessages = true;
        } else if (f.key == "model") {
            if (!stringField(f.value, field, &out->requestedModel, nullptr, e))
                return false;
        } else if (f.key == "stream") {
            bool stream = false;
            if (!boolField(f.value, field, &stream, e))
                return false;
            if (stream)
                return fail(e, field,
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
    QString text;
    for (element m : arrayOf(messages)) {
        const QString field = QStringLiteral("messages[%1]").arg(i);
        if (m.type() != element_type::OBJECT)
            return fail(e, field, QStringLiteral("\"%1\" must be an object, not %2").arg(field, typeName(m.type())));
        element role, content;
        if (m["role"].get(role) || role.type() != element_type::STRING)
            return fail(e, field + ".role", QStringLiteral("\"%1.role\" must be a string").arg(field));
        if (role.get_string().value_unsafe() == "user") {
            if (m["content"].get(content))
                return fail(e, field + ".content", QStringLiteral("missing field \"%1.content\"").arg(field));
            QString t;
            if (content.type() == element_type::STRING) {
                const std::string_view s = content.get_string().value_unsafe();
                t = QString::fromUtf8(s.data(), qsizetype(s.size()));
            } else if (content.type() == element_type::ARRAY) {
                size_t j = 0;
                bool any = false;
                for (element part : arrayOf(content)) {
                    const QString pf = QStringLiteral("%1.content[%2]").arg(field).arg(j++);
                    element type, ptext;
                    if (part.type() != element_type::OBJECT || part["type"].get(type)
                        || type.type() != element_type::STRING)
                        return fail(e, pf, QStringLiteral("\"%1\" must be an object with a string \"type\"").arg(pf));
                    if (type.get_string().value_unsafe() != "text")
                        continue; // images and audio do not enter text routing
                    if (part["text"].get(ptext) || ptext.type() != element_type::STRING)
                        return fail(e, pf + ".text", QStringLiteral("\"%1.text\" must be a string").arg(pf));
                    const std::string_view s = ptext.get_string().value_unsafe();
                    if (any)
                        t += '\n';
                    t += QString::fromUtf8(s.data(), qsizetype(s.size()));
                    any = true;
                }
            } else {
                return fail(e, field + ".content",
                    QStringLiteral("\"%1.content\" must be a string or an array of content parts, not %2")
                        .arg(field, typeName(content.type())));
            }
            lastUser = long(i);
            text = t;
        }
        ++i;
    }
    if (lastUser < 0)
        return fail(e, QStringLiteral("messages"), QStringLiteral("\"messages\" has no message with role \"user\""));
    out->query.text = text;
    out->query.hasText = true;
    bool hasId = false;
    if (hasExt) {
        if (ext.type() != element_type::OBJECT)
            return fail(e, QStringLiteral("causal_router"),
                QStringLiteral("\"causal_router\" must be an object, not %1").arg(typeName(ext.type())));
        std::vector<std::string_view> seenExt;
        for (auto f : objectOf(ext)) {
            const QString field = path(QStringLiteral("causal_router"), f.key);
            if (!firstTime(seenExt, f.key, field, e))
                return false;
            if (f.key == "explain") {
                if (!boolField(f.value, field, &out->explain, e))
                    return false;
                continue;
            }
            if (f.key == "text")
                return fail(e, field, QStringLiteral("the text to route comes from \"messages\", not \"%1\"").arg(field));
            bool known = false;
            if (!queryField(f.key, f.value, QStringLiteral("causal_router"), &out->query, &hasId, &known, e))
                return false;
            if (!known)
                return fail(e, field,
                    QStringLiteral("unknown field \"%1\" (known: id, task, embedding, explain)").arg(field));
        }
    }
    if (!hasId)
        out->query.id = QStringLiteral("1");
    return true;
}

} // namespace crw
