#pragma once
// One (run, gold size) cell of the Monte-Carlo protocol and the raw metrics of every router in it: the unit that
// `experiment --shard` computes and `experiment-merge` combines (docs/scale.md).
#include "pipeline/RouterKind.h"

#include <QJsonObject>
#include <map>
#include <vector>

namespace crw {

/// Raw metrics of one router on the test rows of one cell (before any aggregation over runs).
struct CellMetrics {
    std::vector<double> eg, full; ///< cut-off and full-ranking efficiency-gain curves (NaN = missing point)
    double area = 0, max = 0, pmur = 0, fullArea = 0;
    double deltaRmse = 0; ///< NaN when the truth is unknown or the router has no bias estimate
    double deltaRmseTarget = 0; ///< against psi - c*eta, the estimator's own target (causal/DeltaTarget.h); or NaN
    std::vector<double> quality; ///< one per ExperimentOptions::qualityShares
};

/// Which cell: run index (0-based) and gold size.
struct CellId {
    int run = 0;
    int goldSize = 0;
    friend bool operator==(const CellId& a, const CellId& b) { return a.run == b.run && a.goldSize == b.goldSize; }
};

/// The result of one cell. Its numbers depend only on (seed, run, gold size) and the data, never on which other
/// cells are computed in the same process.
struct ExperimentCell {
    CellId id;
    std::map<RouterKind, CellMetrics> routers;
    QJsonObject diagnostics; ///< the router suite's diagnostics; only kept for run 0 (empty otherwise)
};

} // namespace crw
