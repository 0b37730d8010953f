#pragma once
// `causal-router train` and the GUI's training panel: one training run stored in the project.
#include "pipeline/FeatureBuilder.h"
#include "pipeline/RouterSuite.h"

namespace crw {

enum class NuisanceFamily { Xgb, Rf, Linear };
QString nuisanceFamilyName(NuisanceFamily f);
bool parseNuisanceFamily(const QString& s, NuisanceFamily* out);

struct TrainConfig {
    QString primary, alternative;
    std::vector<RouterKind> routers { RouterKind::MetaR, RouterKind::MetaDR, RouterKind::GoldOnly, RouterKind::PrefOnly,
        RouterKind::Pooled, RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random };
    NuisanceFamily nuisance = NuisanceFamily::Xgb;
    int folds = 5;
    NormalizationMethod normalization = NormalizationMethod::Regression;
    PropensityMode propensity = PropensityMode::Auto;
    double clipFactor = 5.0;
    bool overlapWeights = false;
    uint64_t seed = 1;
    int goldSize = 0; // 0: every query with gold scores (minus the test set); else a seeded random subset
    int testSize = 0; // gold queries held out for evaluation (not trained on)
    int threads = 2; // XGBoost threads; results do not depend on it
    int bootstrap = 10; // bootstrap replicates of the main router's psi model (0 = no uncertainty)
    double overlapMinRatio = 0.1; // meta_*_overlap: minimum gold/preference density ratio of a used preference row
    FeatureOptions features;
    QJsonObject toJson() const;
};

/// Applies the nuisance family and thread count to the learner specs of a suite.
SuiteOptions suiteOptionsFor(const TrainConfig& config);

struct TrainOutcome {
    qint64 runId = 0;
    QJsonObject summary; // the `train --json` object (run_id, counts, diagnostics, per-router evaluation)
};

/// Loads the pair, builds features, trains every router, evaluates on the held-out test queries (if any) and stores
/// the run (config, per-query Delta_hat / psi_hat / propensity / fold, per-router curves and models) in ONE
/// transaction at the end: a cancelled or failed run leaves nothing behind.
TrainOutcome runTraining(const QString& projectPath, const TrainConfig& config, Progress& progress);

} // namespace crw
