// The overlap-restricted ("truncated") Meta-Router against known truth: the overlap region by hand, identity with the
// plain Meta-Router when the propensity is constant, a region that follows the gold support when gold queries come
// from one part of the feature space, the skewed gold sampler of `experiment --gold-skew`, and the paired comparison
// of the overlap router with the plain one in the experiment protocol.
#include "ExperimentDgp.h"
#include "causal/OverlapRegion.h"
#include "pipeline/Experiment.h"
#include "pipeline/RouterSuite.h"

#include <QtTest>
#include <set>

using namespace crw;
using namespace crw::test;

namespace {
SuiteOptions fastSuite(std::vector<RouterKind> routers, PropensityMode pm)
{
    SuiteOptions o;
    o.routers = std::move(routers);
    o.finalSpec = defaultFinalSpec(1);
    o.finalSpec.rounds = 80;
    o.finalSpec.eta = 0.1;
    o.cate.outcome = o.finalSpec;
    o.cate.propensityMode = pm;
    o.cate.normalization = NormalizationMethod::None;
    o.cate.seed = 5;
    o.seed = 5;
    return o;
}

SplitData splitOf(const DgpSample& s)
{
    const Eigen::Index n = s.t.sum(), m = s.t.size() - n;
    return SplitData { s.X, s.o.head(n), s.o.tail(m), Vector(), IntVector() };
}

}

class TstOverlapRouter : public QObject {
    Q_OBJECT
private slots:
    void regionByHand()
    {
        // kappa = 0.2 (odds 0.25). Ratios: p=0.2 -> 1; p=0.02 -> (0.02/0.98)/0.25 = 0.0816; p=0.05 -> 0.2105;
        // p=0.8 -> 16; p=0.6 -> 6.
        QVERIFY(std::abs(overlapDensityRatio(0.2, 0.2) - 1.0) < 1e-12);
        QVERIFY(std::abs(overlapDensityRatio(0.02, 0.2) - (0.02 / 0.98) / 0.25) < 1e-12);
        Vector p(6);
        p << 0.2, 0.02, 0.05, 0.8, 0.6, 0.2;
        IntVector t(6);
        t << 0, 0, 0, 1, 1, 1;
        const OverlapRegion r = overlapRegion(p, t, 0.2, 0.1);
        QCOMPARE(r.inside, (std::vector<bool> { true, false, true, false, true, true }));
        QCOMPARE(r.prefRows, 3);
        QCOMPARE(r.prefInside, 2);
        QCOMPARE(r.goldInside, 2);
        QVERIFY(std::abs(r.prefShareInside() - 2.0 / 3.0) < 1e-12);
        // A stricter ratio drops more; 1.0 keeps only rows at or on the right side of the base rate.
        const OverlapRegion strict = overlapRegion(p, t, 0.2, 0.5);
        QCOMPARE(strict.prefInside, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, overlapRegion(p, t, 0.2, 0.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, overlapRegion(p, t, 0.2, 1.5));
        // Constant propensity: every row inside, even at ratio 1.
        const OverlapRegion all = overlapRegion(Vector::Constant(6, 0.2), t, 0.2, 1.0);
        QCOMPARE(all.prefInside + all.goldInside, 6);
    }

    void designPropensityGivesThePlainRouter()
    {
        Dgp g;
        g.scale = 1.0; // the gold scale (no normalisation in these tests)
        const DgpSample s = sampleDgp(g, 200, 1500, 21);
        Progress p;
        const SuiteResult res = trainRouterSuite(
            splitOf(s), fastSuite({ RouterKind::MetaR, RouterKind::MetaROverlap }, PropensityMode::Design), p);
        QCOMPARE(res.overlaps.at(RouterKind::MetaROverlap).prefShareInside(), 1.0);
        // Same rows and pseudo-outcomes: the same Delta_hat bit for bit; the final fits differ only by their seed.
        const Vector& da = res.cates.at(RouterKind::MetaR).deltaOof;
        const Vector& db = res.cates.at(RouterKind::MetaROverlap).deltaOof;
        QCOMPARE((da - db).cwiseAbs().maxCoeff(), 0.0);
        const Vector a = res.predict(RouterKind::MetaR, s.X), b = res.predict(RouterKind::MetaROverlap, s.X);
        QVERIFY(corr(a, b) > 0.97);
        QVERIFY(res.diagnosticsJson()["overlap"].toObject().contains("meta_r_overlap"));
    }

    void regionFollowsTheGoldSupport()
    {
        // Gold rows are drawn where x1 is large (true propensity logistic in x1): preference rows at small x1 have
        // almost no gold neighbours.
        Dgp g;
        g.scale = 1.0;
        g.goldTilt = 3.0;
        const DgpSample s = sampleDgp(g, 300, 3000, 33);
        Progress p;
        SuiteOptions o = fastSuite({ RouterKind::MetaR, RouterKind::MetaROverlap }, PropensityMode::Estimated);
        o.cate.clipFactor = 50;
        const SplitData split = splitOf(s);
        const SuiteResult res = trainRouterSuite(split, o, p);
        const OverlapRegion& r = res.overlaps.at(RouterKind::MetaROverlap);
        qInfo("preference share used %.3f", r.prefShareInside());
        QVERIFY(r.prefShareInside() > 0.2);
        QVERIFY(r.prefShareInside() < 0.95);
        // The rows left out are the ones far from the gold support (small x1).
        double inX = 0, outX = 0;
        int nIn = 0, nOut = 0;
        for (int j = 300; j < 3300; ++j)
            (r.inside[size_t(j)] ? (inX += s.X(j, 0), ++nIn) : (outX += s.X(j, 0), ++nOut));
        qInfo("mean x1 inside %.3f outside %.3f", inX / nIn, outX / nOut);
        QVERIFY(outX / nOut < inX / nIn - 1.0);
        // Inside the region the overlap router's bias estimate (fitted on region rows only) is at least as good as
        // the plain one's there (tolerance 15%).
        const Vector dPlain = res.cates.at(RouterKind::MetaR).deltaOof,
                     dOv = res.cates.at(RouterKind::MetaROverlap).deltaOof;
        double ePlain = 0, eOv = 0;
        for (int j = 300; j < 3300; ++j)
            if (r.inside[size_t(j)]) {
                ePlain += std::pow(dPlain[j] - s.delta[j], 2);
                eOv += std::pow(dOv[j] - s.delta[j], 2);
            }
        qInfo("Delta_hat RMSE inside: plain %.3f overlap %.3f", std::sqrt(ePlain / nIn), std::sqrt(eOv / nIn));
        QVERIFY(std::sqrt(eOv / nIn) < 1.15 * std::sqrt(ePlain / nIn));
        QVERIFY(std::sqrt(eOv / nIn) < 0.35);
        // A warning is raised when less than half of the preference rows are used (not the case here), and the
        // stricter ratio uses fewer rows.
        o.overlapMinRatio = 0.5;
        const SuiteResult strict = trainRouterSuite(split, o, p);
        QVERIFY(strict.overlaps.at(RouterKind::MetaROverlap).prefInside < r.prefInside);
    }

    void skewedGoldSampler()
    {
        const int N = 10000;
        std::vector<int> rest(N);
        std::iota(rest.begin(), rest.end(), 0);
        IntVector group(N);
        for (int i = 0; i < N; ++i)
            group[i] = i % 2;
        const Matrix X = Matrix::Zero(N, 1);
        // skew 0: the first n rows, as before.
        QCOMPARE(chooseGoldRows(rest, 50, 0.0, group, X, 1), std::vector<int>(rest.begin(), rest.begin() + 50));
        // skew 0.9: a row of the other group has weight 0.1, so about 1/1.1 = 91% of the gold comes from one group.
        const auto g = chooseGoldRows(rest, 400, 0.9, group, X, 7);
        QCOMPARE(int(g.size()), 400);
        QCOMPARE(int(std::set<int>(g.begin(), g.end()).size()), 400);
        int g0 = 0;
        for (int i : g)
            g0 += group[i] == 0;
        const double share = std::max(g0, 400 - g0) / 400.0;
        qInfo("share from the favoured group %.3f", share);
        QVERIFY(share > 0.86 && share < 0.96);
        // skew 1: only the favoured group; deterministic for the seed.
        const auto g1 = chooseGoldRows(rest, 300, 1.0, group, X, 7);
        int f = 0;
        for (int i : g1)
            f += group[i] == group[g1.front()];
        QCOMPARE(f, 300);
        QCOMPARE(chooseGoldRows(rest, 400, 0.9, group, X, 7), g);
        // Without groups: the halves of feature 0.
        Matrix Xf(N, 1);
        for (int i = 0; i < N; ++i)
            Xf(i, 0) = i;
        const auto h = chooseGoldRows(rest, 300, 1.0, IntVector(), Xf, 3);
        const bool upper = h.front() >= N / 2;
        for (int i : h)
            QCOMPARE(i >= N / 2, upper);
    }

    void experimentComparesOverlapWithPlain()
    {
        Dgp g;
        const ExperimentData d = experimentDataFromDgp(g, 2500, 41);
        ExperimentOptions o;
        o.goldSizes = { 150 };
        o.testSize = 400;
        o.runs = 2;
        o.seed = 3;
        o.goldSkew = 0.95;
        o.suite = fastSuite(
            { RouterKind::MetaR, RouterKind::MetaROverlap, RouterKind::GoldOnly }, PropensityMode::Estimated);
        Progress p;
        const ExperimentResult r = runExperiment(d, o, p);
        const RouterSummary* ov = nullptr;
        for (const auto& s : r.summaries)
            if (s.router == QLatin1String("meta_r_overlap"))
                ov = &s;
        QVERIFY(ov);
        QCOMPARE(ov->paired.at("meta_r").at("quality_at_0.5").n, 2);
        const QJsonObject json = r.toJson();
        QCOMPARE(json["gold_skew"].toDouble(), 0.95);
        bool found = false;
        for (const auto& v : json["results"].toArray())
            found = found || v.toObject().contains("paired_vs_meta_r");
        QVERIFY(found);
        QVERIFY(r.markdownTable().contains("meta_r_overlap vs meta_r"));
        QVERIFY(r.diagnostics["150"].toObject()["overlap"].toObject().contains("meta_r_overlap"));
    }
};

QTEST_GUILESS_MAIN(TstOverlapRouter)
#include "tst_overlap_router.moc"
