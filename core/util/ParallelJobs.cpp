#include "util/ParallelJobs.h"

#include "util/CancelScope.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace crw {

void runParallelJobs(
    int count, int budget, const std::function<void(int, int)>& body, const std::function<void(int)>& onDone)
{
    if (count <= 0)
        return;
    if (budget <= 1 || count == 1) {
        for (int i = 0; i < count; ++i) {
            body(i, std::max(budget, 1));
            if (onDone)
                onDone(i + 1);
        }
        return;
    }
    const int workers = std::min(budget, count);
    const int threadsPerJob = std::max(1, budget / count);
    const auto flag = CancelScope::current();
    std::vector<std::exception_ptr> errors(static_cast<size_t>(count));
    std::mutex mu;
    std::condition_variable cv;
    int next = 0, finished = 0;
    bool stop = false;

    std::vector<std::thread> pool;
    pool.reserve(size_t(workers));
    for (int wk = 0; wk < workers; ++wk) {
        pool.emplace_back([&] {
            CancelScope scope(flag);
            for (;;) {
                int i;
                {
                    std::lock_guard<std::mutex> lock(mu);
                    if (stop || next >= count)
                        return;
                    i = next++;
                }
                std::exception_ptr error;
                try {
                    body(i, threadsPerJob);
                } catch (...) {
                    error = std::current_exception();
                }
                std::lock_guard<std::mutex> lock(mu);
                if (error) {
                    errors[size_t(i)] = error;
                    stop = true;
                }
                ++finished;
                cv.notify_all();
            }
        });
    }
    // Completions are reported from this (the calling) thread; the workers only count them.
    std::exception_ptr reportError;
    int reported = 0;
    for (;;) {
        std::unique_lock<std::mutex> lock(mu);
        auto allDone = [&] { return finished == next && (stop || next == count); };
        cv.wait(lock, [&] { return finished > reported || allDone(); });
        const int now = finished;
        const bool done = allDone();
        lock.unlock();
        for (; reported < now; ++reported) {
            if (!onDone || reportError)
                continue;
            try {
                onDone(reported + 1);
            } catch (...) {
                reportError = std::current_exception();
                std::lock_guard<std::mutex> relock(mu);
                stop = true;
            }
        }
        if (done)
            break;
    }
    for (auto& t : pool)
        t.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
    if (reportError)
        std::rethrow_exception(reportError);
}

} // namespace crw
