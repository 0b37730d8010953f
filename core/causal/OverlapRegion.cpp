#include "causal/OverlapRegion.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crw {

double overlapDensityRatio(double p, double kappa)
{
    const double pc = std::clamp(p, 1e-9, 1.0 - 1e-9), kc = std::clamp(kappa, 1e-9, 1.0 - 1e-9);
    return (pc / (1.0 - pc)) / (kc / (1.0 - kc));
}

QJsonObject OverlapRegion::toJson() const
{
    return QJsonObject { { "min_ratio", minRatio }, { "pref_rows", prefRows }, { "pref_rows_used", prefInside },
        { "pref_share_used", prefShareInside() }, { "gold_rows", goldRows }, { "gold_rows_inside", goldInside },
        { "gold_share_inside", goldShareInside() } };
}

OverlapRegion overlapRegion(const Vector& pRaw, const IntVector& t, double kappa, double minRatio)
{
    if (!(minRatio > 0.0 && minRatio <= 1.0))
        throw std::invalid_argument("overlap: the minimum density ratio must be in (0, 1]");
    if (pRaw.size() != t.size())
        throw std::invalid_argument("overlap: one propensity per row is required");
    OverlapRegion r;
    r.minRatio = minRatio;
    r.inside.assign(size_t(t.size()), false);
    for (Eigen::Index i = 0; i < t.size(); ++i) {
        const double p = std::isfinite(pRaw[i]) ? pRaw[i] : kappa;
        const double ratio = overlapDensityRatio(p, kappa);
        // A small tolerance keeps a constant propensity (ratio exactly 1 up to rounding) inside for minRatio = 1.
        const bool in = t[i] ? ratio <= (1.0 / minRatio) * (1 + 1e-12) : ratio >= minRatio * (1 - 1e-12);
        r.inside[size_t(i)] = in;
        if (t[i]) {
            ++r.goldRows;
            r.goldInside += in;
        } else {
            ++r.prefRows;
            r.prefInside += in;
        }
    }
    return r;
}

} // namespace crw
