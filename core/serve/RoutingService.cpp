#include "serve/RoutingService.h"

#include "routing/RouteBatch.h"
#include "serve/RequestParser.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>

namespace crw {

namespace {

ServeEndpoint endpointOf(std::string_view path)
{
    if (path == "/v1/route")
        return ServeEndpoint::Route;
    if (path == "/v1/chat/completions")
        return ServeEndpoint::ChatCompletions;
    if (path == "/healthz")
        return ServeEndpoint::Healthz;
    if (path == "/v1/router")
        return ServeEndpoint::RouterInfo;
    if (path == "/metrics")
        return ServeEndpoint::Metrics;
    return ServeEndpoint::Other;
}

ServeErrorKind errorKindOf(int status)
{
    switch (status) {
    case 400:
        return ServeErrorKind::BadRequest;
    case 401:
        return ServeErrorKind::Unauthorized;
    case 404:
        return ServeErrorKind::NotFound;
    case 405:
        return ServeErrorKind::MethodNotAllowed;
    case 413:
        return ServeErrorKind::TooLarge;
    case 500:
        return ServeErrorKind::Internal;
    default:
        return ServeErrorKind::Transport;
    }
}

// Compares in time independent of where the first difference is (no early exit on the token's bytes).
bool constantTimeEqual(std::string_view a, const QByteArray& b)
{
    unsigned diff = unsigned(a.size() != size_t(b.size()));
    const size_t n = std::min(a.size(), size_t(b.size()));
    for (size_t i = 0; i < n; ++i)
        diff |= unsigned(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[qsizetype(i)]));
    return diff == 0;
}

// Checks what makeQueryBatch would refuse, naming the field (queries[i].text / .embedding).
bool checkQueries(const Router& r, const std::vector<RouteQuery>& qs, bool batch, RequestError* e)
{
    for (size_t i = 0; i < qs.size(); ++i) {
        const QString prefix = batch ? QStringLiteral("queries[%1].").arg(i) : QString();
        const RouteQuery& q = qs[i];
        if (r.needsText() && !q.hasText) {
            e->field = prefix + "text";
            e->message = r.embeddingDim() > 0
                ? QStringLiteral("this router also needs \"text\" (its features include the query length)")
                : QStringLiteral("this router featurizes text: the query needs \"text\"");
            return false;
        }
        if (r.embeddingDim() > 0 && Eigen::Index(q.embedding.size()) != r.embeddingDim()) {
            e->field = prefix + "embedding";
            e->message = q.embedding.empty()
                ? QStringLiteral("this router needs an \"embedding\" of %1 numbers").arg(r.embeddingDim())
                : QStringLiteral("\"embedding\" has %1 numbers; this router needs %2")
                      .arg(q.embedding.size())
                      .arg(r.embeddingDim());
            return false;
        }
    }
    return true;
}

void addRouterHeaders(ServeReply& reply, const ServedRouter& served)
{
    reply.headers.emplace_back("X-Causal-Router-Sha256", served.sha256.toStdString());
    reply.headers.emplace_back("X-Causal-Router-Generation", std::to_string(served.generation));
}

std::string toStd(const QByteArray& b)
{
    return std::string(b.constData(), size_t(b.size()));
}

} // namespace

RoutingService::RoutingService(RouterHolder& holder, ServeMetrics& metrics, RoutingServiceOptions options)
    : m_holder(holder)
    , m_metrics(metrics)
    , m_options(std::move(options))
{
}

ServeReply RoutingService::errorReply(int status, const QString& message, const QString& field)
{
    QByteArray b = "{\"error\":{\"message\":";
    appendJsonString(b, message);
    b += ",\"type\":";
    appendJsonString(b,
        status == 401 ? QStringLiteral("authentication_error")
            : status >= 500 ? QStringLiteral("server_error")
                            : QStringLiteral("invalid_request_error"));
    b += ",\"field\":";
    if (field.isEmpty())
        b += "null";
    else
        appendJsonString(b, field);
    b += ",\"code\":" + QByteArray::number(status) + "}}";
    ServeReply r;
    r.status = status;
    r.body = toStd(b);
    if (status == 401)
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
}

bool RoutingService::authorized(std::string_view header) const
{
    if (m_options.token.isEmpty())
        return true;
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() < scheme.size())
        return false;
    for (size_t i = 0; i < scheme.size(); ++i) // the scheme is case-insensitive (RFC 7235)
        if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(scheme[i])))
            return false;
    return constantTimeEqual(header.substr(scheme.size()), m_options.token);
}

ServeReply RoutingService::handle(const ServeRequest& req) const
{
    const auto t0 = std::chrono::steady_clock::now();
    const ServeEndpoint ep = endpointOf(req.path);
    ServeReply reply;
    try {
        const bool post = ep == ServeEndpoint::Route || ep == ServeEndpoint::ChatCompletions;
        if (ep == ServeEndpoint::Other) {
            reply = errorReply(404,
                QStringLiteral("no such endpoint (endpoints: POST /v1/route, POST /v1/chat/completions, GET /healthz, "
                               "GET /v1/router, GET /metrics)"));
        } else if (ep != ServeEndpoint::Healthz && !authorized(req.authorization)) {
            reply = errorReply(401,
                req.authorization.empty() ? QStringLiteral("missing \"Authorization: Bearer <token>\" header")
                                          : QStringLiteral("wrong token"));
        } else if (req.method != (post ? "POST" : "GET") && !(!post && req.method == "HEAD")) {
            reply = errorReply(405, QStringLiteral("method %1 not allowed here; use %2")
                                        .arg(QString::fromUtf8(req.method.data(), qsizetype(req.method.size())),
                                            post ? QStringLiteral("POST") : QStringLiteral("GET")));
            reply.headers.emplace_back("Allow", post ? "POST" : "GET, HEAD");
        } else {
            const auto served = m_holder.current(); // one snapshot for the whole request
            switch (ep) {
            case ServeEndpoint::Route:
                reply = route(req.body, *served);
                break;
            case ServeEndpoint::ChatCompletions:
                reply = chat(req.body, *served);
                break;
            case ServeEndpoint::Healthz: {
                QByteArray b = "{\"status\":\"ok\",\"generation\":" + QByteArray::number(qulonglong(served->generation))
                    + ",\"sha256\":\"" + served->sha256.toLatin1() + "\"}";
                reply.body = toStd(b);
                break;
            }
            case ServeEndpoint::RouterInfo:
                reply = routerInfo(*served);
                break;
            case ServeEndpoint::Metrics:
                reply.body = toStd(m_metrics.prometheusText(served->path, served->sha256, served->generation));
                reply.contentType = "text/plain; version=0.0.4; charset=utf-8";
                break;
            case ServeEndpoint::Other:
                break;
            }
        }
    } catch (const std::exception& e) {
        reply = errorReply(500, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        reply = errorReply(500, QStringLiteral("internal error"));
    }
    if (reply.status >= 400)
        m_metrics.recordError(errorKindOf(reply.status));
    m_metrics.recordRequest(ep, reply.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return reply;
}

ServeReply RoutingService::route(std::string_view body, const ServedRouter& served) const
{
    RouteRequest rq;
    RequestError e;
    if (!parseRouteRequest(body, m_options.maxBatch, &rq, &e))
        return errorReply(400, e.message, e.field);
    const Router& r = *served.router;
    if (rq.uncertainty && !r.hasUncertainty())
        return errorReply(400,
            QStringLiteral("this router file has no bootstrap replicates, so no psi_se (export it from a run trained "
                           "with --bootstrap N)"),
            QStringLiteral("uncertainty"));
    if (!checkQueries(r, rq.queries, rq.batch, &e))
        return errorReply(400, e.message, e.field);
    RouteOptions opt;
    opt.explain = rq.explain;
    opt.uncertainty = rq.uncertainty;
    opt.abstain = m_options.abstain;
    opt.abstainZ = m_options.abstainZ;
    RoutedBatch result;
    int bad = -1;
    QString err;
    if (!routeQueries(r, rq.queries, opt, &result, &bad, &err))
        return errorReply(400, err, rq.batch ? QStringLiteral("queries[%1]").arg(bad) : QString());
    QByteArray b;
    b.reserve(qsizetype(rq.queries.size()) * 96 + 32);
    if (rq.batch)
        b += "{\"decisions\":[";
    uint64_t abstained = 0;
    for (size_t i = 0; i < rq.queries.size(); ++i) {
        if (i)
            b += ',';
        appendDecisionJson(b, r, rq.queries[i], result, Eigen::Index(i), rq.explain);
        const int m = result.decisions.chosen[i];
        if (auto* c = served.decisionCounters[size_t(m)])
            c->fetch_add(1, std::memory_order_relaxed);
        if (!result.decisions.abstained.empty() && result.decisions.abstained[i])
            ++abstained;
    }
    if (rq.batch)
        b += "]}";
    m_metrics.recordQueries(rq.queries.size());
    if (abstained)
        m_metrics.recordAbstained(abstained);
    ServeReply reply;
    reply.body = toStd(b);
    addRouterHeaders(reply, served);
    return reply;
}

ServeReply RoutingService::chat(std::string_view body, const ServedRouter& served) const
{
    ChatRouteRequest rq;
    RequestError e;
    if (!parseChatRouteRequest(body, &rq, &e))
        return errorReply(400, e.message, e.field);
    const Router& r = *served.router;
    const std::vector<RouteQuery> qs { rq.query };
    if (!checkQueries(r, qs, false, &e)) {
        if (e.field == "embedding")
            e.field = QStringLiteral("causal_router.embedding");
        else if (e.field == "text")
            e.field = QStringLiteral("messages");
        return errorReply(400, e.message, e.field);
    }
    RouteOptions opt;
    opt.explain = rq.explain;
    opt.abstain = m_options.abstain;
    opt.abstainZ = m_options.abstainZ;
    RoutedBatch result;
    int bad = -1;
    QString err;
    if (!routeQueries(r, qs, opt, &result, &bad, &err))
        return errorReply(400, err);
    const RouteDecisions& d = result.decisions;
    const RouterModel& chosen = r.spec().models[size_t(d.chosen[0])];
    if (auto* c = served.decisionCounters[size_t(d.chosen[0])])
        c->fetch_add(1, std::memory_order_relaxed);
    m_metrics.recordQueries(1);
    if (!d.abstained.empty() && d.abstained[0])
        m_metrics.recordAbstained(1);
    QByteArray decision;
    appendDecisionJson(decision, r, rq.query, result, 0, rq.explain);
    static std::atomic<uint64_t> counter { 0 };
    QByteArray b = "{\"id\":\"crw-route-" + QByteArray::number(qulonglong(counter.fetch_add(1) + 1))
        + "\",\"object\":\"chat.completion\",\"created\":"
        + QByteArray::number(QDateTime::currentSecsSinceEpoch()) + ",\"model\":";
    appendJsonString(b, chosen.name);
    b += ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":"
         "\"stop\"}],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0},"
         "\"causal_router\":";
    b += decision;
    if (!rq.requestedModel.isEmpty()) {
        b += ",\"requested_model\":";
        appendJsonString(b, rq.requestedModel);
    }
    b += '}';
    ServeReply reply;
    reply.body = toStd(b);
    reply.headers.emplace_back("X-Causal-Router-Model", chosen.name.toStdString());
    QByteArray num;
    appendJsonNumber(num, d.margin[0]);
    reply.headers.emplace_back("X-Causal-Router-Margin", toStd(num));
    num.clear();
    appendJsonNumber(num, chosen.cost);
    reply.headers.emplace_back("X-Causal-Router-Cost", toStd(num));
    addRouterHeaders(reply, served);
    return reply;
}

ServeReply RoutingService::routerInfo(const ServedRouter& served) const
{
    const Router& r = *served.router;
    const RouterSpec& s = r.spec();
    QJsonObject o;
    o["path"] = served.path;
    o["sha256"] = served.sha256;
    o["generation"] = double(served.generation);
    o["loaded_at"] = served.loadedAt.toString(Qt::ISODate);
    o["format"] = QString::fromLatin1(kRouterFormat);
    QJsonArray models;
    for (const auto& m : s.models)
        models.append(QJsonObject { { "name", m.name }, { "cost", m.cost }, { "cost_source", m.costSource } });
    o["models"] = models;
    o["reference"] = s.reference;
    o["cost_weight"] = s.costWeight;
    QJsonObject thresholds;
    for (size_t k = 0; k < s.quality.size(); ++k)
        thresholds[s.quality[k].model] = s.thresholds[k];
    o["thresholds"] = thresholds;
    o["threshold"] = s.quality.size() == 1 ? QJsonValue(s.thresholds[0]) : QJsonValue(QJsonValue::Null);
    o["trained_on"] = s.trainedOn;
    o["trained_at"] = s.trainedOn.value("created").isString() ? s.trainedOn.value("created") : QJsonValue(QJsonValue::Null);
    o["featurizer"] = s.featurizer.value("family");
    o["needs_text"] = r.needsText();
    o["embedding_dim"] = double(r.embeddingDim());
    o["uncertainty"] = r.hasUncertainty();
    o["abstain_z"] = m_options.abstain ? QJsonValue(m_options.abstainZ) : QJsonValue(QJsonValue::Null);
    o["max_batch"] = m_options.maxBatch;
    ServeReply reply;
    reply.body = toStd(QJsonDocument(o).toJson(QJsonDocument::Compact));
    addRouterHeaders(reply, served);
    return reply;
}

} // namespace crw
