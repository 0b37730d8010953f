#pragma once
// The bias stage of a training run: the average preference bias per task from DR pseudo-outcomes, and the accuracy of
// the stored Delta_hat when the truth is known.
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// With a Meta-Router in the suite: record.summary's `bias_by_task` (estimate, se, mean Delta_hat and mean truth
/// per task), `bias_learner`, and `delta_rmse` / `delta_truth_sd` when every preference row has a stored truth.
void estimateGroupBias(const TrainingContext& ctx, RunRecord& record);

} // namespace crw
