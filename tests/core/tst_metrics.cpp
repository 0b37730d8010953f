// Evaluation metrics on tiny hand-computed cases: EG curve (cut-off, ties, perfect/reversed ranking, random
// reference), summaries, routing quality, Monte-Carlo aggregation, RouteLLM PGR/APGR/CPT, RouterBench hull/AIQ and
// references, operating point and its inverse, and the simple-debiasing pitfall of METHOD.md §15.2.
#include "metrics/CostQualityFrontier.h"
#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/MultiModelReferences.h"
#include "metrics/OperatingPoint.h"
#include "metrics/PiecewiseLinear.h"
#include "metrics/RouteLlmMetrics.h"
#include "metrics/RoutingQuality.h"
#include "metrics/RunAggregation.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace crw;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool near(double a, double b, double tol = 1e-12)
{
    return std::abs(a - b) <= tol;
}

#define QVERIFY_NEAR(a, b, tol)                                                                                        \
    QVERIFY2(near((a), (b), (tol)), qPrintable(QStringLiteral("%1 != %2").arg((a), 0, 'g', 17).arg((b), 0, 'g', 17)))

Vector vec(std::initializer_list<double> v)
{
    Vector out(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (double x : v)
        out[i++] = x;
    return out;
}

/// Index of p in the paper grid 0.20, 0.21, ..., 0.80.
size_t gridIndex(double p)
{
    return static_cast<size_t>(std::lround((p - 0.2) * 100));
}

// The running example (N = 5):
//   idx      0     1     2     3     4
//   psi_hat  0.9  -0.2   0.5   0.1  -0.4
//   r        1     2     0.5  -1     0.5      sum r = 3
// Ranking by psi_hat: 0, 2, 3, 1, 4.  Positives: 0, 2, 3 -> K = 3, curve end 3/5 = 0.6.
// Cumulative true gain at PMUR 0, .2, .4, .6, .8, 1:  0, 1, 1.5, 0.5, 2.5, 3 (the last two only without cut-off).
// Random (expected) = 3p.
// EG at 0.2: 1 - 0.6 = 0.4.   At 0.3: (1+1.5)/2 - 0.9 = 0.35.   At 0.4: 1.5 - 1.2 = 0.3.
// At 0.5: (1.5+0.5)/2 - 1.5 = -0.5.   At 0.6: 0.5 - 1.8 = -1.3.   At 0.8: cut-off -> missing; full 2.5 - 2.4 = 0.1.
const Vector kPsi = vec({ 0.9, -0.2, 0.5, 0.1, -0.4 });
const Vector kR = vec({ 1, 2, 0.5, -1, 0.5 });
// True qualities of primary and alternative (gain qP - qA = 0.7, 0.7, 0.2, -0.2, 0.1).
const Vector kQp = vec({ 0.9, 0.8, 0.6, 0.3, 0.7 });
const Vector kQa = vec({ 0.2, 0.1, 0.4, 0.5, 0.6 });

} // namespace

class TstMetrics : public QObject {
    Q_OBJECT
private slots:
    void gridAndInterpolation()
    {
        const auto g = paperPmurGrid();
        QCOMPARE(g.size(), size_t(61));
        QCOMPARE(g.front(), 0.2);
        QCOMPARE(g.back(), 0.8);
        QVERIFY_NEAR(g[30], 0.5, 1e-15);
        // Polyline (0,0) (0.2,1) (0.4,1.5): at 0.1 -> 0.5; at 0.3 -> 1.25; at the end 1.5; beyond it missing.
        const std::vector<double> xs { 0, 0.2, 0.4 }, ys { 0, 1, 1.5 };
        QVERIFY_NEAR(interpolateOrMissing(xs, ys, 0.1), 0.5, 1e-15);
        QVERIFY_NEAR(interpolateOrMissing(xs, ys, 0.3), 1.25, 1e-15);
        QCOMPARE(interpolateOrMissing(xs, ys, 0.4), 1.5);
        QCOMPARE(interpolateOrMissing(xs, ys, 0.4 + 1e-13), 1.5); // rounding slack of a grid value
        QVERIFY(std::isnan(interpolateOrMissing(xs, ys, 0.41)));
        QVERIFY(std::isnan(interpolateOrMissing(xs, ys, -0.01)));
    }

    void trapezoidOnKnownCurve()
    {
        // Tent (0.2,0) (0.5,3) (0.8,0): two triangles of 0.3 * 3 / 2 = 0.45 each -> 0.9.
        QVERIFY_NEAR(trapezoid({ 0.2, 0.5, 0.8 }, { 0, 3, 0 }), 0.9, 1e-15);
        // Only the non-missing prefix counts: the first triangle, 0.45.
        QVERIFY_NEAR(trapezoidOverValidPrefix({ 0.2, 0.5, 0.8 }, { 0, 3, kNaN }), 0.45, 1e-15);
        QCOMPARE(trapezoidOverValidPrefix({ 0.2, 0.5 }, { kNaN, 1 }), 0.0);
    }

    void cumulativeGainWithAndWithoutCutoff()
    {
        const auto cut = cumulativeTrueGain(kPsi, kR, true);
        const std::vector<double> expectCut { 0, 1, 1.5, 0.5 };
        QCOMPARE(cut, expectCut);
        const auto full = cumulativeTrueGain(kPsi, kR, false);
        const std::vector<double> expectFull { 0, 1, 1.5, 0.5, 2.5, 3 };
        QCOMPARE(full, expectFull);
        // psi_hat = 0 is not admitted (strict > 0): only query 0 -> {0, 1}.
        QCOMPARE(cumulativeTrueGain(vec({ 0.3, 0, -0.1 }), vec({ 1, 2, 3 }), true), (std::vector<double> { 0, 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cumulativeTrueGain(vec({ 1, 2 }), vec({ 1 }), true));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cumulativeTrueGain(vec({ 1, kNaN }), vec({ 1, 2 }), true));
    }

    void tiesAreBrokenByIndex()
    {
        // psi_hat 0.5, 0.5, 0.2: the tie goes to index 0 first. r = 0, 3, 1 -> cum 0, 0, 3, 4;
        // swapping r to 3, 0, 1 -> cum 0, 3, 3, 4.
        QCOMPARE(
            cumulativeTrueGain(vec({ 0.5, 0.5, 0.2 }), vec({ 0, 3, 1 }), true), (std::vector<double> { 0, 0, 3, 4 }));
        QCOMPARE(
            cumulativeTrueGain(vec({ 0.5, 0.5, 0.2 }), vec({ 3, 0, 1 }), true), (std::vector<double> { 0, 3, 3, 4 }));
        // EG at PMUR 1/3: 0 - 4/3 with the first order.
        EgOptions o;
        o.grid = { 1.0 / 3 };
        QVERIFY_NEAR(efficiencyGainCurve(vec({ 0.5, 0.5, 0.2 }), vec({ 0, 3, 1 }), o).eg[0], -4.0 / 3, 1e-12);
    }

    void egCurveWithCutoffEndsAndGoesMissing()
    {
        const EgCurve c = efficiencyGainCurve(kPsi, kR);
        QCOMPARE(c.n, 5);
        QCOMPARE(c.admitted, 3);
        QVERIFY_NEAR(c.curveEnd, 0.6, 1e-15);
        QCOMPARE(c.grid.size(), size_t(61));
        QVERIFY_NEAR(c.totalEff[gridIndex(0.2)], 1.0, 1e-12);
        QVERIFY_NEAR(c.randomEff[gridIndex(0.2)], 0.6, 1e-12);
        QVERIFY_NEAR(c.eg[gridIndex(0.2)], 0.4, 1e-12);
        QVERIFY_NEAR(c.eg[gridIndex(0.3)], 0.35, 1e-12);
        QVERIFY_NEAR(c.eg[gridIndex(0.4)], 0.3, 1e-12);
        QVERIFY_NEAR(c.totalEff[gridIndex(0.5)], 1.0, 1e-12);
        QVERIFY_NEAR(c.eg[gridIndex(0.5)], -0.5, 1e-12);
        QVERIFY_NEAR(c.eg[gridIndex(0.6)], -1.3, 1e-12); // the last defined point, exactly at the curve end
        for (size_t i = gridIndex(0.61); i < c.grid.size(); ++i) {
            QVERIFY(std::isnan(c.eg[i]));
            QVERIFY(std::isnan(c.totalEff[i]));
            QVERIFY(!std::isnan(c.randomEff[i])); // the random reference is never truncated
        }
        QVERIFY_NEAR(c.randomEff[gridIndex(0.8)], 2.4, 1e-12);
    }

    void egSummaryCutoffAndFull()
    {
        // Cut-off: EG is linear on [0.2,0.4] (0.4 -> 0.3) and on [0.4,0.6] (0.3 -> -1.3); both knots are grid points,
        // so the trapezoid on the grid is exact: 0.2*(0.4+0.3)/2 + 0.2*(0.3-1.3)/2 = 0.07 - 0.1 = -0.03.
        const EgSummary s = summarizeEg(efficiencyGainCurve(kPsi, kR));
        QCOMPARE(s.validPoints, 41);
        QVERIFY_NEAR(s.maxEg, 0.4, 1e-12);
        QVERIFY_NEAR(s.pmurAtMax, 0.2, 1e-15);
        QVERIFY_NEAR(s.area, -0.03, 1e-12);
        // Full ranking adds [0.6,0.8]: -1.3 -> 0.1, area 0.2*(-1.3+0.1)/2 = -0.12; total -0.15.
        const EgCurve f = fullRankingCurve(kPsi, kR);
        QCOMPARE(f.admitted, 5);
        QVERIFY_NEAR(f.eg[gridIndex(0.8)], 0.1, 1e-12);
        const EgSummary sf = summarizeEg(f);
        QCOMPARE(sf.validPoints, 61);
        QVERIFY_NEAR(sf.area, -0.15, 1e-12);
        QVERIFY_NEAR(sf.maxEg, 0.4, 1e-12);
    }

    void noPositiveScoresMeansNoCurve()
    {
        const EgSummary s = summarizeEg(efficiencyGainCurve(vec({ -1, -2, -3 }), vec({ 1, 2, 3 })));
        QCOMPARE(s.validPoints, 0);
        QVERIFY(std::isnan(s.maxEg));
        QVERIFY(std::isnan(s.pmurAtMax));
        QCOMPARE(s.area, 0.0);
    }

    void perfectRankingIsBestReversedIsWorst()
    {
        // Perfect psi_hat = r: sorted r 2, 1, 0.5, 0.5, -1 -> cum 0, 2, 3, 3.5, 4, 3.
        //   EG(0.2) = 2 - 0.6 = 1.4;  EG(0.5) = 3.25 - 1.5 = 1.75;  EG(0.8) = 4 - 2.4 = 1.6.
        // Reversed psi_hat = -r: sorted -1, 0.5, 0.5, 1, 2 -> cum 0, -1, -0.5, 0, 1, 3.
        //   EG(0.2) = -1 - 0.6 = -1.6;  EG(0.5) = -0.25 - 1.5 = -1.75;  EG(0.8) = 1 - 2.4 = -1.4.
        EgOptions o;
        o.grid = { 0.2, 0.5, 0.8 };
        const EgCurve best = fullRankingCurve(kR, kR, o);
        const EgCurve worst = fullRankingCurve(-kR, kR, o);
        const std::vector<double> bestEg { 1.4, 1.75, 1.6 }, worstEg { -1.6, -1.75, -1.4 };
        for (size_t i = 0; i < 3; ++i) {
            QVERIFY_NEAR(best.eg[i], bestEg[i], 1e-12);
            QVERIFY_NEAR(worst.eg[i], worstEg[i], 1e-12);
        }
        // Against every one of the 120 rankings on the full grid: perfect >= any >= reversed.
        std::vector<double> ranks { 1, 2, 3, 4, 5 };
        const EgCurve bestFull = fullRankingCurve(kR, kR);
        const EgCurve worstFull = fullRankingCurve(-kR, kR);
        int perms = 0;
        do {
            const EgCurve c = fullRankingCurve(vec({ ranks[0], ranks[1], ranks[2], ranks[3], ranks[4] }), kR);
            for (size_t i = 0; i < c.eg.size(); ++i) {
                QVERIFY(c.eg[i] <= bestFull.eg[i] + 1e-12);
                QVERIFY(c.eg[i] >= worstFull.eg[i] - 1e-12);
            }
            ++perms;
        } while (std::next_permutation(ranks.begin(), ranks.end()));
        QCOMPARE(perms, 120);
        QVERIFY(summarizeEg(worstFull).maxEg < 0);
        QVERIFY(summarizeEg(worstFull).area < 0);
    }

    void permutationRandomReference()
    {
        EgOptions o;
        o.random = RandomReference::Permutation;
        o.seed = 7;
        o.grid = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
        const EgCurve a = fullRankingCurve(kPsi, kR, o);
        const EgCurve b = fullRankingCurve(kPsi, kR, o);
        QCOMPARE(a.randomEff, b.randomEff); // same seed, same numbers
        // On the knots k/N the random curve is a cumulative sum over a permutation: the increments are r itself.
        std::vector<double> inc;
        for (size_t i = 1; i < a.randomEff.size(); ++i)
            inc.push_back(a.randomEff[i] - a.randomEff[i - 1]);
        std::vector<double> r { 1, 2, 0.5, -1, 0.5 };
        std::sort(inc.begin(), inc.end());
        std::sort(r.begin(), r.end());
        for (size_t i = 0; i < r.size(); ++i)
            QVERIFY_NEAR(inc[i], r[i], 1e-12);
        QCOMPARE(a.randomEff.front(), 0.0);
        QVERIFY_NEAR(a.randomEff.back(), 3.0, 1e-12);
        // Averaged over many seeds it approaches the expected reference 3p (at p = 0.4: 1.2).
        double sum = 0;
        const int seeds = 4000;
        for (int s = 0; s < seeds; ++s) {
            o.seed = static_cast<std::uint64_t>(s);
            sum += fullRankingCurve(kPsi, kR, o).randomEff[2];
        }
        QVERIFY_NEAR(sum / seeds, 1.2, 0.05);
    }

    void routingQualityAtFixedShares()
    {
        // p = 0.3: k = round(1.5) = 2 -> queries 0 and 2 to the primary:
        //   0.9 + 0.1 + 0.6 + 0.5 + 0.6 = 2.7, mean 0.54; cost 2 (primary 1, alternative 0).
        // p = 0.5: k = round(2.5) = 3 -> 0, 2, 3:  0.9 + 0.1 + 0.6 + 0.3 + 0.6 = 2.5, mean 0.5; cost 3.
        const auto q3 = routingQualityAt(kPsi, kQp, kQa, 0.3);
        QCOMPARE(q3.k, 2);
        QVERIFY_NEAR(q3.share, 0.4, 1e-15);
        QVERIFY_NEAR(q3.meanQuality, 0.54, 1e-12);
        QVERIFY_NEAR(q3.totalCost, 2.0, 1e-12);
        const auto q5 = routingQualityAt(kPsi, kQp, kQa, 0.5);
        QCOMPARE(q5.k, 3);
        QVERIFY_NEAR(q5.meanQuality, 0.5, 1e-12);
        QVERIFY_NEAR(q5.totalCost, 3.0, 1e-12);
        // Per-query costs: primary 2, 2, 3, 1, 1; alternative 0.5 each. At p = 0.3: 2 + 3 + 3*0.5 = 6.5.
        const auto qc = routingQualityAt(kPsi, kQp, kQa, 0.3, vec({ 2, 2, 3, 1, 1 }), Vector::Constant(5, 0.5));
        QVERIFY_NEAR(qc.totalCost, 6.5, 1e-12);
        // p = 0 is always-alternative (mean 0.36), p = 1 always-primary (mean 0.66).
        QVERIFY_NEAR(routingQualityAt(kPsi, kQp, kQa, 0).meanQuality, 0.36, 1e-12);
        QVERIFY_NEAR(routingQualityAt(kPsi, kQp, kQa, 1).meanQuality, 0.66, 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, routingQualityAt(kPsi, kQp, kQa, 1.5));
    }

    void simpleDebiasingPitfall()
    {
        // METHOD.md §15.2: a global shift of psi_hat changes the cut-off metric but not the ranking.
        // Shift -0.3: psi_hat 0.6, -0.5, 0.2, -0.2, -0.7 -> only queries 0, 2 are positive, curve ends at 0.4:
        //   cut-off area = 0.2 * (0.4 + 0.3) / 2 = 0.07 (was -0.03).
        // Shift +1: everything positive -> cut-off curve = full curve, area -0.15.
        const Vector down = kPsi.array() - 0.3;
        const Vector up = kPsi.array() + 1.0;
        QVERIFY_NEAR(summarizeEg(efficiencyGainCurve(kPsi, kR)).area, -0.03, 1e-12);
        QVERIFY_NEAR(summarizeEg(efficiencyGainCurve(down, kR)).area, 0.07, 1e-12);
        QVERIFY_NEAR(summarizeEg(efficiencyGainCurve(up, kR)).area, -0.15, 1e-12);
        QCOMPARE(efficiencyGainCurve(down, kR).admitted, 2);
        const EgCurve full = fullRankingCurve(kPsi, kR);
        for (const Vector& shifted : { down, up }) {
            QCOMPARE(fullRankingCurve(shifted, kR).eg, full.eg);
            for (double p : { 0.3, 0.5 })
                QCOMPARE(routingQualityAt(shifted, kQp, kQa, p).meanQuality,
                    routingQualityAt(kPsi, kQp, kQa, p).meanQuality);
        }
        // The same on a larger random case (N = 200): the cut-off area moves, the full curve and quality do not.
        std::mt19937_64 rng(11);
        std::normal_distribution<double> nd;
        Vector psi(200), r(200), qp(200), qa(200);
        for (int i = 0; i < 200; ++i) {
            psi[i] = nd(rng);
            r[i] = 0.5 * psi[i] + nd(rng);
            qa[i] = nd(rng);
            qp[i] = qa[i] + r[i];
        }
        const Vector shifted = psi.array() - 0.5;
        const double areaA = summarizeEg(efficiencyGainCurve(psi, r)).area;
        const double areaB = summarizeEg(efficiencyGainCurve(shifted, r)).area;
        QVERIFY(std::abs(areaA - areaB) > 1e-3);
        QCOMPARE(fullRankingCurve(shifted, r).eg, fullRankingCurve(psi, r).eg);
        QCOMPARE(routingQualityAt(shifted, qp, qa, 0.3).meanQuality, routingQualityAt(psi, qp, qa, 0.3).meanQuality);
        QCOMPARE(routingQualityAt(shifted, qp, qa, 0.5).meanQuality, routingQualityAt(psi, qp, qa, 0.5).meanQuality);
    }

    void meanAndStandardError()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, var 32/7, se = sqrt(32/7 / 8) = sqrt(4/7).
        const MeanSe m = meanSe({ 2, 4, 4, 4, 5, 5, 7, 9, kNaN });
        QCOMPARE(m.n, 8);
        QVERIFY_NEAR(m.mean, 5.0, 1e-12);
        QVERIFY_NEAR(m.se, std::sqrt(4.0 / 7.0), 1e-12);
        const MeanSe one = meanSe({ 3.0 });
        QCOMPARE(one.mean, 3.0);
        QVERIFY(std::isnan(one.se));
        QVERIFY(std::isnan(meanSe({ kNaN }).mean));
    }

    void curveAggregationIgnoresMissing()
    {
        // Point 0: 1, 3, 2 -> mean 2, sd 1, se 1/sqrt(3). Point 1: 2, 4 -> mean 3, sd sqrt(2), se 1.
        // Point 2: only 5 -> mean 5, se NaN, n 1 (survivorship: the runs that stopped early are not there).
        const auto agg = curveMeanSe({ { 1, 2, kNaN }, { 3, 4, 5 }, { 2, kNaN, kNaN } });
        QCOMPARE(agg.size(), size_t(3));
        QVERIFY_NEAR(agg[0].mean, 2.0, 1e-12);
        QVERIFY_NEAR(agg[0].se, 1.0 / std::sqrt(3.0), 1e-12);
        QCOMPARE(agg[1].n, 2);
        QVERIFY_NEAR(agg[1].mean, 3.0, 1e-12);
        QVERIFY_NEAR(agg[1].se, 1.0, 1e-12);
        QCOMPARE(agg[2].n, 1);
        QCOMPARE(agg[2].mean, 5.0);
        QVERIFY(std::isnan(agg[2].se));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, curveMeanSe({ { 1, 2 }, { 1 } }));
    }

    void pairedDifferenceOnHandNumbers()
    {
        // a - b = 0.5, 1, 1, -0.5 (the fifth pair has a NaN and is skipped): mean 0.5; deviations 0, .5, .5, -1;
        // sum of squares 1.5, var 0.5, sd sqrt(0.5), se = sqrt(0.5)/2, t = 0.5 / se = sqrt(2).
        const PairedDifference d = pairedDifference({ 1, 2, 3, 4, kNaN }, { 0.5, 1, 2, 4.5, 1 });
        QCOMPARE(d.n, 4);
        QVERIFY_NEAR(d.meanDiff, 0.5, 1e-12);
        QVERIFY_NEAR(d.se, std::sqrt(0.5) / 2, 1e-12);
        QVERIFY_NEAR(d.t, std::sqrt(2.0), 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairedDifference({ 1, 2 }, { 1 }));
        // Pairing removes the shared split effect: a = b + 1 exactly on noisy runs -> se 0, mean 1.
        const PairedDifference e = pairedDifference({ 11, 3, 8 }, { 10, 2, 7 });
        QVERIFY_NEAR(e.meanDiff, 1.0, 1e-12);
        QVERIFY_NEAR(e.se, 0.0, 1e-12);
    }

    void routeLlmPgrApgrCpt()
    {
        // N = 4. qStrong 1, 1, 0, 1 (mean 0.75); qWeak 0, 1, 0, 0 (mean 0.25); gap 0.5.
        // Score 0.9, 0.1, 0.5, 0.3 -> order 0, 2, 3, 1; gains 1, 0, 0, 1 in that order.
        // Sweep performance at shares 0, .25, .5, .75, 1: 0.25, 0.5, 0.5, 0.75, 0.75 -> PGR 0, .5, .5, 1, 1.
        // APGR (exact on the 101-point grid, which contains the knots):
        //   .25*(0+.5)/2 + .25*.5 + .25*(.5+1)/2 + .25*1 = .0625 + .125 + .1875 + .25 = 0.625.
        // CPT(20%) = 0.25 * 0.2/0.5 = 0.1; CPT(50%) = 0.25 (first crossing); CPT(80%) = 0.5 + 0.25*0.6 = 0.65.
        const Vector score = vec({ 0.9, 0.1, 0.5, 0.3 });
        const Vector qs = vec({ 1, 1, 0, 1 }), qw = vec({ 0, 1, 0, 0 });
        const auto sweep = thresholdSweep(score, qs, qw);
        QCOMPARE(sweep.size(), size_t(5));
        const std::vector<double> perf { 0.25, 0.5, 0.5, 0.75, 0.75 };
        for (size_t k = 0; k < 5; ++k) {
            QVERIFY_NEAR(sweep[k].strongShare, 0.25 * k, 1e-15);
            QVERIFY_NEAR(sweep[k].performance, perf[k], 1e-15);
        }
        QVERIFY_NEAR(performanceGapRecovered(0.5, 0.25, 0.75), 0.5, 1e-15);
        const RouteLlmSummary s = routeLlmSummary(score, qs, qw);
        QVERIFY_NEAR(s.perfWeak, 0.25, 1e-15);
        QVERIFY_NEAR(s.perfStrong, 0.75, 1e-15);
        QVERIFY_NEAR(s.apgr, 0.625, 1e-12);
        QVERIFY_NEAR(s.cpt20, 0.1, 1e-12);
        QVERIFY_NEAR(s.cpt50, 0.25, 1e-12);
        QVERIFY_NEAR(s.cpt80, 0.65, 1e-12);
        // A random router (the straight line weak -> strong) has APGR 0.5 and CPT(x) = x.
        const std::vector<CallPerformancePoint> line { { 0, 0.25 }, { 1, 0.75 } };
        QVERIFY_NEAR(averagePgr(line, 0.25, 0.75), 0.5, 1e-12);
        QVERIFY_NEAR(callPerformanceThreshold(line, 0.25, 0.75, 0.8), 0.8, 1e-12);
        // One interior point (0.5 share, perf 0.5 -> PGR 0.5): the anchors (0,weak) and (1,strong) are added.
        QVERIFY_NEAR(averagePgr({ { 0.5, 0.5 } }, 0.25, 0.75), 0.5, 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, performanceGapRecovered(0.5, 0.4, 0.4));
    }

    void hullDropsDominatedAndNonConvexPoints()
    {
        // A(0,.2) B(1,.5) C(2,.55) D(3,.9) E(2.5,.4) F(4,.85) G(.5,.1) H(1,.3)
        // C lies below the chord B-D (0.7 at cost 2): non-convex dent, dropped. E is dominated by B, G by A,
        // H shares B's cost with less quality, F is costlier and worse than D (the hull stops at the best quality).
        // B stays: the chord A-D gives 0.2 + 0.7/3 = 0.433 < 0.5 at cost 1. Hull: A, B, D.
        const std::vector<CostQualityPoint> pts { { 2, 0.55 }, { 0, 0.2 }, { 1, 0.5 }, { 3, 0.9 }, { 2.5, 0.4 },
            { 4, 0.85 }, { 0.5, 0.1 }, { 1, 0.3 } };
        const auto hull = nonDecreasingConvexHull(pts);
        QCOMPARE(hull.size(), size_t(3));
        QCOMPARE(hull[0].cost, 0.0);
        QCOMPARE(hull[1].cost, 1.0);
        QCOMPARE(hull[1].quality, 0.5);
        QCOMPARE(hull[2].cost, 3.0);
        QCOMPARE(hull[2].quality, 0.9);
        QVERIFY_NEAR(hullQualityAt(hull, 2), 0.7, 1e-12);
        QCOMPARE(hullQualityAt(hull, 3.5), 0.9); // flat beyond the costliest hull point
        QCOMPARE(hullQualityAt(hull, -0.5), 0.0); // no quality below the cheapest point
        // Collinear middle points are dropped.
        QCOMPARE(nonDecreasingConvexHull({ { 0, 0 }, { 1, 1 }, { 2, 2 } }).size(), size_t(2));
    }

    void aiqOfKnownPolygon()
    {
        // Hull A(0,.2) B(1,.5) D(3,.9). Area over [0,3]: (0.2+0.5)/2 + 2*(0.5+0.9)/2 = 0.35 + 1.4 = 1.75 -> AIQ 1.75/3.
        const std::vector<CostQualityPoint> pts { { 0, 0.2 }, { 1, 0.5 }, { 2, 0.55 }, { 3, 0.9 }, { 4, 0.85 } };
        QVERIFY_NEAR(averageImprovementInQuality(pts), 1.75 / 3, 1e-12);
        QVERIFY_NEAR(averageImprovementInQuality(pts, 0, 3), 1.75 / 3, 1e-12);
        // Wider common range [0,4]: flat 0.9 on [3,4] -> (1.75 + 0.9)/4 = 0.6625.
        QVERIFY_NEAR(averageImprovementInQuality(pts, 0, 4), 0.6625, 1e-12);
        // Range [-1,3]: nothing below cost 0 -> 1.75/4 = 0.4375.
        QVERIFY_NEAR(averageImprovementInQuality(pts, -1, 3), 0.4375, 1e-12);
        // Range [0.5,2]: hull 0.35, 0.5, 0.7 at 0.5, 1, 2 -> 0.5*(0.35+0.5)/2 + (0.5+0.7)/2 = 0.8125 -> /1.5.
        QVERIFY_NEAR(averageImprovementInQuality(pts, 0.5, 2), 0.8125 / 1.5, 1e-12);
        // Collinear line (0,0) (2,2): AIQ = mean height 1.
        QVERIFY_NEAR(averageImprovementInQuality({ { 0, 0 }, { 1, 1 }, { 2, 2 } }), 1.0, 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, averageImprovementInQuality(pts, 1, 1));
    }

    void multiModelReferences()
    {
        // 3 queries x 4 models; costs constant per model: 0.1, 1, 3, 2.5. Model 3 answers exactly like model 2.
        //   quality      m0    m1    m2    m3
        //   q0           0.2   0.8   0.9   0.9
        //   q1           0.5   0.5   0.6   0.6
        //   q2           0.1   0.9   0.9   0.9
        // Means: m0 0.8/3, m1 2.2/3, m2 = m3 = 0.8.  Best single: m3 (ties m2 on quality, cheaper).
        // Cheapest: m0. Oracle: q0 -> m3 (0.9, 2.5), q1 -> m3 (0.6, 2.5), q2 -> m1 (0.9, cheapest of the tie, 1):
        //   cost (2.5+2.5+1)/3 = 2, quality 2.4/3 = 0.8.
        // Random-mixture frontier: m0, m1, m3 (m2 costs more for the same quality). m1 is above the chord m0-m3
        // (0.2667 + 0.5333*0.9/2.4 = 0.4667 at cost 1).
        Matrix q(3, 4), c(3, 4);
        q << 0.2, 0.8, 0.9, 0.9, 0.5, 0.5, 0.6, 0.6, 0.1, 0.9, 0.9, 0.9;
        c.rowwise() = Eigen::RowVector4d(0.1, 1, 3, 2.5);
        const MultiModelReferences r = crw::multiModelReferences(q, c);
        QCOMPARE(r.models.size(), size_t(4));
        QVERIFY_NEAR(r.models[0].quality, 0.8 / 3, 1e-12);
        QVERIFY_NEAR(r.models[1].quality, 2.2 / 3, 1e-12);
        QVERIFY_NEAR(r.models[2].cost, 3.0, 1e-12);
        QCOMPARE(r.bestSingle, 3);
        QCOMPARE(r.cheapestSingle, 0);
        QVERIFY_NEAR(r.oracle.cost, 2.0, 1e-12);
        QVERIFY_NEAR(r.oracle.quality, 0.8, 1e-12);
        QCOMPARE(r.randomFrontier.size(), size_t(3));
        QVERIFY_NEAR(r.randomFrontier[1].cost, 1.0, 1e-12);
        QVERIFY_NEAR(r.randomFrontier[2].cost, 2.5, 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, singleModelPoints(q, Matrix(3, 3)));
    }

    void operatingPointFromWeight()
    {
        // psi_hat 0.9, -0.2, 0.5, 0.1, -0.4; costs primary 1, alternative 0.2 (difference 0.8).
        // w = 0.25 -> threshold 0.2 -> queries 0 and 2: share 0.4; predicted gain (0.9+0.5)/5 = 0.28;
        // true quality as routingQualityAt(0.3) = 0.54; cost per 1000 = 1000*(0.4*1 + 0.6*0.2) = 520.
        const OperatingPoint op = operatingPoint(kPsi, 0.25, 1.0, 0.2, kQp, kQa);
        QVERIFY_NEAR(op.threshold, 0.2, 1e-15);
        QCOMPARE(op.nPrimary, 2);
        QVERIFY_NEAR(op.sharePrimary, 0.4, 1e-15);
        QVERIFY_NEAR(op.shareAlternative, 0.6, 1e-15);
        QVERIFY_NEAR(op.predictedGain, 0.28, 1e-12);
        QVERIFY_NEAR(op.meanQuality, 0.54, 1e-12);
        QVERIFY_NEAR(op.costPer1000, 520.0, 1e-9);
        // w = 0 is the paper's psi_hat > 0 rule: 3 of 5.
        QVERIFY_NEAR(operatingPoint(kPsi, 0, 1, 0.2).sharePrimary, 0.6, 1e-15);
        QVERIFY(std::isnan(operatingPoint(kPsi, 0, 1, 0.2).meanQuality));
        // Strict >: with costs 1/0 and w = 0.5 the score 0.5 stays with the alternative -> only query 0.
        QCOMPARE(operatingPoint(kPsi, 0.5, 1, 0).nPrimary, 1);
    }

    void weightForTargetShare()
    {
        // Sorted psi_hat 0.9, 0.5, 0.1, -0.2, -0.4. Target 0.4 -> k = 2, threshold (0.5+0.1)/2 = 0.3,
        // w = 0.3/0.8 = 0.375; applying w gives back share 0.4.
        const WeightForShare w = weightForShare(kPsi, 0.4, 1.0, 0.2);
        QCOMPARE(w.k, 2);
        QVERIFY_NEAR(w.threshold, 0.3, 1e-15);
        QVERIFY_NEAR(w.w, 0.375, 1e-15);
        QVERIFY_NEAR(w.realisedShare, 0.4, 1e-15);
        QVERIFY_NEAR(operatingPoint(kPsi, w.w, 1.0, 0.2).sharePrimary, 0.4, 1e-15);
        // Ends: target 0 -> threshold = max score, nobody routed; target 1 -> everybody routed.
        QCOMPARE(weightForShare(kPsi, 0, 1, 0).threshold, 0.9);
        QCOMPARE(weightForShare(kPsi, 0, 1, 0).realisedShare, 0.0);
        const WeightForShare all = weightForShare(kPsi, 1, 1.0, 0.2);
        QCOMPARE(all.realisedShare, 1.0);
        QCOMPARE(operatingPoint(kPsi, all.w, 1.0, 0.2).sharePrimary, 1.0);
        // Tie at the boundary: 0.5, 0.5, 0.5, 0.1 with target 0.5 (k = 2): s_2 = s_3 = 0.5 -> threshold 0.5,
        // the tied block goes to the alternative, realised 0 <= target.
        const WeightForShare tie = weightForShare(vec({ 0.5, 0.5, 0.5, 0.1 }), 0.5, 1, 0);
        QCOMPARE(tie.threshold, 0.5);
        QCOMPARE(tie.realisedShare, 0.0);
        // All negative scores: w is negative. -0.1, -0.3, -0.5, -0.7 at 0.5 -> threshold -0.4, w -0.4.
        QVERIFY_NEAR(weightForShare(vec({ -0.1, -0.3, -0.5, -0.7 }), 0.5, 1, 0).w, -0.4, 1e-15);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, weightForShare(kPsi, 0.5, 1, 1));
    }
};

QTEST_APPLESS_MAIN(TstMetrics)
#include "tst_metrics.moc"
