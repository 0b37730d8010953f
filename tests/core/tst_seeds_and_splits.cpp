// The seed scheme (util/SeedStream.h) and the one split function (pipeline/RowSplit.h).
#include "pipeline/RowSplit.h"
#include "util/SeedStream.h"

#include <QtTest>
#include <algorithm>
#include <numeric>
#include <set>

using namespace crw;

class TstSeedsAndSplits : public QObject {
    Q_OBJECT
private slots:
    void everyPurposeAndFoldHasItsOwnStream()
    {
        // Every purpose, every index up to 20 (folds <= 20, router kinds, replicates), under several master seeds:
        // all distinct, and distinct from the master seeds themselves.
        for (uint64_t master : { uint64_t(0), uint64_t(1), uint64_t(7), uint64_t(42), ~uint64_t(0) }) {
            std::set<uint64_t> seen { master };
            int streams = 0;
            for (uint64_t p = 1; p <= uint64_t(SeedPurpose::QueryClusters); ++p)
                for (uint64_t i = 0; i <= 20; ++i) {
                    seen.insert(deriveSeed(master, SeedPurpose(p), i));
                    ++streams;
                }
            QCOMPARE(int(seen.size()), streams + 1);
        }
    }

    void experimentCellsAreDistinctAcrossRunAndGoldSize()
    {
        // The old scheme seed + 1000 * run + n gave run 0 / n = 1000 and run 1 / n = 0 the same stream; the cells of
        // (run, gold size) now derive from (run) and then (gold size).
        const uint64_t seed = 42;
        QCOMPARE(seed + 1000 * 0 + 1000, seed + 1000 * 1 + 0);
        std::set<uint64_t> cells, runs;
        int count = 0;
        for (uint64_t run = 0; run < 100; ++run) {
            const uint64_t r = deriveSeed(seed, SeedPurpose::ExperimentRun, run);
            runs.insert(r);
            for (uint64_t n : { 0, 10, 50, 100, 200, 500, 1000, 2000, 5000 }) {
                cells.insert(deriveSeed(r, SeedPurpose::ExperimentCell, n));
                ++count;
            }
        }
        QCOMPARE(int(runs.size()), 100);
        QCOMPARE(int(cells.size()), count);
        // The old fold offsets seed * 1000 + 10 + j (outcome) and + 20 + k (gold arm) met at j = k + 10 (folds > 10).
        QCOMPARE(uint64_t(1 * 1000 + 10 + 15), uint64_t(1 * 1000 + 20 + 5));
        QVERIFY(deriveSeed(1, SeedPurpose::OutcomeFold, 15) != deriveSeed(1, SeedPurpose::GoldArmFold, 5));
    }

    void derivationIsAFixedFunction()
    {
        // Stored numbers depend on these values: a change of the hash must be a deliberate, documented one.
        QCOMPARE(splitMix64(0), uint64_t(0xE220A8397B1DCDAFULL));
        QCOMPARE(deriveSeed(1, SeedPurpose::TrainSplit), deriveSeed(1, SeedPurpose::TrainSplit, 0));
        QVERIFY(deriveSeed(1, SeedPurpose::TrainSplit) != deriveSeed(2, SeedPurpose::TrainSplit));
    }

    void protocolSplitKeepsTheTestSetAndNestsGold()
    {
        const int N = 3000;
        std::vector<int> all(N);
        std::iota(all.begin(), all.end(), 0);
        const std::vector<bool> pref(N, true);
        for (double skew : { 0.0, 0.9 }) {
            Matrix X = Matrix::Zero(N, 2);
            for (int i = 0; i < N; ++i)
                X(i, 0) = double((i * 7919) % 101);
            SplitPlan plan;
            plan.testSize = 500;
            plan.goldSkew = skew;
            plan.goldQueriesGivePreference = false;
            RowSplit previous;
            for (int n : { 100, 500, 1000 }) {
                plan.goldSize = n;
                const RowSplit s = drawRowSplit(all, pref, plan, 11, IntVector(), X);
                QCOMPARE(int(s.test.size()), 500);
                QCOMPARE(int(s.gold.size()), n);
                QCOMPARE(int(s.pref.size()), N - 500 - n);
                if (!previous.test.empty()) {
                    QCOMPARE(s.test, previous.test); // the same test set for every gold size
                    QVERIFY(std::includes(s.gold.begin(), s.gold.end(), previous.gold.begin(), previous.gold.end()));
                }
                std::set<int> used(s.test.begin(), s.test.end());
                for (int i : s.gold)
                    QVERIFY(used.insert(i).second);
                for (int i : s.pref)
                    QVERIFY(used.insert(i).second); // gold, test and preference rows are disjoint here
                previous = s;
            }
        }
    }

    void trainingSplitAllowsGoldQueriesAsPreferenceRows()
    {
        // Rows 0..99 have gold, 50..299 have preference labels; 20 test rows never give preference labels.
        std::vector<int> gold(100);
        std::iota(gold.begin(), gold.end(), 0);
        std::vector<bool> pref(300, false);
        for (int i = 50; i < 300; ++i)
            pref[size_t(i)] = true;
        SplitPlan plan;
        plan.testSize = 20;
        plan.goldSize = 60;
        const RowSplit s = drawRowSplit(gold, pref, plan, 3);
        QCOMPARE(int(s.test.size()), 20);
        QCOMPARE(int(s.gold.size()), 60);
        const std::set<int> test(s.test.begin(), s.test.end());
        int testWithPref = 0;
        for (int i : s.test)
            testWithPref += pref[size_t(i)] ? 1 : 0;
        QCOMPARE(int(s.pref.size()), 250 - testWithPref);
        for (int i : s.pref)
            QVERIFY(!test.count(i));
        QVERIFY(std::is_sorted(s.gold.begin(), s.gold.end()));
        QVERIFY(std::is_sorted(s.pref.begin(), s.pref.end()));
        // The caller's order of the gold rows does not matter; the seed does.
        std::vector<int> reversed(gold.rbegin(), gold.rend());
        QCOMPARE(drawRowSplit(reversed, pref, plan, 3).test, s.test);
        QVERIFY(drawRowSplit(gold, pref, plan, 4).test != s.test);
        // Excluded rows take no part.
        const RowSplit e = drawRowSplit(gold, pref, plan, 3, IntVector(), Matrix(), { 0, 1, 2, 299 });
        for (const auto* v : { &e.test, &e.gold, &e.pref })
            for (int i : *v)
                QVERIFY(i > 2 && i != 299);
    }

    void preferenceCapIsASeededSubset()
    {
        std::vector<int> gold(200);
        std::iota(gold.begin(), gold.end(), 0);
        const std::vector<bool> pref(1000, true);
        SplitPlan plan;
        plan.goldSize = 50;
        plan.maxPref = 100;
        plan.goldQueriesGivePreference = false;
        const RowSplit s = drawRowSplit(gold, pref, plan, 5);
        QCOMPARE(int(s.pref.size()), 100);
        QVERIFY(s.pref.back() > 500); // a random subset, not the first 100 rows
        QCOMPARE(drawRowSplit(gold, pref, plan, 5).pref, s.pref);
    }
};

QTEST_GUILESS_MAIN(TstSeedsAndSplits)
#include "tst_seeds_and_splits.moc"
