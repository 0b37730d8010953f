#pragma once
// A synthetic training run written exactly in the stored format of docs/runs.md, for view tests and screenshots.
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <cstdint>

namespace crw::test {

struct SyntheticRunSpec {
    int goldQueries = 60;
    int preferenceQueries = 300;
    int testQueries = 120;
    QStringList tasks { "math", "code", "chat", "reasoning", "writing" };
    QStringList routers { "meta_r", "meta_dr", "gold_only", "pref_only", "mean_shift", "random" };
    bool withCosts = true; ///< per-query USD costs (else NaN -> null and cost_unit primary_calls)
    bool withTruth = true; ///< simulated true Delta (else null)
    double clipFactor = 5.0;
    uint64_t seed = 7;
};

/// What the fixture wrote, for comparisons.
struct SyntheticRunRow {
    qint64 queryId = 0;
    int source = 0, fold = 0;
    double outcome = 0, propensity = 0, deltaHat = 0, psiHat = 0, trueDelta = 0; // NaN where stored as null
    QString task, text;
};

struct SyntheticRun {
    qint64 runId = 0;
    QJsonObject config, summary;
    QMap<QString, QJsonObject> curves; ///< router -> run_curves.json
    QVector<SyntheticRunRow> rows; ///< in insertion order: gold, preference, test
};

/// Creates the project at projectPath when it does not exist, inserts the queries of the run and one run following
/// docs/runs.md (curves computed with the core metrics from the simulated truth). Deterministic for a given spec.
SyntheticRun writeSyntheticRun(const QString& projectPath, const SyntheticRunSpec& spec = {});

} // namespace crw::test
