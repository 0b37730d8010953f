#include "causal/DeltaTarget.h"

#include <cmath>

namespace crw {

double simulatedScale(const Vector& r, const Vector& y, const Vector& trueDelta)
{
    if (r.size() != y.size() || r.size() != trueDelta.size() || r.size() == 0)
        return std::nan("");
    const Vector eta = r - trueDelta;
    const double den = eta.squaredNorm();
    return den > 0 ? eta.dot(y) / den : std::nan("");
}

Vector estimatorTarget(const Vector& r, const Vector& trueDelta, double c, double C)
{
    const double k = c * C;
    return (1.0 - k) * r + k * trueDelta;
}

} // namespace crw
