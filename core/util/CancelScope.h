#pragma once
// A per-thread pointer to the running job's cancel flag, so code far below a job (a boosting loop) can stop it
// without every function in between taking a Progress.
#include <atomic>
#include <memory>

namespace crw {

/// While alive, makes flag the current thread's cancel flag (restoring the previous one on destruction).
class CancelScope {
public:
    explicit CancelScope(std::shared_ptr<std::atomic<bool>> flag);
    ~CancelScope();
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

    /// The current thread's cancel flag (may be null: no job, never cancelled).
    static std::shared_ptr<std::atomic<bool>> current();
    /// Throws Cancelled if the current thread's job was cancelled. Cheap enough for a per-round check.
    static void check();

private:
    std::shared_ptr<std::atomic<bool>> m_previous;
};

} // namespace crw
