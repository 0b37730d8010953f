#pragma once
// The cluster stage of a training run: k-means clusters of the run's query features, named by their distinctive
// words, and the preference bias per cluster with an interval (issue 14).
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// With config.clusters > 0 and a Meta-Router in the suite: record.summary's `clusters`, one entry per cluster
/// `{id, name, terms, queries, n_gold, n_preference, rows, delta, se, ci_low, ci_high, reason, mean_delta_hat,
/// true_delta}` (docs/runs.md). k-means++ (seed deriveSeed(seed, QueryClusters)) on the features of every query of
/// the pair, test queries included; delta is the Hajek AIPW mean over the cluster's training rows.
void estimateClusterBias(const TrainingContext& ctx, RunRecord& record);

} // namespace crw
