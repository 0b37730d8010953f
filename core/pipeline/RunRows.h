#pragma once
// The per-query results a training run stores (run_queries; docs/runs.md).
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// One row per pooled training row (gold first, then preference: fold, normalised outcome, both propensities, the
/// main learner's out-of-fold Delta_hat, the main router's psi_hat and bootstrap se, the stored truth) and one per
/// test query (gold gain, psi_hat, seTest[j] when given). Missing numbers are NaN.
QVector<RunQueryRow> runRows(const TrainingContext& ctx, const Vector& seTest);

} // namespace crw
