#include "serve/ServeMetrics.h"

#include <cmath>
#include <cstdio>

namespace crw {

namespace {

const char* endpointLabel(int e)
{
    static const char* names[kServeEndpoints]
        = { "/v1/route", "/v1/chat/completions", "/healthz", "/v1/router", "/metrics", "other" };
    return names[e];
}

const char* errorLabel(int k)
{
    static const char* names[kServeErrorKinds]
        = { "bad_request", "unauthorized", "not_found", "method_not_allowed", "too_large", "internal", "transport" };
    return names[k];
}

// A Prometheus label value: backslash, quote and newline escaped.
QByteArray labelValue(const QString& s)
{
    QByteArray out;
    for (char c : s.toUtf8()) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void appendLine(QByteArray& o, const char* fmt, auto... args)
{
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, fmt, args...);
    o.append(buf, qsizetype(std::min(n, int(sizeof buf) - 1)));
}

} // namespace

ServeMetrics::ServeMetrics() = default;

int ServeMetrics::statusSlot(int status)
{
    for (size_t i = 0; i < kStatuses.size(); ++i)
        if (kStatuses[i] == status)
            return int(i);
    return int(kStatuses.size());
}

void ServeMetrics::recordRequest(ServeEndpoint endpoint, int status, double seconds)
{
    const int e = int(endpoint);
    m_requests[size_t(e)][size_t(statusSlot(status))].fetch_add(1, std::memory_order_relaxed);
    size_t b = 0;
    while (b < kBucketsSeconds.size() && seconds > kBucketsSeconds[b])
        ++b;
    m_latency[size_t(e)][b].fetch_add(1, std::memory_order_relaxed);
    m_latencySumNs[size_t(e)].fetch_add(uint64_t(std::llround(std::max(0.0, seconds) * 1e9)), std::memory_order_relaxed);
}

void ServeMetrics::recordError(ServeErrorKind kind)
{
    m_errors[size_t(kind)].fetch_add(1, std::memory_order_relaxed);
}

std::atomic<uint64_t>* ServeMetrics::decisionCounter(const QString& model)
{
    std::lock_guard lock(m_modelsLock);
    for (auto& [name, counter] : m_decisions)
        if (name == model)
            return &counter;
    m_decisions.emplace_back(std::piecewise_construct, std::forward_as_tuple(model), std::forward_as_tuple(0));
    return &m_decisions.back().second;
}

void ServeMetrics::recordReload(bool ok)
{
    (ok ? m_reloadsOk : m_reloadsRefused).fetch_add(1, std::memory_order_relaxed);
}

uint64_t ServeMetrics::requestsWithStatus(int status) const
{
    uint64_t n = 0;
    for (const auto& e : m_requests)
        n += e[size_t(statusSlot(status))].load(std::memory_order_relaxed);
    return n;
}

QByteArray ServeMetrics::prometheusText(const QString& routerPath, const QString& routerSha256, uint64_t generation) const
{
    QByteArray o;
    o += "# HELP crw_serve_requests_total HTTP requests answered, by endpoint and status code.\n"
         "# TYPE crw_serve_requests_total counter\n";
    for (int e = 0; e < kServeEndpoints; ++e)
        for (size_t s = 0; s <= kStatuses.size(); ++s) {
            const uint64_t v = m_requests[size_t(e)][s].load(std::memory_order_relaxed);
            if (v == 0)
                continue;
            const QByteArray code = s < kStatuses.size() ? QByteArray::number(kStatuses[s]) : QByteArray("other");
            appendLine(o, "crw_serve_requests_total{endpoint=\"%s\",code=\"%s\"} %llu\n", endpointLabel(e),
                code.constData(), static_cast<unsigned long long>(v));
        }
    o += "# HELP crw_serve_request_duration_seconds Time from a parsed request to its response, by endpoint.\n"
         "# TYPE crw_serve_request_duration_seconds histogram\n";
    for (int e = 0; e < kServeEndpoints; ++e) {
        uint64_t cum = 0;
        for (size_t b = 0; b <= kBucketsSeconds.size(); ++b) {
            cum += m_latency[size_t(e)][b].load(std::memory_order_relaxed);
            if (b < kBucketsSeconds.size())
                appendLine(o, "crw_serve_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %llu\n",
                    endpointLabel(e), kBucketsSeconds[b], static_cast<unsigned long long>(cum));
            else
                appendLine(o, "crw_serve_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %llu\n",
                    endpointLabel(e), static_cast<unsigned long long>(cum));
        }
        appendLine(o, "crw_serve_request_duration_seconds_sum{endpoint=\"%s\"} %.9f\n", endpointLabel(e),
            double(m_latencySumNs[size_t(e)].load(std::memory_order_relaxed)) * 1e-9);
        appendLine(o, "crw_serve_request_duration_seconds_count{endpoint=\"%s\"} %llu\n", endpointLabel(e),
            static_cast<unsigned long long>(cum));
    }
    o += "# HELP crw_serve_errors_total Failed requests by kind.\n# TYPE crw_serve_errors_total counter\n";
    for (int k = 0; k < kServeErrorKinds; ++k)
        appendLine(o, "crw_serve_errors_total{kind=\"%s\"} %llu\n", errorLabel(k),
            static_cast<unsigned long long>(m_errors[size_t(k)].load(std::memory_order_relaxed)));
    o += "# HELP crw_serve_queries_total Queries routed (each query of a batch counts).\n"
         "# TYPE crw_serve_queries_total counter\n";
    appendLine(o, "crw_serve_queries_total %llu\n", static_cast<unsigned long long>(m_queries.load()));
    o += "# HELP crw_serve_decisions_total Queries routed to each model.\n# TYPE crw_serve_decisions_total counter\n";
    {
        std::lock_guard lock(m_modelsLock);
        for (const auto& [name, counter] : m_decisions)
            appendLine(o, "crw_serve_decisions_total{model=\"%s\"} %llu\n", labelValue(name).constData(),
                static_cast<unsigned long long>(counter.load(std::memory_order_relaxed)));
    }
    o += "# HELP crw_serve_abstained_total Queries sent to the primary by the abstain rule (--abstain).\n"
         "# TYPE crw_serve_abstained_total counter\n";
    appendLine(o, "crw_serve_abstained_total %llu\n", static_cast<unsigned long long>(m_abstained.load()));
    o += "# HELP crw_serve_router_reloads_total Router reload attempts: ok (swapped in) or refused (old kept).\n"
         "# TYPE crw_serve_router_reloads_total counter\n";
    appendLine(o, "crw_serve_router_reloads_total{result=\"ok\"} %llu\n",
        static_cast<unsigned long long>(m_reloadsOk.load()));
    appendLine(o, "crw_serve_router_reloads_total{result=\"refused\"} %llu\n",
        static_cast<unsigned long long>(m_reloadsRefused.load()));
    o += "# HELP crw_serve_router_generation Router loads since start (1 = the file given at start).\n"
         "# TYPE crw_serve_router_generation gauge\n";
    appendLine(o, "crw_serve_router_generation %llu\n", static_cast<unsigned long long>(generation));
    o += "# HELP crw_serve_router_info The router being served.\n# TYPE crw_serve_router_info gauge\n";
    o += "crw_serve_router_info{path=\"" + labelValue(routerPath) + "\",sha256=\"" + labelValue(routerSha256)
        + "\"} 1\n";
    return o;
}

} // namespace crw
