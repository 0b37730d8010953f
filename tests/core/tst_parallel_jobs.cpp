// runParallelJobs (every job once, thread shares, progress on the calling thread, first error rethrown, no new jobs
// after a failure) and CancelScope (a cancelled job stops inside an XGBoost fit, also on a parallel worker).
#include "learn/Regressor.h"
#include "util/CancelScope.h"
#include "util/ParallelJobs.h"
#include "util/Progress.h"

#include <QtTest>
#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace crw;

namespace {
/// A GBM fit long enough (thousands of rounds) that finishing it would take many seconds.
void longFit()
{
    std::mt19937_64 rng(5);
    std::normal_distribution<double> N01;
    Matrix X(20000, 10);
    Vector y(20000);
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        for (Eigen::Index j = 0; j < X.cols(); ++j)
            X(i, j) = N01(rng);
        y[i] = X(i, 0) + N01(rng);
    }
    LearnerSpec s;
    s.rounds = 100000;
    s.maxDepth = 6;
    auto m = makeRegressor(s);
    m->fit(X, y, Vector());
}
}

class TstParallelJobs : public QObject {
    Q_OBJECT
private slots:
    void everyJobRunsOnceWithItsThreadShare_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("budget");
        QTest::addColumn<int>("expectedThreads");
        QTest::newRow("5 jobs, 2 threads") << 5 << 2 << 1;
        QTest::newRow("2 jobs, 4 threads") << 2 << 4 << 2;
        QTest::newRow("1 job, 3 threads") << 1 << 3 << 3;
        QTest::newRow("6 jobs, 1 thread") << 6 << 1 << 1;
    }
    void everyJobRunsOnceWithItsThreadShare()
    {
        QFETCH(int, count);
        QFETCH(int, budget);
        QFETCH(int, expectedThreads);
        std::mutex mu;
        std::multiset<int> seen;
        std::set<std::thread::id> workers;
        std::vector<int> reports;
        const auto caller = std::this_thread::get_id();
        runParallelJobs(
            count, budget,
            [&](int i, int threads) {
                QCOMPARE(threads, expectedThreads);
                std::lock_guard<std::mutex> lock(mu);
                seen.insert(i);
                workers.insert(std::this_thread::get_id());
            },
            [&](int finished) {
                QVERIFY(std::this_thread::get_id() == caller);
                reports.push_back(finished);
            });
        QCOMPARE(int(seen.size()), count);
        for (int i = 0; i < count; ++i)
            QCOMPARE(int(seen.count(i)), 1);
        QVERIFY(int(workers.size()) <= std::max(1, std::min(budget, count)));
        QCOMPARE(int(reports.size()), count);
        for (int i = 0; i < count; ++i)
            QCOMPARE(reports[size_t(i)], i + 1);
    }

    void lowestFailedJobIsRethrownAndNoNewJobsStart()
    {
        std::atomic<int> started { 0 };
        try {
            runParallelJobs(50, 2, [&](int i, int) {
                ++started;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                if (i == 3 || i == 4)
                    throw std::runtime_error("job " + std::to_string(i));
            });
            QFAIL("no exception");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString(e.what()), QString("job 3"));
        }
        QVERIFY(started.load() < 50);
    }

    void progressErrorStopsTheRest()
    {
        std::atomic<int> started { 0 };
        QVERIFY_THROWS_EXCEPTION(Cancelled,
            runParallelJobs(
                40, 2,
                [&](int, int) {
                    ++started;
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                },
                [&](int finished) {
                    if (finished == 2)
                        throw Cancelled();
                }));
        QVERIFY(started.load() < 40);
    }

    void cancelStopsAnXgboostFitOnAWorker()
    {
        auto flag = std::make_shared<std::atomic<bool>>(false);
        CancelScope scope(flag);
        std::thread canceller([flag] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            flag->store(true);
        });
        bool cancelled = false;
        try {
            runParallelJobs(2, 2, [](int, int) { longFit(); });
        } catch (const Cancelled&) {
            cancelled = true;
        }
        canceller.join();
        QVERIFY(cancelled);
        QVERIFY(CancelScope::current() == flag);
    }

    void noScopeMeansNeverCancelled()
    {
        QVERIFY(!CancelScope::current());
        CancelScope::check(); // must not throw
        {
            auto flag = std::make_shared<std::atomic<bool>>(true);
            CancelScope scope(flag);
            QVERIFY_THROWS_EXCEPTION(Cancelled, CancelScope::check());
        }
        QVERIFY(!CancelScope::current());
    }
};

QTEST_GUILESS_MAIN(TstParallelJobs)
#include "tst_parallel_jobs.moc"
