#pragma once
// One loaded, completely checked router file as `causal-router serve` serves it: the Router plus where it came from.
// Immutable once built; requests share it through std::shared_ptr, so a reload never changes a router in use.
#include "routing/Router.h"

#include <QDateTime>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

namespace crw {

class ServeMetrics;

/// What the served router must offer beyond the router file checks (from the command line).
struct ServeRequirements {
    bool abstain = false; // --abstain Z: two models and bootstrap replicates
};

struct ServedRouter {
    /// Reads bytes as a router file, restores and probes every model (readRouterFile's checks plus Router's load),
    /// and checks requirements. Throws RouterFormatError with a one-line reason. metrics may be null.
    static std::shared_ptr<const ServedRouter> load(const QString& path, const QByteArray& bytes,
        const ServeRequirements& requirements, uint64_t generation, ServeMetrics* metrics);

    std::unique_ptr<const Router> router;
    QString path; // absolute path of the file
    QString sha256; // hex SHA-256 of the file's bytes
    QDateTime loadedAt; // UTC
    uint64_t generation = 0; // 1 for the file given at start, +1 per successful reload
    std::vector<std::atomic<uint64_t>*> decisionCounters; // per model of router->spec().models (null without metrics)
};

} // namespace crw
