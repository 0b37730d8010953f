#pragma once
// The evaluate stage of a training run: every router scored on the held-out test queries (the paper's efficiency
// gain, the full-ranking curve, routing quality at 30% and 50% primary use, cost against quality) and its curves
// entry for run_curves.
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// One RouterCurves (name and stored json: models, evaluation and curves) per trained router, in suite order; and,
/// when the run has a test set, record.summary's `evaluation`, `test_query_ids` and `test_truth`.
void evaluateRouters(const TrainingContext& ctx, RunRecord& record);

} // namespace crw
