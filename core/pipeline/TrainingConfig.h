#pragma once
// The settings of one training run, their defaults and their rules: the CLI and the GUI both fill a TrainingConfig,
// call validate() and show its messages, so a setting is checked in one place and means the same in both front ends.
#include "causal/PropensityBalance.h"
#include "pipeline/FeatureBuilder.h"
#include "pipeline/RouterSuite.h"

#include <QJsonObject>
#include <QStringList>

namespace crw {

/// The model family of the nuisance (and final) models.
enum class NuisanceFamily { Xgb, Rf, Linear };
/// "xgb", "rf", "linear".
QString nuisanceFamilyName(NuisanceFamily f);
/// Parses a nuisanceFamilyName(); false for anything else.
bool parseNuisanceFamily(const QString& s, NuisanceFamily* out);

struct TrainingConfig {
    /// testSize value meaning "the default for the pair": defaultTestSize() of its gold queries.
    static constexpr int kAutoTestSize = -1;
    static constexpr int kMinFolds = 2, kMaxFolds = 20;
    static constexpr int kMaxBootstrap = 1000;
    static constexpr int kMaxThreads = 64;
    static constexpr int kMaxDim = 1024;

    QString primary, alternative;
    std::vector<RouterKind> routers = defaultRouters();
    NuisanceFamily nuisance = NuisanceFamily::Xgb;
    int folds = 5;
    NormalizationMethod normalization = NormalizationMethod::Regression;
    PropensityMode propensity = PropensityMode::Auto; ///< design unless a balance test rejects
    double clipFactor = 5.0;
    bool overlapWeights = false;
    uint64_t seed = 1; ///< the run's only seed: every other stream is derived from it (util/SeedStream.h)
    int goldSize = 0; ///< 0: every query with gold scores (minus the test set); else a seeded random subset
    int testSize = kAutoTestSize; ///< gold queries held out for evaluation (0 = none; kAutoTestSize = the default)
    int threads = 2; ///< XGBoost threads; results do not depend on it
    int bootstrap = 10; ///< bootstrap replicates of the main router's psi model (0 = no uncertainty)
    int clusters = 8; ///< k of the run's query clusters (k-means on the features; pipeline/ClusterBias.h); 0 = none
    double overlapMinRatio = 0.1; ///< meta_*_overlap: minimum gold/preference density ratio of a used preference row
    FeatureOptions features; ///< its seed is ignored: the featurizer's seed comes from `seed`

    /// The routers trained by default: auto (the main router), the Meta-Routers R and DR and every baseline.
    static std::vector<RouterKind> defaultRouters();
    /// The default held-out test set of a pair with this many gold queries: min(500, 20%).
    static int defaultTestSize(qint64 goldQueries);
    /// testSize with kAutoTestSize resolved for a pair with this many gold queries.
    int resolvedTestSize(qint64 goldQueries) const;
    /// The feature options the run uses (features with the run's seed).
    FeatureOptions featureOptions() const;
    /// Every rule a value breaks, one sentence each, naming the setting; empty when the config can be trained.
    QStringList validate() const;
    /// The stored form (runs.config_json, docs/runs.md).
    QJsonObject toJson() const;
};

/// Applies the nuisance family and thread count to the learner specs of a suite.
SuiteOptions suiteOptionsFor(const TrainingConfig& config);

} // namespace crw
