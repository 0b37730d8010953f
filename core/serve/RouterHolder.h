#pragma once
// The router `causal-router serve` answers with, swapped atomically on reload. A request takes one snapshot
// (current()) and uses it to the end, so no request sees a half-loaded router or two routers.
#include "serve/ServedRouter.h"

#include <QString>
#include <atomic>
#include <memory>
#include <mutex>

namespace crw {

/// The result of a reload attempt, for the log line.
struct ReloadOutcome {
    enum class Result { Swapped, Unchanged, Refused } result = Result::Refused;
    QString message; // one line: what was loaded, or why it was refused
};

class RouterHolder {
public:
    /// Loads the file at path; throws RouterFormatError when it cannot be read or checked (start-up fails).
    RouterHolder(const QString& path, const ServeRequirements& requirements, ServeMetrics* metrics);

    /// The router now served (never null). Cheap and safe from any thread.
    std::shared_ptr<const ServedRouter> current() const { return m_current.load(std::memory_order_acquire); }

    /// Reads the file again, checks it completely and swaps it in. A bad file is refused and the old router keeps
    /// serving. With onlyIfChanged, a file with the same SHA-256 as the served one is left alone (Unchanged).
    /// Reloads are serialised; requests are never blocked.
    ReloadOutcome reload(bool onlyIfChanged);

    const QString& path() const { return m_path; }

private:
    QString m_path;
    ServeRequirements m_requirements;
    ServeMetrics* m_metrics;
    std::atomic<std::shared_ptr<const ServedRouter>> m_current;
    std::mutex m_reloadLock;
};

} // namespace crw
