#include "causal/GroupEffects.h"

#include <cmath>
#include <limits>
#include <map>

namespace crw {

QVector<GroupEffect> groupEffects(
    const QVector<QString>& groups, const Vector& pseudo, const Vector& deltaHat, const Vector& truth)
{
    struct Acc {
        int n = 0;
        double s = 0, s2 = 0, d = 0, tr = 0;
    };
    std::map<QString, Acc> acc;
    for (int i = 0; i < groups.size(); ++i) {
        Acc& a = acc[groups[i]];
        ++a.n;
        a.s += pseudo[i];
        a.s2 += pseudo[i] * pseudo[i];
        a.d += deltaHat[i];
        if (truth.size() == pseudo.size())
            a.tr += truth[i];
    }
    QVector<GroupEffect> out;
    for (const auto& [g, a] : acc) {
        GroupEffect e;
        e.group = g;
        e.rows = a.n;
        e.estimate = a.s / a.n;
        const double var = a.n > 1 ? (a.s2 - a.n * e.estimate * e.estimate) / (a.n - 1) : 0.0;
        e.se = a.n > 1 ? std::sqrt(std::max(var, 0.0) / a.n) : std::numeric_limits<double>::quiet_NaN();
        e.meanDeltaHat = a.d / a.n;
        e.truth = truth.size() == pseudo.size() ? a.tr / a.n : std::numeric_limits<double>::quiet_NaN();
        out.push_back(e);
    }
    return out;
}

} // namespace crw
