#pragma once
// What the stages of one training run (pipeline/TrainingPipeline.h) hand on to each other.
#include "pipeline/PairTable.h"
#include "pipeline/TrainingConfig.h"
#include "pipeline/TrainingSplit.h"

namespace crw {

/// The held-out test queries of a run: features and the truth the evaluation compares with.
struct TestSet {
    std::vector<int> rows; ///< PairTable rows, in split order
    Matrix X;
    Vector gain, qualityPrimary, qualityAlternative, costPrimary, costAlternative;
    bool empty() const { return rows.empty(); }
};

/// The state of one run between stages; each stage reads what earlier stages filled.
struct TrainingContext {
    const TrainingConfig& config;
    PairTable table; ///< loaded
    BuiltFeatures features; ///< features stage
    TrainingRows rows; ///< split stage
    SplitData split; ///< the pooled training rows (gold first) handed to the suite
    TestSet test;
    SuiteResult suite; ///< train stage
    RouterKind mainKind = RouterKind::MetaR; ///< the router whose per-query numbers the run stores
};

} // namespace crw
