#pragma once
// The region where gold and preference queries overlap, from the source propensity (METHOD.md §2, §13:
// the "truncated" Meta-Router the paper leaves to future work).
#include "learn/Types.h"

#include <QJsonObject>
#include <vector>

namespace crw {

/// The density ratio q_gold(s) / q_pref(s), normalised to 1 where the propensity equals the base rate:
/// odds(p) / odds(kappa). p and kappa are clamped into [1e-9, 1 - 1e-9].
double overlapDensityRatio(double p, double kappa);

struct OverlapRegion {
    std::vector<bool> inside; // per pooled row
    double minRatio = 0.1;
    int prefRows = 0, prefInside = 0, goldRows = 0, goldInside = 0;
    double prefShareInside() const { return prefRows ? double(prefInside) / prefRows : 0.0; }
    double goldShareInside() const { return goldRows ? double(goldInside) / goldRows : 0.0; }
    QJsonObject toJson() const;
};

/// A preference row is inside when the gold density there is at least minRatio times the preference density
/// (ratio >= minRatio); a gold row is inside when the preference density is at least minRatio times the gold
/// density (ratio <= 1/minRatio). pRaw: unclipped out-of-fold propensities; t: 1 gold / 0 preference.
/// minRatio must be in (0, 1]; with a constant (design) propensity every row is inside.
OverlapRegion overlapRegion(const Vector& pRaw, const IntVector& t, double kappa, double minRatio);

} // namespace crw
