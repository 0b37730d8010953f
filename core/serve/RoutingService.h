#pragma once
// What `causal-router serve` answers, independent of the HTTP library: one request in, one reply out. The HTTP
// transport (HttpServer) only moves bytes; tests, the fuzz target and the benchmark call this class directly too.
#include "serve/RouterHolder.h"
#include "serve/ServeMetrics.h"

#include <QByteArray>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crw {

/// A request as the transport received it.
struct ServeRequest {
    std::string_view method; // "GET", "POST", ...
    std::string_view path; // without the query string
    std::string_view authorization; // the Authorization header ("" when absent)
    std::string_view body;
};

/// The reply to send.
struct ServeReply {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Service-wide settings from the command line.
struct RoutingServiceOptions {
    QByteArray token; // non-empty: every endpoint but /healthz needs "Authorization: Bearer <token>"
    int maxBatch = 1024; // most queries in one {"queries": [...]} request
    bool abstain = false; // --abstain Z: the abstain rule on every decision (adds psi_se and "abstained")
    double abstainZ = 0;
};

class RoutingService {
public:
    /// holder and metrics must outlive the service.
    RoutingService(RouterHolder& holder, ServeMetrics& metrics, RoutingServiceOptions options);

    /// Answers one request: /v1/route, /v1/chat/completions, /healthz, /v1/router, /metrics; 400 with a JSON error
    /// naming the field for a bad body, 401 without the token, 404/405 otherwise. Never throws: an unexpected
    /// exception becomes a 500 with its message. Safe to call from many threads at once.
    ServeReply handle(const ServeRequest& request) const;

    /// A JSON error reply {"error": {"message", "type", "field", "code"}} (the transport uses it for its own
    /// errors: body too large, malformed HTTP, timeouts).
    static ServeReply errorReply(int status, const QString& message, const QString& field = {});

    ServeMetrics& metrics() const { return m_metrics; }

private:
    ServeReply route(std::string_view body, const ServedRouter& served) const;
    ServeReply chat(std::string_view body, const ServedRouter& served) const;
    ServeReply routerInfo(const ServedRouter& served) const;
    bool authorized(std::string_view header) const;

    RouterHolder& m_holder;
    ServeMetrics& m_metrics;
    RoutingServiceOptions m_options;
};

} // namespace crw
