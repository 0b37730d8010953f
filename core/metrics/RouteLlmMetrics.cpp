#include "metrics/RouteLlmMetrics.h"

#include "metrics/PiecewiseLinear.h"
#include "metrics/Ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace crw {

namespace {

/// Sorted (share, PGR) polyline with the weak/strong anchors at the ends.
void pgrPolyline(std::vector<CallPerformancePoint> points, double perfWeak, double perfStrong,
    std::vector<double>& xs, std::vector<double>& ys)
{
    for (const auto& p : points) {
        if (!(p.strongShare >= 0 && p.strongShare <= 1))
            throw std::invalid_argument("RouteLLM metrics: strong-call shares must lie in [0,1]");
    }
    std::stable_sort(points.begin(), points.end(),
        [](const CallPerformancePoint& a, const CallPerformancePoint& b) { return a.strongShare < b.strongShare; });
    if (points.empty() || points.front().strongShare > 0)
        points.insert(points.begin(), { 0.0, perfWeak });
    if (points.back().strongShare < 1)
        points.push_back({ 1.0, perfStrong });
    xs.clear();
    ys.clear();
    for (const auto& p : points) {
        xs.push_back(p.strongShare);
        ys.push_back(performanceGapRecovered(p.performance, perfWeak, perfStrong));
    }
}

} // namespace

std::vector<CallPerformancePoint> thresholdSweep(const Vector& score, const Vector& qStrong, const Vector& qWeak)
{
    requireSameLength(score, qStrong, "thresholdSweep(qStrong)");
    requireSameLength(score, qWeak, "thresholdSweep(qWeak)");
    const int n = static_cast<int>(score.size());
    if (n == 0)
        throw std::invalid_argument("thresholdSweep: no queries");
    const std::vector<int> order = rankDescending(score);
    std::vector<CallPerformancePoint> out(static_cast<size_t>(n) + 1);
    double total = qWeak.sum();
    out[0] = { 0.0, total / n };
    for (int k = 1; k <= n; ++k) {
        const int idx = order[static_cast<size_t>(k - 1)];
        total += qStrong[idx] - qWeak[idx];
        out[static_cast<size_t>(k)] = { static_cast<double>(k) / n, total / n };
    }
    return out;
}

double performanceGapRecovered(double perf, double perfWeak, double perfStrong)
{
    if (perfStrong == perfWeak)
        throw std::invalid_argument("PGR undefined: strong and weak models perform equally");
    return (perf - perfWeak) / (perfStrong - perfWeak);
}

double averagePgr(std::vector<CallPerformancePoint> points, double perfWeak, double perfStrong, int gridPoints)
{
    if (gridPoints < 2)
        throw std::invalid_argument("averagePgr: need at least 2 grid points");
    std::vector<double> xs, ys;
    pgrPolyline(std::move(points), perfWeak, perfStrong, xs, ys);
    const std::vector<double> grid = linspace(0.0, 1.0, gridPoints);
    std::vector<double> pgr(grid.size());
    for (size_t i = 0; i < grid.size(); ++i)
        pgr[i] = interpolateOrMissing(xs, ys, grid[i]);
    return trapezoid(grid, pgr); // the share range has width 1, so the integral is the average
}

double callPerformanceThreshold(std::vector<CallPerformancePoint> points, double perfWeak, double perfStrong,
    double targetPgr)
{
    std::vector<double> xs, ys;
    pgrPolyline(std::move(points), perfWeak, perfStrong, xs, ys);
    if (ys[0] >= targetPgr)
        return xs[0];
    for (size_t i = 1; i < xs.size(); ++i) {
        if (ys[i] >= targetPgr) {
            const double t = (targetPgr - ys[i - 1]) / (ys[i] - ys[i - 1]);
            return xs[i - 1] + t * (xs[i] - xs[i - 1]);
        }
    }
    return std::numeric_limits<double>::quiet_NaN(); // not reachable once the (1, strong) anchor exists unless x > 1
}

RouteLlmSummary routeLlmSummary(const Vector& score, const Vector& qStrong, const Vector& qWeak, int gridPoints)
{
    const auto sweep = thresholdSweep(score, qStrong, qWeak);
    RouteLlmSummary s;
    s.perfWeak = sweep.front().performance;
    s.perfStrong = qStrong.mean();
    s.apgr = averagePgr(sweep, s.perfWeak, s.perfStrong, gridPoints);
    s.cpt20 = callPerformanceThreshold(sweep, s.perfWeak, s.perfStrong, 0.2);
    s.cpt50 = callPerformanceThreshold(sweep, s.perfWeak, s.perfStrong, 0.5);
    s.cpt80 = callPerformanceThreshold(sweep, s.perfWeak, s.perfStrong, 0.8);
    return s;
}

} // namespace crw
