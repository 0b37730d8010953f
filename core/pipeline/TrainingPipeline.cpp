#include "pipeline/TrainingPipeline.h"

#include "causal/CrossFitting.h"
#include "pipeline/ClusterBias.h"
#include "pipeline/GroupBias.h"
#include "pipeline/RunEvaluation.h"
#include "pipeline/RunRows.h"
#include "pipeline/TrainingContext.h"
#include "pipeline/UncertaintyCalibration.h"
#include "runs/RunKeys.h"
#include "runs/RunStore.h"

#include <stdexcept>

namespace crw {

namespace k = runkey;

namespace {

// The held-out test queries' features and truth.
TestSet testSetOf(const PairTable& table, const Matrix& X, const std::vector<int>& rows)
{
    TestSet t;
    t.rows = rows;
    t.X = selectRows(X, rows);
    t.gain = selectRows(table.gain, rows);
    t.qualityPrimary = selectRows(table.goldPrimary, rows);
    t.qualityAlternative = selectRows(table.goldAlternative, rows);
    t.costPrimary = selectRows(table.costPrimary, rows);
    t.costAlternative = selectRows(table.costAlternative, rows);
    return t;
}

// The summary's counts, the suite's diagnostics and the main router.
QJsonObject describeRun(const TrainingContext& ctx)
{
    return QJsonObject { { k::primary, ctx.config.primary }, { k::alternative, ctx.config.alternative },
        { k::features, ctx.features.description }, { k::goldRows, int(ctx.rows.gold.size()) },
        { k::preferenceRows, int(ctx.rows.pref.size()) }, { k::testRows, int(ctx.rows.test.size()) },
        { k::diagnostics, ctx.suite.diagnosticsJson() }, { k::mainRouter, routerName(ctx.mainKind) } };
}

} // namespace

TrainOutcome runTraining(const QString& projectPath, const TrainingConfig& config, Progress& progress)
{
    if (const QStringList problems = config.validate(); !problems.isEmpty())
        throw std::invalid_argument(problems.first().toStdString());
    TrainingContext ctx { config, {}, {}, {}, {}, {}, {}, mainRouterOf(config.routers) };

    Progress loadP = progress.sub(0.0, 0.05);
    ctx.table = loadPairTable(projectPath, config.primary, config.alternative, loadP);
    Progress featP = progress.sub(0.05, 0.15);
    ctx.features = buildFeatures(ctx.table, config.featureOptions(), featP);
    ctx.rows = splitForTraining(ctx.table, config);
    ctx.split = pooledSplit(ctx.table, ctx.features.X, ctx.rows);
    ctx.test = testSetOf(ctx.table, ctx.features.X, ctx.rows.test);

    Progress trainP = progress.sub(0.15, 0.9);
    ctx.suite = trainRouterSuite(ctx.split, suiteOptionsFor(config), trainP);
    progress.check();
    progress.report(0.9, QStringLiteral("evaluating"));

    RunRecord record;
    record.config = config.toJson();
    record.config[k::featurizer] = ctx.features.featurizer;
    record.config[k::clusters] = config.clusters;
    record.summary = describeRun(ctx);
    evaluateRouters(ctx, record);
    const Vector seTest = calibrateUncertainty(ctx, record);
    estimateGroupBias(ctx, record);
    estimateClusterBias(ctx, record);

    progress.report(0.95, QStringLiteral("storing the run"));
    record.rows = runRows(ctx, seTest);
    TrainOutcome out;
    out.runId = RunStore::insert(projectPath, record, &progress);
    record.summary[k::runId] = out.runId;
    out.summary = record.summary;
    progress.report(1.0);
    return out;
}

} // namespace crw
