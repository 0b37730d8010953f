#pragma once
// The calibrate stage of a training run: the main router's bootstrap se on the test queries and the split-conformal
// multiplier of its predictive interval, with the coverage measured on queries the multiplier was not fitted on.
#include "pipeline/TrainingContext.h"
#include "runs/RunRecord.h"

namespace crw {

/// When the main router has a bootstrap: record.summary's `uncertainty` (the suite's uncertainty diagnostics, the
/// conformal z per nominal level, how z was calibrated and, with a test set, the coverage on the held-out gold gains)
/// and, in the main router's curves json, the replicates, residual sd, z and (with a test set) psi_test_se and
/// coverage_test. Returns the bootstrap se per test query (empty without a bootstrap or a test set).
Vector calibrateUncertainty(const TrainingContext& ctx, RunRecord& record);

} // namespace crw
