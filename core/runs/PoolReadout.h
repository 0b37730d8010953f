#pragma once
// What a pool router does on its held-out test queries at a cost weight: traffic share per model, cost, quality; the
// sweep over cost weights behind the frontier and the routing-collapse chart; the pairwise routers inside the pool.
#include "routing/RouterSpec.h"
#include "runs/PoolRun.h"

#include <QPointF>
#include <QVector>

namespace crw {

struct PoolPoint {
    double w = 0; ///< cost weight
    double costPer1000 = 0; ///< mean cost per 1,000 test queries (USD, or non-reference calls)
    double quality = 0; ///< mean true quality of the chosen models
    QVector<double> share; ///< share of the test queries sent to each model (PoolRun::models order), sums to 1
};

/// Applies the router's rule argmax_k psi_k - w (c_k - c_ref) (psi_ref = 0; ties to the reference, then the cheaper
/// model: Router::decideWith) to every test query. A run without test queries gives zero shares.
PoolPoint poolPointAt(const PoolRun& run, double w);

/// poolPointAt at every stored frontier weight, ascending in w (so descending in cost).
QVector<PoolPoint> poolSweep(const PoolRun& run);

/// Index of the model with the highest cost per query (first among ties).
int mostExpensiveModel(const PoolRun& run);

/// Routing collapse: for each point of the sweep, x = its cost per 1,000 queries (the budget it needs) and y = the
/// share of traffic to the most expensive model; sorted by x.
QVector<QPointF> routingCollapse(const PoolRun& run);

/// The two-model router "column's model vs the reference" using that psi alone: the top share of test queries by psi
/// go to the model, at 21 shares 0, 0.05, ..., 1; points are (cost per 1,000 queries, mean quality).
QVector<QPointF> pairwiseCurve(const PoolRun& run, int column);

/// The router file of the pool run at cost weight w: the stored router with costWeight = w, thresholds
/// w * (c_k - c_ref), trainedOn.run_id = runId and a calibration note with the test-set cost and share per model.
/// Throws RouterFormatError when the stored router is not valid.
RouterSpec poolRouterAt(const PoolRun& run, double w, qint64 runId);

} // namespace crw
