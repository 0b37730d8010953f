#pragma once
// Progress reporting and cooperative cancellation for long core jobs.
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>

namespace crw {

/// Thrown by Progress::check() when the job was cancelled.
struct Cancelled : std::runtime_error {
    Cancelled()
        : std::runtime_error("cancelled")
    {
    }
};

/// Throttled progress callback plus a cancel flag the job polls.
/// The callback fires only when the rounded per-mille value or the stage changes, and at most every 50 ms
/// (stage changes and completion always fire). A sub-range view maps [0,1] of a child job into [from,to].
class Progress {
public:
    using Callback = std::function<void(double fraction, const QString& stage)>;

    /// A progress sink; both arguments may be empty (no reporting, never cancelled).
    explicit Progress(Callback cb = {}, std::shared_ptr<std::atomic<bool>> cancelFlag = {});

    /// Reports fraction in [0,1] of this (sub-)range; stage empty keeps the previous stage text.
    void report(double fraction, const QString& stage = {});
    /// True once cancel() was called on this progress or any progress sharing its flag.
    bool cancelled() const;
    /// Throws Cancelled if cancelled.
    void check() const;
    /// Requests cancellation (thread-safe).
    void cancel();
    /// A view that maps its [0,1] onto [from,to] of this one; shares the cancel flag.
    Progress sub(double from, double to) const;
    /// The shared cancel flag, for handing to other threads.
    std::shared_ptr<std::atomic<bool>> cancelFlag() const { return m_cancel; }

private:
    struct Shared {
        Callback cb;
        int lastPermille = -1;
        QString lastStage;
        std::chrono::steady_clock::time_point lastEmit {};
    };
    std::shared_ptr<Shared> m_shared;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    double m_from = 0.0, m_to = 1.0;
};

} // namespace crw
