#pragma once
// Builds a router file from a training run stored in a project (`causal-router export-router`).
#include "routing/Calibration.h"
#include "routing/RouterSpec.h"

#include <map>
#include <optional>

namespace crw {

struct ExportOptions {
    qint64 runId = 0;
    QString router; // run_curves router name; empty: the run's main Meta-Router
    std::optional<double> costWeight; // use this w ...
    std::optional<CalibrationTarget> target; // ... or calibrate w on the run's held-out test queries (psi_test)
    std::map<QString, double> costOverrides; // model -> cost per query
    int explainSample = 200; // training queries kept for --explain (0: none)
    int bootstrap = 1000;
    uint64_t seed = 1;
};

/// Reads the run's featurizer (runs.config_json.featurizer), the router's psi model and bias model (run_curves.json
/// "model" / "cate_model"), resolves the two models' costs (resolveModelCosts, reference = the run's alternative),
/// and sets the decision rule. Throws std::runtime_error with a clear message (unknown run or router, no test set for
/// a calibration target, a primary that is not costlier than the alternative, ...).
RouterSpec exportRouterFromRun(const QString& projectPath, const ExportOptions& options);

/// Picks up to `cap` of the given query ids (seeded, sorted), loads their text, task and imported embedding, runs
/// the featurizer and stores them as the router's explain sample.
void attachExplainSample(
    RouterSpec* spec, const QString& projectPath, const QVector<qint64>& queryIds, int cap, uint64_t seed);

} // namespace crw
