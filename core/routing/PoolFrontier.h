#pragma once
// Cost-quality frontier of a multi-model router over its cost weight, against RouterBench's references
// (docs/multi-model.md).
#include "learn/Types.h"
#include "metrics/MultiModelReferences.h"

#include <QJsonObject>
#include <vector>

namespace crw {

struct PoolFrontier {
    std::vector<double> weights; // the swept cost weights w, ascending
    std::vector<CostQualityPoint> points; // (mean cost, mean true quality) of the router at each w
    std::vector<CostQualityPoint> hull; // non-decreasing convex hull of points
    MultiModelReferences references; // single models, oracle, random mixtures, best / cheapest single
    double cMin = 0, cMax = 0; // common AIQ range: cheapest to costliest single model
    double aiqRouter = 0, aiqRandom = 0, aiqOracle = 0;
    QJsonObject toJson(const QStringList& modelNames) const;
};

/// psi: N x Q scores of the non-reference models (columns map to models through modelOf); quality: N x K true
/// quality of every model; costs: cost per query of every model. Sweeps w over {0} and the points where a query's
/// decision can change (psi_k / (c_k - c_ref), up to `gridPoints` quantiles of them) plus one w that sends everything
/// to the reference, applies the rule argmax_k psi_k - w (c_k - c_ref) and takes the hull and AIQ over
/// [cheapest model cost, costliest model cost]. The oracle is one point: its AIQ is that of its hull with the cheapest
/// model (the oracle can always be mixed with it). Throws std::invalid_argument on shape mismatches.
PoolFrontier poolFrontier(const Matrix& psi, const Matrix& quality, const std::vector<double>& costs,
    const std::vector<int>& modelOf, int reference, int gridPoints = 200);

} // namespace crw
