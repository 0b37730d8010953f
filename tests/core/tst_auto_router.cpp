// `auto` (pipeline/AutoSelection.h) against known truth: it keeps to the gold labels when the preference labels carry
// nothing, takes the mean shift when the bias is a constant, and uses the corrected preference labels when they help,
// never doing worse on the truth than gold-only by more than a stated margin.
#include "SimulatedDgp.h"

#include "pipeline/RouterSuite.h"

#include <QJsonArray>
#include <QtTest>
#include <random>

using namespace crw;
using namespace crw::test;

namespace {

SuiteOptions fastSuite(uint64_t seed)
{
    SuiteOptions o;
    o.routers = { RouterKind::Auto, RouterKind::GoldOnly, RouterKind::MetaR };
    o.seed = seed;
    o.finalSpec = defaultFinalSpec(2);
    o.finalSpec.rounds = 60;
    o.finalSpec.eta = 0.15;
    o.cate.outcome = o.finalSpec;
    o.cate.stage2.nthread = 2;
    o.cate.propensityMode = PropensityMode::Design;
    return o;
}

// n gold rows and m preference rows of the simulator; `noiseOnly` replaces the preference labels by pure noise.
SplitData splitOf(const DgpSample& s, int n, bool noiseOnly, uint64_t seed)
{
    const Eigen::Index m = s.X.rows() - n;
    Vector y = s.o.tail(m);
    if (noiseOnly) {
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> N01(0.0, 1.0);
        for (Eigen::Index i = 0; i < m; ++i)
            y[i] = N01(rng);
    }
    return makeSplit(s.X.topRows(n), s.o.head(n), s.X.bottomRows(m), y);
}

QString chosenBase(const SuiteResult& r)
{
    return r.autoSelection.value("chosen_base").toString();
}

} // namespace

class TstAutoRouter : public QObject {
    Q_OBJECT
private slots:
    void pureNoisePreferencesGiveGoldOnly()
    {
        Dgp g;
        for (uint64_t seed : { 3, 4, 5 }) {
            const DgpSample s = sampleDgp(g, 300, 3000, seed);
            Progress p;
            const SuiteResult r = trainRouterSuite(splitOf(s, 300, true, seed + 100), fastSuite(seed), p);
            qInfo("seed %llu: %s", (unsigned long long)seed, qPrintable(r.autoSelection.value("reason").toString()));
            QCOMPARE(chosenBase(r), QStringLiteral("gold_only"));
            QCOMPARE(r.autoSelection.value("candidates").toArray().size(), 15);
        }
    }

    void constantBiasGivesTheMeanShift()
    {
        // Delta(q) = 0.8 everywhere: the preference labels are the gold gain shifted and rescaled.
        Dgp g;
        g.deltaSign = 0.0;
        g.deltaShift = 0.8;
        g.noisePref = 0.1;
        int meanShift = 0;
        for (uint64_t seed : { 11, 12, 13 }) {
            const DgpSample s = sampleDgp(g, 150, 4000, seed);
            Progress p;
            const SuiteResult r = trainRouterSuite(splitOf(s, 150, false, 0), fastSuite(seed), p);
            qInfo("seed %llu: %s", (unsigned long long)seed, qPrintable(r.autoSelection.value("reason").toString()));
            QVERIFY2(chosenBase(r) != QLatin1String("gold_only"), "a constant bias must not waste the preference data");
            meanShift += chosenBase(r) == QLatin1String("mean_shift") ? 1 : 0;
        }
        QVERIFY2(meanShift >= 2, "the one-SE rule prefers the mean shift when the corrections add nothing");
    }

    void heterogeneousBiasUsesTheCorrectionAndBeatsGoldOnly()
    {
        // The default simulator: Delta varies with x3, x4; 150 gold rows, 4000 preference rows.
        Dgp g;
        g.noisePref = 0.1;
        double lossAuto = 0, lossGold = 0;
        int meta = 0;
        for (uint64_t seed : { 21, 22, 23 }) {
            const DgpSample s = sampleDgp(g, 150, 4000, seed);
            const DgpSample test = sampleDgp(g, 2000, 0, seed + 1000);
            Progress p;
            const SuiteResult r = trainRouterSuite(splitOf(s, 150, false, 0), fastSuite(seed), p);
            qInfo("seed %llu: %s", (unsigned long long)seed, qPrintable(r.autoSelection.value("reason").toString()));
            meta += chosenBase(r).startsWith(QLatin1String("meta_")) ? 1 : 0;
            lossAuto += rmse(r.predict(RouterKind::Auto, test.X), test.psi);
            lossGold += rmse(r.predict(RouterKind::GoldOnly, test.X), test.psi);
        }
        qInfo("psi RMSE on new queries: auto %.3f, gold-only %.3f", lossAuto / 3, lossGold / 3);
        QVERIFY2(meta >= 2, "with a learnable bias and many preference rows auto should use a Meta-Router correction");
        QVERIFY(lossAuto < lossGold);
    }

    void autoIsTheChosenRouterBitForBit()
    {
        // When auto picks gold_only its psi model is the gold_only router's (same rows, labels and seed).
        Dgp g;
        const DgpSample s = sampleDgp(g, 200, 2000, 31);
        Progress p;
        const SuiteResult r = trainRouterSuite(splitOf(s, 200, true, 77), fastSuite(31), p);
        QCOMPARE(chosenBase(r), QStringLiteral("gold_only"));
        const DgpSample test = sampleDgp(g, 300, 0, 32);
        const Vector a = r.predict(RouterKind::Auto, test.X), b = r.predict(RouterKind::GoldOnly, test.X);
        QVERIFY(a == b);
        QVERIFY(r.diagnosticsJson().contains("auto"));
        // The DR learner is one of auto's candidates, so the calibration test of Delta_hat is stored too.
        QCOMPARE(r.diagnosticsJson().value("calibration").toObject().value("blp").toObject().value("rows").toInt(), 2200);
    }
};

QTEST_GUILESS_MAIN(TstAutoRouter)
#include "tst_auto_router.moc"
