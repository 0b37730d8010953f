#pragma once
// Counters of `causal-router serve`, rendered as Prometheus text (GET /metrics). Lock-free on the request path:
// every counter is a std::atomic; only creating a per-model decision counter (at router load) takes a lock.
#include <QByteArray>
#include <QString>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace crw {

/// The endpoints counted separately; Other is everything else (404s).
enum class ServeEndpoint { Route, ChatCompletions, Healthz, RouterInfo, Metrics, Other };
inline constexpr int kServeEndpoints = 6;

/// Why a request failed (crw_serve_errors_total{kind=...}).
enum class ServeErrorKind { BadRequest, Unauthorized, NotFound, MethodNotAllowed, TooLarge, Internal, Transport };
inline constexpr int kServeErrorKinds = 7;

class ServeMetrics {
public:
    ServeMetrics();

    /// Counts one answered request of endpoint with HTTP status and its handling time in seconds.
    void recordRequest(ServeEndpoint endpoint, int status, double seconds);
    /// Counts one failed request by kind (besides recordRequest).
    void recordError(ServeErrorKind kind);
    /// Counts queries routed (a batch request counts each of its queries).
    void recordQueries(uint64_t n) { m_queries.fetch_add(n, std::memory_order_relaxed); }
    /// The decision counter of model name, created on first use; the pointer stays valid for the lifetime of this
    /// object (a router caches it at load, so counting a decision is one atomic add).
    std::atomic<uint64_t>* decisionCounter(const QString& model);
    /// Counts a router reload attempt (ok = swapped in; otherwise refused and the old router kept).
    void recordReload(bool ok);
    /// The abstain rule sent a query to the primary.
    void recordAbstained(uint64_t n) { m_abstained.fetch_add(n, std::memory_order_relaxed); }

    /// Prometheus text exposition format 0.0.4; routerInfo adds crw_serve_router_info{...} 1 and the generation.
    QByteArray prometheusText(const QString& routerPath, const QString& routerSha256, uint64_t generation) const;

    /// Total requests with this status (all endpoints); for tests and the bench.
    uint64_t requestsWithStatus(int status) const;

    static constexpr std::array<double, 14> kBucketsSeconds { 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
        0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0 };

private:
    static constexpr std::array<int, 9> kStatuses { 200, 400, 401, 404, 405, 408, 413, 500, 503 };
    static int statusSlot(int status); // index into kStatuses, or kStatuses.size() for "other"

    std::array<std::array<std::atomic<uint64_t>, kStatuses.size() + 1>, kServeEndpoints> m_requests {};
    std::array<std::array<std::atomic<uint64_t>, kBucketsSeconds.size() + 1>, kServeEndpoints> m_latency {};
    std::array<std::atomic<uint64_t>, kServeEndpoints> m_latencySumNs {};
    std::array<std::atomic<uint64_t>, kServeErrorKinds> m_errors {};
    std::atomic<uint64_t> m_queries { 0 }, m_abstained { 0 }, m_reloadsOk { 0 }, m_reloadsRefused { 0 };
    mutable std::mutex m_modelsLock;
    std::deque<std::pair<QString, std::atomic<uint64_t>>> m_decisions; // deque: stable addresses
};

} // namespace crw
