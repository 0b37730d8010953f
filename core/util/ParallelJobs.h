#pragma once
// Runs a fixed list of independent jobs (cross-fitting folds, final-stage fits) on a few threads with a shared
// thread budget.
#include <functional>

namespace crw {

/// Runs body(index, threads) for every index in [0, count) on min(budget, count) worker threads that take jobs in
/// index order as they become free. Each job gets threads = 1, or budget / count when there are fewer jobs than
/// threads. `threads` is meant for libraries with their own thread count (XGBoost); results must not depend on it,
/// nor on which worker runs a job. onDone(finished) is called on the calling thread after each job (for progress); if
/// it throws, no further jobs start. The current CancelScope is installed in every worker. After the running jobs
/// finish, the exception of the lowest failed index is rethrown (then onDone's). budget <= 1 or count == 1 runs
/// everything on the calling thread, in order.
void runParallelJobs(int count, int budget, const std::function<void(int index, int threads)>& body,
    const std::function<void(int finished)>& onDone = {});

} // namespace crw
