#include "runs/OperatingPointReadout.h"

#include "metrics/RoutingQuality.h"
#include "routing/AbstainRule.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace crw {

namespace {

Vector toVector(const QVector<double>& v)
{
    return Eigen::Map<const Vector>(v.data(), Eigen::Index(v.size()));
}

} // namespace

double interpolateAt(const QVector<double>& x, const QVector<double>& y, double x0)
{
    if (x.isEmpty() || x.size() != y.size() || !(x0 >= x.front() && x0 <= x.back()))
        return kMissing;
    const auto it = std::lower_bound(x.begin(), x.end(), x0);
    const qsizetype i = it - x.begin();
    if (x[i] == x0 || i == 0)
        return y[i];
    const double t = (x0 - x[i - 1]) / (x[i] - x[i - 1]);
    return y[i - 1] + t * (y[i] - y[i - 1]);
}

QStringList unpricedModels(const RunRecord& run)
{
    const TestTruth& t = run.testTruth;
    if (t.qualityPrimary.isEmpty() || t.hasCosts())
        return {};
    auto missing = [n = t.qualityPrimary.size()](const QVector<double>& c) {
        return c.size() != n || std::any_of(c.begin(), c.end(), [](double v) { return !std::isfinite(v); });
    };
    QStringList out;
    if (missing(t.costPrimary))
        out << run.primary;
    if (missing(t.costAlternative))
        out << run.alternative;
    return out;
}

namespace {

// The abstain rule on the test queries: replaces the plain rule's shares, quality, cost, cut and EG.
void applyAbstain(OperatingPointReadout& out, const RunRecord& run, const RouterCurves& c, double z)
{
    const TestTruth& t = run.testTruth;
    const Vector psi = toVector(c.psiTest), se = toVector(c.psiTestSe);
    const Vector qp = toVector(t.qualityPrimary), qa = toVector(t.qualityAlternative);
    const int n = int(psi.size());
    const double cut = thresholdForShare(psi, out.requestedShare);
    const AbstainEvaluation e = out.costInUsd
        ? evaluateAbstain(psi, se, cut, z, qp, qa, toVector(t.costPrimary), toVector(t.costAlternative))
        : evaluateAbstain(psi, se, cut, z, qp, qa);
    out.abstainApplied = true;
    out.abstainZ = z;
    out.toPrimary = int(std::lround(e.primaryShare * n));
    out.abstained = int(std::lround(e.abstainShare * n));
    out.sharePrimary = e.primaryShare;
    out.shareAlternative = 1.0 - e.primaryShare;
    out.abstainShare = e.abstainShare;
    out.expectedQuality = e.meanQuality;
    out.costPer1000 = 1000.0 * e.meanCost;
    out.psiThreshold = cut;
    out.egAtShare = kMissing;
    if (t.gain.size() == n && std::all_of(t.gain.begin(), t.gain.end(), [](double g) { return std::isfinite(g); })) {
        double chosen = 0, total = 0;
        for (int i = 0; i < n; ++i) {
            total += t.gain[i];
            if (decideWithAbstain(psi[i], se[i], cut, z) != AbstainDecision::Alternative)
                chosen += t.gain[i];
        }
        out.egAtShare = chosen - e.primaryShare * total;
    }
}

} // namespace

OperatingPointReadout computeReadout(
    const RunRecord& run, const QString& router, double share, const AbstainSetting& abstain)
{
    OperatingPointReadout out;
    out.router = router;
    out.requestedShare = std::clamp(share, 0.0, 1.0);
    const RouterCurves* c = run.router(router);
    const TestTruth& t = run.testTruth;
    if (!c || !c->hasTest() || c->psiTest.size() != t.qualityPrimary.size()
        || t.qualityPrimary.size() != t.qualityAlternative.size())
        return out;
    if (std::any_of(c->psiTest.begin(), c->psiTest.end(), [](double v) { return !std::isfinite(v); }))
        return out;
    const Vector psi = toVector(c->psiTest), qp = toVector(t.qualityPrimary), qa = toVector(t.qualityAlternative);
    const int n = int(psi.size());
    out.costInUsd = t.hasCosts() && t.costPrimary.size() == n;
    if (!out.costInUsd)
        out.unpricedModels = unpricedModels(run);
    const RoutingAtShare r = out.costInUsd
        ? routingQualityAt(psi, qp, qa, out.requestedShare, toVector(t.costPrimary), toVector(t.costAlternative))
        : routingQualityAt(psi, qp, qa, out.requestedShare);
    out.valid = true;
    out.testQueries = n;
    out.toPrimary = r.k;
    out.sharePrimary = r.share;
    out.shareAlternative = 1.0 - r.share;
    out.expectedQuality = r.meanQuality;
    out.qualityPrimaryOnly = qp.mean();
    out.qualityAlternativeOnly = qa.mean();
    out.costPer1000 = 1000.0 * r.totalCost / n;

    std::vector<double> sorted(c->psiTest.begin(), c->psiTest.end());
    std::sort(sorted.begin(), sorted.end(), std::greater<double>());
    const int k = r.k;
    if (k == 0)
        out.psiThreshold = sorted.front();
    else if (k == n)
        out.psiThreshold = sorted.back();
    else
        out.psiThreshold = 0.5 * (sorted[size_t(k - 1)] + sorted[size_t(k)]);
    out.egAtShare = interpolateAt(c->pmurGrid, c->fullRankingCurve, out.sharePrimary);
    out.abstainAvailable = c->hasTestSe();
    if (abstain.on && out.abstainAvailable)
        applyAbstain(out, run, *c, abstain.z);
    return out;
}

} // namespace crw
