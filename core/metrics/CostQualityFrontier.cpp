#include "metrics/CostQualityFrontier.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crw {

namespace {

/// > 0 when o -> a -> b turns counter-clockwise (a lies below the chord o-b in a cost/quality plot).
double cross(const CostQualityPoint& o, const CostQualityPoint& a, const CostQualityPoint& b)
{
    return (a.cost - o.cost) * (b.quality - o.quality) - (a.quality - o.quality) * (b.cost - o.cost);
}

/// Integral of the hull over [a, b] with a >= first hull cost (the hull is continuous there).
double integrateContinuousPart(const std::vector<CostQualityPoint>& hull, double a, double b)
{
    std::vector<double> xs { a };
    for (const auto& p : hull) {
        if (p.cost > a && p.cost < b)
            xs.push_back(p.cost);
    }
    xs.push_back(b);
    double area = 0;
    for (size_t i = 1; i < xs.size(); ++i)
        area += 0.5 * (xs[i] - xs[i - 1]) * (hullQualityAt(hull, xs[i]) + hullQualityAt(hull, xs[i - 1]));
    return area;
}

} // namespace

std::vector<CostQualityPoint> nonDecreasingConvexHull(std::vector<CostQualityPoint> points)
{
    if (points.empty())
        throw std::invalid_argument("nonDecreasingConvexHull: no points");
    for (const auto& p : points) {
        if (std::isnan(p.cost) || std::isnan(p.quality))
            throw std::invalid_argument("nonDecreasingConvexHull: NaN coordinate");
    }
    std::stable_sort(points.begin(), points.end(), [](const CostQualityPoint& a, const CostQualityPoint& b) {
        return a.cost < b.cost || (a.cost == b.cost && a.quality > b.quality);
    });
    // One point per cost (the best), then cut after the first point of maximal quality.
    std::vector<CostQualityPoint> unique;
    for (const auto& p : points) {
        if (unique.empty() || p.cost != unique.back().cost)
            unique.push_back(p);
    }
    size_t best = 0;
    for (size_t i = 1; i < unique.size(); ++i) {
        if (unique[i].quality > unique[best].quality)
            best = i;
    }
    unique.resize(best + 1);
    // Upper hull by Andrew's monotone chain: pop while the last point is on or below the chord.
    std::vector<CostQualityPoint> hull;
    for (const auto& p : unique) {
        while (hull.size() >= 2 && cross(hull[hull.size() - 2], hull.back(), p) >= 0)
            hull.pop_back();
        hull.push_back(p);
    }
    return hull;
}

double hullQualityAt(const std::vector<CostQualityPoint>& hull, double cost)
{
    if (hull.empty())
        throw std::invalid_argument("hullQualityAt: empty hull");
    if (cost < hull.front().cost)
        return 0.0;
    if (cost >= hull.back().cost)
        return hull.back().quality;
    for (size_t i = 1; i < hull.size(); ++i) {
        if (cost <= hull[i].cost) {
            const double t = (cost - hull[i - 1].cost) / (hull[i].cost - hull[i - 1].cost);
            return hull[i - 1].quality + t * (hull[i].quality - hull[i - 1].quality);
        }
    }
    return hull.back().quality;
}

double averageImprovementInQuality(const std::vector<CostQualityPoint>& points, double cMin, double cMax)
{
    if (!(cMax > cMin))
        throw std::invalid_argument("averageImprovementInQuality: need cMax > cMin");
    const auto hull = nonDecreasingConvexHull(points);
    const double start = std::max(cMin, hull.front().cost); // below the cheapest hull point the hull is 0
    const double area = start < cMax ? integrateContinuousPart(hull, start, cMax) : 0.0;
    return area / (cMax - cMin);
}

double averageImprovementInQuality(const std::vector<CostQualityPoint>& points)
{
    const auto hull = nonDecreasingConvexHull(points);
    if (hull.size() == 1)
        return hull.front().quality;
    return averageImprovementInQuality(points, hull.front().cost, hull.back().cost);
}

} // namespace crw
