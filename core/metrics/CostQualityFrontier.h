#pragma once
// Cost-quality frontier and AIQ of RouterBench (Hu et al. 2024, "RouterBench: A Benchmark for Multi-LLM Routing
// System", §3). A router (or a set of models) is a cloud of (cost, quality) points; its frontier is the
// non-decreasing convex hull, and AIQ = 1/(c_max - c_min) * integral over [c_min, c_max] of that hull.
#include <vector>

namespace crw {

struct CostQualityPoint {
    double cost = 0;
    double quality = 0;
};

/// The non-decreasing convex hull, cheapest point first: the upper convex hull of quality vs cost, starting at the
/// cheapest point (best quality among equal costs) and ending at the cheapest point of maximal quality. Points
/// below the hull (dominated, or inside a non-convex dent) and points costlier than the best-quality point are
/// dropped; collinear middle points are dropped too. Every kept point is reachable by mixing its neighbours.
/// Throws std::invalid_argument on an empty input or a NaN coordinate.
std::vector<CostQualityPoint> nonDecreasingConvexHull(std::vector<CostQualityPoint> points);

/// Hull value at `cost`: linear between hull points, flat (last quality) beyond the costliest hull point, and 0 below
/// the cheapest hull point (the router cannot operate that cheaply; RouterBench's script gives it no area there).
double hullQualityAt(const std::vector<CostQualityPoint>& hull, double cost);

/// AIQ of a router's points over [cMin, cMax] (cMax > cMin): the integral of hullQualityAt over the range divided by
/// its width. Compare routers on one common range. RouterBench's script uses cMin = 0 and cMax = the largest hull
/// cost over all compared routers.
double averageImprovementInQuality(const std::vector<CostQualityPoint>& points, double cMin, double cMax);

/// AIQ over the hull's own cost range [cheapest hull cost, costliest hull cost]; a one-point hull gives its quality.
double averageImprovementInQuality(const std::vector<CostQualityPoint>& points);

} // namespace crw
