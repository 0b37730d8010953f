#include "causal/PropensityBalance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace crw {

QString propensityModeName(PropensityMode m)
{
    switch (m) {
    case PropensityMode::Estimated:
        return QStringLiteral("estimated");
    case PropensityMode::Design:
        return QStringLiteral("design");
    case PropensityMode::Auto:
        return QStringLiteral("auto");
    }
    return {};
}

bool parsePropensityMode(const QString& s, PropensityMode* out)
{
    for (auto m : { PropensityMode::Estimated, PropensityMode::Design, PropensityMode::Auto })
        if (propensityModeName(m) == s) {
            *out = m;
            return true;
        }
    return false;
}

namespace {
/// Mid-ranks (1-based, ties averaged) of v.
std::vector<double> midRanks(const std::vector<double>& v)
{
    const size_t n = v.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> rank(n);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[order[j + 1]] == v[order[i]])
            ++j;
        const double r = 0.5 * double(i + j) + 1.0;
        for (size_t k = i; k <= j; ++k)
            rank[order[k]] = r;
        i = j + 1;
    }
    return rank;
}

double sampleVariance(const std::vector<double>& v)
{
    if (v.size() < 2)
        return 0.0;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double s = 0;
    for (double x : v)
        s += (x - mean) * (x - mean);
    return s / double(v.size() - 1);
}
} // namespace

AucInterval delongAuc(const Vector& score, const IntVector& t, double z)
{
    AucInterval a;
    std::vector<double> all, pos, neg;
    all.reserve(size_t(score.size()));
    for (Eigen::Index i = 0; i < score.size(); ++i) {
        all.push_back(score[i]);
        (t[i] ? pos : neg).push_back(score[i]);
    }
    a.positives = int(pos.size());
    a.negatives = int(neg.size());
    if (pos.empty() || neg.empty())
        return a;
    const std::vector<double> rAll = midRanks(all), rPos = midRanks(pos), rNeg = midRanks(neg);
    const double n1 = double(pos.size()), n0 = double(neg.size());
    // DeLong's structural components: V10 for each positive (share of negatives below it), V01 for each negative
    // (share of positives above it), from the ranks in the pooled sample minus the ranks within the own class.
    std::vector<double> v10, v01;
    v10.reserve(pos.size());
    v01.reserve(neg.size());
    size_t ip = 0, in = 0;
    for (Eigen::Index i = 0; i < score.size(); ++i) {
        if (t[i])
            v10.push_back((rAll[size_t(i)] - rPos[ip++]) / n0);
        else
            v01.push_back(1.0 - (rAll[size_t(i)] - rNeg[in++]) / n1);
    }
    a.auc = std::accumulate(v10.begin(), v10.end(), 0.0) / n1;
    a.se = std::sqrt(sampleVariance(v10) / n1 + sampleVariance(v01) / n0);
    a.lo = std::max(0.0, a.auc - z * a.se);
    a.hi = std::min(1.0, a.auc + z * a.se);
    return a;
}

QJsonObject PropensityChoice::toJson() const
{
    QJsonObject o { { "requested", propensityModeName(requested) }, { "used", propensityModeName(used) },
        { "balance_tested", tested }, { "balance_rejected", rejected }, { "reason", reason } };
    if (tested) {
        o["auc"] = auc.auc;
        o["auc_se"] = auc.se;
        o["auc_ci_low"] = auc.lo;
        o["auc_ci_high"] = auc.hi;
    }
    return o;
}

PropensityChoice choosePropensity(PropensityMode requested, const Vector& pRaw, const IntVector& t)
{
    PropensityChoice c;
    c.requested = requested;
    if (requested == PropensityMode::Design)
        return chooseDesignUntested();
    c.tested = true;
    c.auc = delongAuc(pRaw, t);
    c.rejected = std::isfinite(c.auc.lo) && c.auc.lo > 0.5;
    const QString aucText = QStringLiteral("out-of-fold AUC of the propensity model %1 (95% interval %2 to %3)")
                                .arg(c.auc.auc, 0, 'f', 3)
                                .arg(c.auc.lo, 0, 'f', 3)
                                .arg(c.auc.hi, 0, 'f', 3);
    if (requested == PropensityMode::Estimated) {
        c.used = PropensityMode::Estimated;
        c.reason = QStringLiteral("estimated propensity, as requested; %1").arg(aucText);
    } else if (c.rejected) {
        c.used = PropensityMode::Estimated;
        c.reason = QStringLiteral("estimated propensity: gold and preference queries differ (%1 lies above 0.5)")
                       .arg(aucText);
    } else {
        c.used = PropensityMode::Design;
        c.reason = QStringLiteral("design propensity n/(n+m): no detectable difference between gold and preference "
                                  "queries (%1 does not lie above 0.5)")
                       .arg(aucText);
    }
    return c;
}

PropensityChoice chooseDesignUntested()
{
    PropensityChoice c;
    c.requested = PropensityMode::Design;
    c.used = PropensityMode::Design;
    c.reason = QStringLiteral("design propensity n/(n+m), as requested (no balance test)");
    return c;
}

} // namespace crw
