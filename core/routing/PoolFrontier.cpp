#include "routing/PoolFrontier.h"

#include "routing/Router.h"

#include <QJsonArray>
#include <algorithm>
#include <stdexcept>

namespace crw {

namespace {
QJsonArray pointsJson(const std::vector<CostQualityPoint>& p)
{
    QJsonArray a;
    for (const auto& x : p)
        a.append(QJsonArray { x.cost, x.quality });
    return a;
}
}

QJsonObject PoolFrontier::toJson(const QStringList& names) const
{
    QJsonArray models;
    for (size_t m = 0; m < references.models.size(); ++m)
        models.append(QJsonObject { { "model", m < size_t(names.size()) ? names[qsizetype(m)] : QString::number(m) },
            { "cost", references.models[m].cost }, { "quality", references.models[m].quality } });
    QJsonArray w;
    for (double x : weights)
        w.append(x);
    return QJsonObject { { "cost_weights", w }, { "router_points", pointsJson(points) },
        { "router_hull", pointsJson(hull) }, { "single_models", models },
        { "oracle", QJsonArray { references.oracle.cost, references.oracle.quality } },
        { "best_single", names.value(references.bestSingle) },
        { "cheapest_single", names.value(references.cheapestSingle) },
        { "random_frontier", pointsJson(references.randomFrontier) }, { "aiq_range", QJsonArray { cMin, cMax } },
        { "aiq_router", aiqRouter }, { "aiq_random", aiqRandom }, { "aiq_oracle", aiqOracle } };
}

PoolFrontier poolFrontier(const Matrix& psi, const Matrix& quality, const std::vector<double>& costs,
    const std::vector<int>& modelOf, int reference, int gridPoints)
{
    const Eigen::Index n = psi.rows();
    const auto k = Eigen::Index(costs.size());
    if (n == 0 || quality.rows() != n || quality.cols() != k || psi.cols() != Eigen::Index(modelOf.size())
        || reference < 0 || reference >= k)
        throw std::invalid_argument("poolFrontier: shapes of psi, quality, costs and models differ");
    PoolFrontier f;
    Matrix costM(n, k);
    for (Eigen::Index m = 0; m < k; ++m)
        costM.col(m).setConstant(costs[size_t(m)]);
    f.references = multiModelReferences(quality, costM);

    // Cost weights where some decision can change.
    std::vector<double> breaks;
    const double cr = costs[size_t(reference)];
    for (Eigen::Index i = 0; i < n; ++i)
        for (size_t q = 0; q < modelOf.size(); ++q) {
            const double dc = costs[size_t(modelOf[q])] - cr;
            if (dc > 0 && psi(i, Eigen::Index(q)) > 0)
                breaks.push_back(psi(i, Eigen::Index(q)) / dc);
        }
    std::sort(breaks.begin(), breaks.end());
    f.weights.push_back(0.0);
    if (!breaks.empty()) {
        const int g = std::max(2, gridPoints);
        for (int j = 0; j < g; ++j)
            f.weights.push_back(breaks[size_t(double(j) / double(g - 1) * double(breaks.size() - 1))]);
        f.weights.push_back(breaks.back() * 1.01 + 1e-12);
    }
    std::sort(f.weights.begin(), f.weights.end());
    f.weights.erase(std::unique(f.weights.begin(), f.weights.end()), f.weights.end());

    std::vector<int> chosen;
    Vector margin;
    for (double w : f.weights) {
        std::vector<double> t;
        for (int m : modelOf)
            t.push_back(w * (costs[size_t(m)] - cr));
        Router::decideWith(psi, t, modelOf, costs, reference, &chosen, &margin);
        double c = 0, qsum = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            c += costs[size_t(chosen[size_t(i)])];
            qsum += quality(i, chosen[size_t(i)]);
        }
        f.points.push_back({ c / double(n), qsum / double(n) });
    }
    f.hull = nonDecreasingConvexHull(f.points);
    f.cMin = *std::min_element(costs.begin(), costs.end());
    f.cMax = *std::max_element(costs.begin(), costs.end());
    if (f.cMax > f.cMin) {
        f.aiqRouter = averageImprovementInQuality(f.points, f.cMin, f.cMax);
        f.aiqRandom = averageImprovementInQuality(f.references.models, f.cMin, f.cMax);
        std::vector<CostQualityPoint> oracle { f.references.oracle,
            f.references.models[size_t(f.references.cheapestSingle)] };
        f.aiqOracle = averageImprovementInQuality(oracle, f.cMin, f.cMax);
    }
    return f;
}

} // namespace crw
