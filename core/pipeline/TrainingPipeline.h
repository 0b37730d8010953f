#pragma once
// `causal-router train` and the GUI's training panel: one training run, from the project's labels to a stored run.
// The stages, each in its own file (docs/architecture.md):
//   split (TrainingSplit) -> features (FeatureBuilder) -> train (RouterSuite) -> evaluate (RunEvaluation)
//   -> calibrate (UncertaintyCalibration) -> bias by group (GroupBias) -> store (runs/RunStore).
#include "pipeline/TrainingConfig.h"

#include <QJsonObject>

namespace crw {

struct TrainOutcome {
    qint64 runId = 0;
    QJsonObject summary; // the `train --json` object (run_id, counts, diagnostics, per-router evaluation)
};

/// Validates the config (throws std::invalid_argument with TrainingConfig::validate()'s first message), loads the
/// pair, draws the split, builds features, trains every router, evaluates on the held-out test queries (if any),
/// calibrates the main router's intervals and stores the run (config, per-query Delta_hat / psi_hat / propensity /
/// fold, per-router curves and models) in ONE transaction at the end: a cancelled or failed run leaves nothing
/// behind.
TrainOutcome runTraining(const QString& projectPath, const TrainingConfig& config, Progress& progress);

} // namespace crw
