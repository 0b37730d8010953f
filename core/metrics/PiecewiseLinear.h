#pragma once
// Grids, linear interpolation and trapezoid areas on piecewise-linear curves (x ascending).
#include <vector>

namespace crw {

/// n evenly spaced values from a to b inclusive (numpy.linspace); the last value is exactly b. n=1 gives {a}.
std::vector<double> linspace(double a, double b, int n);

/// The paper's usage-ratio grid: linspace(0.2, 0.8, 61), step 0.01.
std::vector<double> paperPmurGrid();

/// Value at x of the polyline through (xs[i], ys[i]) (xs ascending, at least one point). Returns NaN when x lies
/// outside [xs.front(), xs.back()] by more than 1e-12 (a point beyond the curve end is missing, never extrapolated).
double interpolateOrMissing(const std::vector<double>& xs, const std::vector<double>& ys, double x);

/// Trapezoid integral of ys over xs (same length, xs ascending). Fewer than two points give 0.
double trapezoid(const std::vector<double>& xs, const std::vector<double>& ys);

/// Trapezoid integral over the leading run of non-NaN ys (stops at the first NaN). Fewer than two points give 0.
double trapezoidOverValidPrefix(const std::vector<double>& xs, const std::vector<double>& ys);

} // namespace crw
