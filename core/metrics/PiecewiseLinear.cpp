#include "metrics/PiecewiseLinear.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace crw {

namespace {
constexpr double kEdgeTolerance = 1e-12;
}

std::vector<double> linspace(double a, double b, int n)
{
    if (n < 1)
        throw std::invalid_argument("linspace: n must be >= 1");
    std::vector<double> out(static_cast<size_t>(n));
    if (n == 1) {
        out[0] = a;
        return out;
    }
    const double step = (b - a) / (n - 1);
    for (int i = 0; i < n; ++i)
        out[static_cast<size_t>(i)] = a + i * step;
    out.back() = b;
    return out;
}

std::vector<double> paperPmurGrid() { return linspace(0.2, 0.8, 61); }

double interpolateOrMissing(const std::vector<double>& xs, const std::vector<double>& ys, double x)
{
    if (xs.empty() || xs.size() != ys.size())
        throw std::invalid_argument("interpolateOrMissing: need equally long, non-empty xs and ys");
    if (x < xs.front() - kEdgeTolerance || x > xs.back() + kEdgeTolerance)
        return std::numeric_limits<double>::quiet_NaN();
    if (x <= xs.front())
        return ys.front();
    if (x >= xs.back())
        return ys.back();
    // First knot strictly greater than x; x lies in [xs[hi-1], xs[hi]).
    const auto hi = static_cast<size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin());
    const size_t lo = hi - 1;
    const double span = xs[hi] - xs[lo];
    if (span <= 0)
        return ys[lo];
    const double t = (x - xs[lo]) / span;
    return ys[lo] + t * (ys[hi] - ys[lo]);
}

double trapezoid(const std::vector<double>& xs, const std::vector<double>& ys)
{
    if (xs.size() != ys.size())
        throw std::invalid_argument("trapezoid: xs and ys differ in length");
    double area = 0;
    for (size_t i = 1; i < xs.size(); ++i)
        area += 0.5 * (xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1]);
    return area;
}

double trapezoidOverValidPrefix(const std::vector<double>& xs, const std::vector<double>& ys)
{
    if (xs.size() != ys.size())
        throw std::invalid_argument("trapezoidOverValidPrefix: xs and ys differ in length");
    size_t n = 0;
    while (n < ys.size() && !std::isnan(ys[n]))
        ++n;
    return trapezoid(std::vector<double>(xs.begin(), xs.begin() + static_cast<long>(n)),
        std::vector<double>(ys.begin(), ys.begin() + static_cast<long>(n)));
}

} // namespace crw
