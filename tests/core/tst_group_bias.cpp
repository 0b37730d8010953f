// Query clusters and the bias per group: k-means (k-means++ start) recovers separated clusters and is deterministic,
// cluster names by hand, the Hajek AIPW group estimate by hand (and no interval below the minimum of gold rows), and
// the coverage of the 95% group intervals of the group's true mean Delta on the simulator (issue 14, item 2).
#include "SimulatedDgp.h"
#include "causal/ClusterNames.h"
#include "causal/GroupAipw.h"
#include "causal/KMeans.h"
#include "pipeline/RouterSuite.h"
#include "pipeline/TrainingConfig.h"
#include "util/SeedStream.h"

#include <QtTest>
#include <cstdio>

using namespace crw;
using namespace crw::test;

namespace {

struct Coverage {
    int pairs = 0, covered = 0, withoutInterval = 0;
    double meanHalfWidth = 0, meanAbsError = 0;
};

// `runs` simulated runs with n gold and m preference rows; groups = k-means clusters of the features (k = 8).
// The pipeline's default nuisances (XGBoost mu0, regression constant, auto propensity, 5 folds).
Coverage measureCoverage(int n, int m, int runs, uint64_t seed0, const Dgp& g)
{
    Coverage c;
    TrainingConfig config;
    config.threads = 1;
    config.routers = { RouterKind::MetaDR };
    config.bootstrap = 0;
    for (int run = 0; run < runs; ++run) {
        const uint64_t seed = deriveSeed(seed0, SeedPurpose::ExperimentRun, uint64_t(run));
        const DgpSample s = sampleDgp(g, n, m, seed);
        const SplitData split = makeSplit(s.X.topRows(n), s.o.head(n), s.X.bottomRows(m), s.o.tail(m));
        config.seed = seed;
        Progress progress;
        const SuiteResult suite = trainRouterSuite(split, suiteOptionsFor(config), progress);
        const Nuisances& nu = *suite.nuisances;
        const KMeansResult km = kMeans(s.X, 8, deriveSeed(seed, SeedPurpose::QueryClusters));
        const AipwRows rows { s.t, nu.o, nu.mu0, nu.mu1, nu.p };
        for (const GroupAipwEstimate& e : groupAipw(km.label, int(km.centers.rows()), rows, {}, s.delta)) {
            if (!e.hasInterval()) {
                ++c.withoutInterval;
                continue;
            }
            ++c.pairs;
            c.covered += e.ciLow <= e.truth && e.truth <= e.ciHigh;
            c.meanHalfWidth += (e.ciHigh - e.ciLow) / 2;
            c.meanAbsError += std::abs(e.estimate - e.truth);
        }
    }
    c.meanHalfWidth /= std::max(1, c.pairs);
    c.meanAbsError /= std::max(1, c.pairs);
    return c;
}

} // namespace

class TstGroupBias : public QObject {
    Q_OBJECT
private slots:
    void kMeansRecoversSeparatedClustersDeterministically()
    {
        // Three well separated blobs of 40, 30 and 20 points in 2-d.
        std::mt19937_64 rng(7);
        std::normal_distribution<double> N(0.0, 0.3);
        const double cx[3] = { 0, 10, 0 }, cy[3] = { 0, 0, 10 };
        const int size[3] = { 40, 30, 20 };
        Matrix X(90, 2);
        IntVector truth(90);
        int row = 0;
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < size[c]; ++i, ++row) {
                X(row, 0) = cx[c] + N(rng);
                X(row, 1) = cy[c] + N(rng);
                truth[row] = c;
            }
        const KMeansResult a = kMeans(X, 3, 42);
        // Largest cluster first, so the labels equal the blobs' order exactly.
        QVERIFY(a.label == truth);
        QVERIFY(std::abs(a.centers(1, 0) - 10) < 0.2);
        const KMeansResult b = kMeans(X, 3, 42);
        QVERIFY(a.label == b.label);
        QCOMPARE(a.inertia, b.inertia);
        // More clusters than distinct rows: as many clusters as distinct rows.
        Matrix same = Matrix::Zero(5, 2);
        same.row(4) << 1, 1;
        QCOMPARE(int(kMeans(same, 4, 1).centers.rows()), 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kMeans(X, 0, 1));
    }

    void clusterNamesByHand()
    {
        const QVector<QString> texts { "solve the integral equation", "integral of the equation", "integral bounds",
            "write a poem about the sea", "poem about love", "the poem of 2024" };
        IntVector label(6);
        label << 0, 0, 0, 1, 1, 1;
        const auto terms = distinctiveTerms(texts, label, 2, 2);
        // "integral": (3/3 - 0) * log(6/3) = 0.693; "equation": (2/3 - 0) * log(6/2) = 0.732 ranks first; "the"
        // (4 of 6 queries, 2/3 - 2/3 = 0) is not distinctive, "2024" is digits only and "about" a stop word.
        QCOMPARE(terms[0], QStringList({ "equation", "integral" }));
        QCOMPARE(terms[1], QStringList({ "poem", "love" }));
        QCOMPARE(clusterName(terms[0], 0), QStringLiteral("equation, integral"));
        QCOMPARE(clusterName({}, 2), QStringLiteral("cluster 3"));
    }

    void hajekAipwByHand()
    {
        // One group: 2 gold rows (p = 0.5), 3 preference rows (p = 0.5).
        AipwRows r;
        r.t = IntVector(5);
        r.t << 1, 1, 0, 0, 0;
        r.o = Vector(5);
        r.o << 1.0, 0.0, 0.2, 0.4, 0.0;
        r.mu1 = Vector::Constant(5, 0.4);
        r.mu0 = Vector::Constant(5, 0.1);
        r.p = Vector::Constant(5, 0.5);
        GroupAipwOptions opt;
        opt.minGold = 2;
        const auto e = groupAipw(IntVector::Zero(5), 1, r, {}, Vector::Constant(5, 0.3), opt);
        QCOMPARE(e.size(), 1);
        // plug-in 0.3, gold residuals 0.6, -0.4 (mean 0.1), preference residuals 0.1, 0.3, -0.1 (mean 0.1).
        QVERIFY(std::abs(e[0].estimate - 0.3) < 1e-12);
        // Var gold: (0.25 + 0.25)/4 * 2 = 0.25; pref: (0 + 0.04 + 0.04)/9 * 1.5 = 0.013333.
        QVERIFY(std::abs(e[0].se - std::sqrt(0.25 + 0.08 / 9 * 1.5)) < 1e-12);
        QCOMPARE(e[0].nGold, 2);
        QCOMPARE(e[0].nPreference, 3);
        QVERIFY(e[0].hasInterval());
        QVERIFY(e[0].ciLow < 0.3 && e[0].ciHigh > 0.3);
        QVERIFY(std::abs(e[0].truth - 0.3) < 1e-12);
        // Unequal weights: a gold row with p = 0.25 counts three times as much as one with p = 0.75 (Hajek).
        r.p << 0.25, 0.75, 0.5, 0.5, 0.5;
        const auto w = groupAipw(IntVector::Zero(5), 1, r, {}, {}, opt);
        QVERIFY(std::abs(w[0].estimate - (0.3 + (4 * 0.6 + 4.0 / 3 * -0.4) / (4 + 4.0 / 3) - 0.1)) < 1e-12);
        QVERIFY(std::isnan(w[0].truth));
        // The default minimum of 10 gold rows: an estimate but no interval, and the reason names the count.
        const auto none = groupAipw(IntVector::Zero(5), 1, r);
        QVERIFY(!none[0].hasInterval());
        QVERIFY(std::isnan(none[0].ciLow) && std::isnan(none[0].ciHigh));
        QVERIFY(none[0].reason.contains(QLatin1String("2 gold rows")));
        // A group id with no rows at all.
        const auto two = groupAipw(IntVector::Zero(5), 2, r);
        QCOMPARE(two[1].nGold, 0);
        QVERIFY(!two[1].hasInterval());
    }

    void groupIntervalsCoverTheTruth_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("runs");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<double>("tilt");
        QTest::newRow("n=500") << 500 << 30 << 0.92 << 0.98 << 0.0;
        QTest::newRow("n=100") << 100 << 40 << 0.90 << 0.98 << 0.0;
        QTest::newRow("n=500 tilted gold") << 500 << 30 << 0.90 << 0.98 << 1.0;
    }

    void groupIntervalsCoverTheTruth()
    {
        QFETCH(int, n);
        QFETCH(int, runs);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(double, tilt);
        Dgp g;
        g.goldTilt = tilt; // > 0: gold rows over-sampled where x1 is large (the propensity varies)
        const Coverage c = measureCoverage(n, 4 * n, runs, 14, g);
        std::printf("| %d | %.1f | %d | %d | %d | %.3f | %.3f | %.3f |\n", n, tilt, runs, c.pairs, c.withoutInterval,
            double(c.covered) / c.pairs, c.meanHalfWidth, c.meanAbsError);
        QVERIFY(c.pairs >= 200);
        const double cov = double(c.covered) / c.pairs;
        QVERIFY2(cov >= low && cov <= high, qPrintable(QString::number(cov)));
    }
};

QTEST_GUILESS_MAIN(TstGroupBias)
#include "tst_group_bias.moc"
