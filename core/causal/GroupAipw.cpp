#include "causal/GroupAipw.h"

#include "metrics/RunAggregation.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace crw {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Weighted mean of e with weights w and the variance of that (Hajek) mean, with the n/(n-1) correction.
struct WeightedMean {
    double sw = 0, swe = 0;
    std::vector<std::pair<double, double>> rows; // (w, e)
    int n() const { return int(rows.size()); }
    double mean() const { return sw > 0 ? swe / sw : 0.0; }
    double variance() const
    {
        if (rows.size() < 2 || !(sw > 0))
            return kNaN;
        const double m = mean();
        double s = 0;
        for (const auto& [w, e] : rows)
            s += w * w * (e - m) * (e - m);
        return s / (sw * sw) * double(rows.size()) / double(rows.size() - 1);
    }
    void add(double w, double e)
    {
        sw += w;
        swe += w * e;
        rows.emplace_back(w, e);
    }
};

} // namespace

QVector<GroupAipwEstimate> groupAipw(const IntVector& group, int groups, const AipwRows& r, const Vector& deltaHat,
    const Vector& truth, const GroupAipwOptions& opt)
{
    const Eigen::Index n = group.size();
    if (r.t.size() != n || r.o.size() != n || r.mu0.size() != n || r.mu1.size() != n || r.p.size() != n)
        throw std::invalid_argument("groupAipw: every vector needs one entry per row");
    const bool hasDelta = deltaHat.size() == n, hasTruth = truth.size() == n && truth.allFinite();
    std::vector<WeightedMean> gold(static_cast<size_t>(groups)), pref(static_cast<size_t>(groups));
    std::vector<double> plug(size_t(groups), 0), dh(size_t(groups), 0), tr(size_t(groups), 0);
    std::vector<int> rows(size_t(groups), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
        const int g = group[i];
        if (g < 0 || g >= groups)
            continue;
        ++rows[size_t(g)];
        plug[size_t(g)] += r.mu1[i] - r.mu0[i];
        if (hasDelta)
            dh[size_t(g)] += deltaHat[i];
        if (hasTruth)
            tr[size_t(g)] += truth[i];
        if (r.t[i] == 1)
            gold[size_t(g)].add(1.0 / r.p[i], r.o[i] - r.mu1[i]);
        else
            pref[size_t(g)].add(1.0 / (1.0 - r.p[i]), r.o[i] - r.mu0[i]);
    }
    QVector<GroupAipwEstimate> out;
    for (int g = 0; g < groups; ++g) {
        GroupAipwEstimate e;
        e.group = g;
        const auto& G = gold[size_t(g)];
        const auto& P = pref[size_t(g)];
        e.nGold = G.n();
        e.nPreference = P.n();
        const int m = rows[size_t(g)];
        e.estimate = m > 0 ? plug[size_t(g)] / m + G.mean() - P.mean() : kNaN;
        e.meanDeltaHat = m > 0 && hasDelta ? dh[size_t(g)] / m : kNaN;
        e.truth = m > 0 && hasTruth ? tr[size_t(g)] / m : kNaN;
        const double v1 = G.variance(), v0 = P.variance();
        e.se = std::isfinite(v1) && std::isfinite(v0) ? std::sqrt(v1 + v0) : kNaN;
        if (e.nGold < opt.minGold)
            e.reason = QStringLiteral("%1 gold rows, fewer than the %2 an interval needs").arg(e.nGold).arg(opt.minGold);
        else if (e.nPreference < opt.minPreference)
            e.reason = QStringLiteral("%1 preference rows, fewer than the %2 an interval needs")
                           .arg(e.nPreference)
                           .arg(opt.minPreference);
        else if (!(e.se > 0))
            e.reason = QStringLiteral("no variation in the group's residuals");
        if (e.hasInterval()) {
            // Welch-Satterthwaite degrees of freedom of the two weighted means.
            const double a = v1 * v1 / (e.nGold - 1), b = v0 * v0 / (e.nPreference - 1);
            e.df = (v1 + v0) * (v1 + v0) / std::max(a + b, 1e-300);
            const double q = studentTQuantile(0.5 + opt.level / 2, std::max(1, int(std::floor(e.df))));
            e.ciLow = e.estimate - q * e.se;
            e.ciHigh = e.estimate + q * e.se;
        } else {
            e.ciLow = e.ciHigh = kNaN;
        }
        out.push_back(e);
    }
    return out;
}

} // namespace crw
