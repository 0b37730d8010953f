#pragma once
// `causal-router simulate`: writes simulated preference labels with a known bias into a project.
#include "pipeline/FeatureBuilder.h"
#include "sim/BiasSimulator.h"

namespace crw {

struct SimulateConfig {
    QString primary, alternative;
    BiasSpec bias;
    FeatureOptions features;
    QString datasetName;      // default "simulated <primary> vs <alternative>"; an existing dataset of that name is replaced
};

struct SimulateOutcome {
    qint64 datasetId = 0;
    qint64 rows = 0;
    double deltaSd = 0, deltaMean = 0, gainSd = 0;
    QJsonObject toJson() const;
};

/// For every query with gold scores for both models, writes one preference label (primary vs alternative, judge
/// "simulator") and its true Delta, in one transaction. Throws StoreError / std::runtime_error; Cancelled on cancel.
SimulateOutcome simulateIntoProject(const QString& projectPath, const SimulateConfig& config, Progress& progress);

} // namespace crw
