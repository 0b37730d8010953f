#include "metrics/MultiModelReferences.h"

#include <stdexcept>

namespace crw {

namespace {

void requireSameShape(const Matrix& quality, const Matrix& cost)
{
    if (quality.rows() == 0 || quality.cols() == 0)
        throw std::invalid_argument("multi-model references: empty quality matrix");
    if (quality.rows() != cost.rows() || quality.cols() != cost.cols())
        throw std::invalid_argument("multi-model references: quality and cost differ in shape");
}

} // namespace

std::vector<CostQualityPoint> singleModelPoints(const Matrix& quality, const Matrix& cost)
{
    requireSameShape(quality, cost);
    std::vector<CostQualityPoint> out;
    for (Eigen::Index m = 0; m < quality.cols(); ++m)
        out.push_back({ cost.col(m).mean(), quality.col(m).mean() });
    return out;
}

CostQualityPoint oracleRouterPoint(const Matrix& quality, const Matrix& cost)
{
    requireSameShape(quality, cost);
    double sumCost = 0, sumQuality = 0;
    for (Eigen::Index i = 0; i < quality.rows(); ++i) {
        Eigen::Index best = 0;
        for (Eigen::Index m = 1; m < quality.cols(); ++m) {
            const bool better = quality(i, m) > quality(i, best);
            const bool tieCheaper = quality(i, m) == quality(i, best) && cost(i, m) < cost(i, best);
            if (better || tieCheaper)
                best = m;
        }
        sumCost += cost(i, best);
        sumQuality += quality(i, best);
    }
    const double n = static_cast<double>(quality.rows());
    return { sumCost / n, sumQuality / n };
}

int bestSingleModel(const Matrix& quality, const Matrix& cost)
{
    const auto pts = singleModelPoints(quality, cost);
    size_t best = 0;
    for (size_t m = 1; m < pts.size(); ++m) {
        if (pts[m].quality > pts[best].quality || (pts[m].quality == pts[best].quality && pts[m].cost < pts[best].cost))
            best = m;
    }
    return static_cast<int>(best);
}

int cheapestSingleModel(const Matrix& quality, const Matrix& cost)
{
    const auto pts = singleModelPoints(quality, cost);
    size_t best = 0;
    for (size_t m = 1; m < pts.size(); ++m) {
        if (pts[m].cost < pts[best].cost || (pts[m].cost == pts[best].cost && pts[m].quality > pts[best].quality))
            best = m;
    }
    return static_cast<int>(best);
}

std::vector<CostQualityPoint> randomMixtureFrontier(const Matrix& quality, const Matrix& cost)
{
    return nonDecreasingConvexHull(singleModelPoints(quality, cost));
}

MultiModelReferences multiModelReferences(const Matrix& quality, const Matrix& cost)
{
    MultiModelReferences r;
    r.models = singleModelPoints(quality, cost);
    r.oracle = oracleRouterPoint(quality, cost);
    r.bestSingle = bestSingleModel(quality, cost);
    r.cheapestSingle = cheapestSingleModel(quality, cost);
    r.randomFrontier = nonDecreasingConvexHull(r.models);
    return r;
}

} // namespace crw
