#pragma once
// The bias stage of a training run: the average preference bias per task (AIPW, Hajek within the task), and the accuracy of
// the stored Delta_hat when the truth is known.
#include "causal/GroupAipw.h"
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// With a Meta-Router in the suite: record.summary's `bias_by_task` (per task the Hajek AIPW estimate of
/// causal/GroupAipw.h with se, 95% interval or the reason for none, n_gold, n_preference, mean Delta_hat and mean
/// truth), `bias_learner`, and `delta_rmse` / `delta_truth_sd` when every preference row has a stored truth.
void estimateGroupBias(const TrainingContext& ctx, RunRecord& record);

/// The suite's out-of-fold nuisances of the pooled rows as groupAipw takes them (requires ctx.suite.nuisances).
AipwRows aipwRowsOf(const TrainingContext& ctx);

} // namespace crw
