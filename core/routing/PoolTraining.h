#pragma once
// Multi-model routing (docs/multi-model.md): one Meta-Router psi_k per non-reference model over a reference, on one
// shared featurizer; route to argmax_k psi_k(q) - w * (cost_k - cost_ref), psi_ref = 0.
#include "pipeline/TrainingPipeline.h"
#include "routing/Calibration.h"
#include "routing/PoolFrontier.h"
#include "routing/RouterSpec.h"

#include <map>
#include <optional>

namespace crw {

struct PoolConfig {
    QStringList models; // the pool (at least two)
    QString reference; // empty: the cheapest by resolved cost (first listed on ties)
    TrainingConfig train; // learner (first meta router of train.routers), features, folds, seed,
                       // goldSize (per pair), testSize (queries with gold for every model)
    std::map<QString, double> costOverrides;
    std::optional<double> costWeight; // else calibrate on the held-out test queries
    std::optional<CalibrationTarget> target;
    int explainSample = 200;
    int bootstrap = 1000;
};

struct PoolOutcome {
    RouterSpec spec;
    Matrix psiTest; // test queries x non-reference models
    Matrix qualityTest; // test queries x models (spec.models order): the true gold quality
    QVector<qint64> testIds;
    QJsonObject report; // per pair counts and diagnostics, frontier (when a test set was held out)
};

/// Loads each (model, reference) pair table, fits ONE featurizer on the union of their queries, holds out
/// train.testSize queries that have gold for every model (seeded as runTraining does), trains the Meta-Router per
/// pair with trainRouterSuite on that pair's gold and preference rows, and assembles the router. With two models and
/// the same TrainingConfig the psi model and psi_test are exactly those of runTraining's meta router.
PoolOutcome trainPool(const QString& projectPath, const PoolConfig& config, Progress& progress);

} // namespace crw
