#include "metrics/EgSummary.h"

#include "metrics/PiecewiseLinear.h"

#include <cmath>
#include <limits>

namespace crw {

EgSummary summarizeEg(const EgCurve& curve)
{
    EgSummary s;
    s.maxEg = std::numeric_limits<double>::quiet_NaN();
    s.pmurAtMax = std::numeric_limits<double>::quiet_NaN();
    for (size_t i = 0; i < curve.eg.size(); ++i) {
        const double v = curve.eg[i];
        if (std::isnan(v))
            continue;
        ++s.validPoints;
        if (std::isnan(s.maxEg) || v > s.maxEg) {
            s.maxEg = v;
            s.pmurAtMax = curve.grid[i];
        }
    }
    s.area = trapezoidOverValidPrefix(curve.grid, curve.eg);
    return s;
}

} // namespace crw
