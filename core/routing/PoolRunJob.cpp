#include "routing/PoolRunJob.h"

#include "routing/ModelCosts.h"
#include "runs/PoolRun.h"
#include "runs/RunStore.h"

#include <QJsonArray>

namespace crw {

QStringList unpricedPoolModels(const QString& projectPath, const QStringList& models)
{
    QStringList out;
    for (const QString& m : models) {
        const std::vector<RouterModel> one = resolveModelCosts(projectPath, { m }, m);
        if (one.front().costSource == QLatin1String("binary"))
            out << m;
    }
    return out;
}

qint64 trainAndStorePool(const QString& projectPath, PoolConfig config, Progress& progress)
{
    if (config.train.testSize <= 0)
        throw std::runtime_error("a pool run needs held-out test queries (test size > 0)");
    if (!config.costWeight && !config.target)
        config.costWeight = 0.0;
    const QStringList unpriced = unpricedPoolModels(projectPath, config.models);
    if (!unpriced.isEmpty() && unpriced.size() < config.models.size()) {
        // A mix: fall back to calls, as the pair views do.
        const QString ref = config.reference.isEmpty() ? config.models.front() : config.reference;
        config.reference = ref;
        for (const QString& m : config.models)
            config.costOverrides[m] = m == ref ? 0.0 : 1.0;
    }
    const PoolOutcome out = trainPool(projectPath, config, progress);
    PoolRun run;
    for (const RouterModel& m : out.spec.models) {
        run.models << m.name;
        run.costs.push_back(m.cost);
    }
    const bool calls = !unpriced.isEmpty()
        || std::any_of(out.spec.models.begin(), out.spec.models.end(),
            [](const RouterModel& m) { return m.costSource == QLatin1String("binary"); });
    run.costUnit = calls ? QStringLiteral("calls") : QStringLiteral("usd");
    run.unpriced = calls ? (unpriced.isEmpty() ? config.models : unpriced) : QStringList();
    run.reference = out.spec.reference;
    for (const QualityModel& q : out.spec.quality)
        run.modelOf.push_back(out.spec.modelIndex(q.model));
    for (Eigen::Index i = 0; i < out.psiTest.rows(); ++i) {
        QVector<double> psi, quality;
        for (Eigen::Index q = 0; q < out.psiTest.cols(); ++q)
            psi.push_back(out.psiTest(i, q));
        for (Eigen::Index m = 0; m < out.qualityTest.cols(); ++m)
            quality.push_back(out.qualityTest(i, m));
        run.psiTest.push_back(psi);
        run.quality.push_back(quality);
    }
    run.testQueryIds = out.testIds;
    run.frontier = out.report.value("frontier").toObject();
    run.router = routerSpecToJson(out.spec);
    run.costWeight = out.spec.costWeight;
    QJsonArray pool;
    for (const QString& m : config.models)
        pool.append(m);
    QJsonObject cfg = config.train.toJson();
    cfg["pool"] = pool;
    cfg["reference"] = run.reference;
    cfg["pairs"] = out.report.value("pairs");
    progress.check();
    return RunStore::insertPool(projectPath, cfg, run);
}

} // namespace crw
