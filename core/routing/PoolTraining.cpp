#include "routing/PoolTraining.h"

#include "causal/CrossFitting.h"
#include "pipeline/RowSplit.h"
#include "routing/ModelCosts.h"
#include "routing/RouterExport.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace crw {

namespace {
[[noreturn]] void fail(const QString& m)
{
    throw std::runtime_error(m.toStdString());
}
}

PoolOutcome trainPool(const QString& projectPath, const PoolConfig& cfg, Progress& progress)
{
    const QStringList& models = cfg.models;
    if (models.size() < 2 || std::set<QString>(models.begin(), models.end()).size() != size_t(models.size()))
        fail("a pool needs at least two distinct models");
    RouterKind kind = RouterKind::MetaR;
    for (RouterKind k : cfg.train.routers)
        if (k == RouterKind::MetaR || k == RouterKind::MetaDR || k == RouterKind::MetaT) {
            kind = k;
            break;
        }

    // Costs and the reference (default: the cheapest).
    QString reference = cfg.reference;
    std::vector<RouterModel> priced
        = resolveModelCosts(projectPath, models, reference.isEmpty() ? models[0] : reference, cfg.costOverrides);
    if (reference.isEmpty()) {
        size_t best = 0;
        for (size_t i = 1; i < priced.size(); ++i)
            if (priced[i].cost < priced[best].cost)
                best = i;
        reference = models[qsizetype(best)];
        if (priced[0].costSource == QLatin1String("binary"))
            priced = resolveModelCosts(projectPath, models, reference, cfg.costOverrides);
    }
    if (!models.contains(reference))
        fail(QStringLiteral("reference '%1' is not in the pool").arg(reference));
    QStringList others;
    for (const QString& m : models)
        if (m != reference)
            others << m;

    // Pair tables and their union.
    std::vector<PairTable> tables;
    for (qsizetype k = 0; k < others.size(); ++k) {
        Progress p = progress.sub(0.1 * double(k) / double(others.size()), 0.1 * double(k + 1) / double(others.size()));
        tables.push_back(loadPairTable(projectPath, others[k], reference, p));
    }
    std::map<qint64, int> unionRow;
    for (const auto& t : tables)
        for (qint64 id : t.queryIds)
            unionRow.emplace(id, 0);
    PairTable u;
    u.primary = others[0];
    u.alternative = reference;
    for (auto& [id, row] : unionRow) {
        row = int(u.queryIds.size());
        u.queryIds.push_back(id);
    }
    const int nu = u.size();
    u.texts.resize(nu);
    u.tasks.resize(nu);
    bool allEmb = true;
    for (const auto& t : tables)
        allEmb = allEmb && t.embeddings.cols() > 0;
    if (allEmb)
        u.embeddings = Matrix::Zero(nu, tables[0].embeddings.cols());
    std::vector<std::vector<int>> rowMap(tables.size());
    for (size_t k = 0; k < tables.size(); ++k) {
        const PairTable& t = tables[k];
        for (int i = 0; i < t.size(); ++i) {
            const int r = unionRow.at(t.queryIds[i]);
            rowMap[k].push_back(r);
            u.texts[r] = t.texts[i];
            u.tasks[r] = t.tasks[i];
            if (allEmb)
                u.embeddings.row(r) = t.embeddings.row(i);
        }
    }
    Progress featP = progress.sub(0.1, 0.2);
    const BuiltFeatures feats = buildFeatures(u, cfg.train.featureOptions(), featP);

    // Test queries: gold for every model of the pool, drawn by the one split function (pipeline/RowSplit.h).
    std::vector<std::vector<int>> tableRowOfUnion(tables.size(), std::vector<int>(size_t(nu), -1));
    for (size_t k = 0; k < tables.size(); ++k)
        for (int i = 0; i < tables[k].size(); ++i)
            tableRowOfUnion[k][size_t(rowMap[k][size_t(i)])] = i;
    std::vector<int> candidates;
    for (int r = 0; r < nu; ++r) {
        bool all = true;
        for (size_t k = 0; k < tables.size() && all; ++k) {
            const int i = tableRowOfUnion[k][size_t(r)];
            all = i >= 0 && std::isfinite(tables[k].gain[i]);
        }
        if (all)
            candidates.push_back(r);
    }
    const uint64_t seed = cfg.train.seed;
    const int testSize = std::max(0, cfg.train.testSize);
    if (testSize > 0 && int(candidates.size()) <= testSize)
        fail(QStringLiteral("test size %1 leaves nothing to train on (%2 queries have gold for every model)")
                 .arg(testSize)
                 .arg(candidates.size()));
    SplitPlan testPlan;
    testPlan.testSize = testSize;
    const std::vector<int> testU = drawRowSplit(candidates, std::vector<bool>(size_t(nu), false), testPlan, seed).test;
    std::vector<bool> isTestU(size_t(nu), false);
    for (int r : testU)
        isTestU[size_t(r)] = true;
    const Matrix Xt = selectRows(feats.X, testU);

    PoolOutcome out;
    out.spec.reference = reference;
    out.spec.featurizer = feats.featurizer;
    for (const auto& m : priced)
        out.spec.models.push_back(m);
    for (int r : testU)
        out.testIds.push_back(u.queryIds[r]);
    out.psiTest.resize(Eigen::Index(testU.size()), Eigen::Index(others.size()));
    QJsonArray pairs;
    QVector<qint64> trainIds;
    TrainingConfig tc = cfg.train;
    tc.routers = { kind };
    for (size_t k = 0; k < tables.size(); ++k) {
        const PairTable& t = tables[k];
        std::vector<int> goldRows, testRows;
        std::vector<bool> hasPref(size_t(t.size()), false);
        for (int i = 0; i < t.size(); ++i) {
            if (std::isfinite(t.gain[i]))
                goldRows.push_back(i);
            hasPref[size_t(i)] = std::isfinite(t.pref[i]);
            if (isTestU[size_t(rowMap[k][size_t(i)])])
                testRows.push_back(i);
        }
        SplitPlan plan;
        plan.goldSize = cfg.train.goldSize;
        const RowSplit rs = drawRowSplit(goldRows, hasPref, plan, seed, IntVector(), Matrix(), testRows);
        const std::vector<int>& gold = rs.gold;
        const std::vector<int>& pref = rs.pref;
        if (pref.empty())
            fail(QStringLiteral("no preference labels for %1 vs %2: import or simulate some first")
                     .arg(others[qsizetype(k)], reference));
        if (int(gold.size()) < 2 * cfg.train.folds)
            fail(
                QStringLiteral("only %1 gold rows for %2 vs %3").arg(gold.size()).arg(others[qsizetype(k)], reference));
        std::vector<int> pooledU;
        for (int i : gold)
            pooledU.push_back(rowMap[k][size_t(i)]);
        for (int i : pref)
            pooledU.push_back(rowMap[k][size_t(i)]);
        for (int r : pooledU)
            trainIds.push_back(u.queryIds[r]);
        SplitData split { selectRows(feats.X, pooledU), selectRows(t.gain, gold), selectRows(t.pref, pref), Vector(),
            IntVector() };
        // Query ids, as in runTraining: a query's gold and preference rows share a cross-fitting fold (issue 13).
        split.query = Eigen::Map<const Eigen::VectorXi>(pooledU.data(), Eigen::Index(pooledU.size()));
        Progress p = progress.sub(
            0.2 + 0.7 * double(k) / double(tables.size()), 0.2 + 0.7 * double(k + 1) / double(tables.size()));
        SuiteResult suite = trainRouterSuite(split, suiteOptionsFor(tc), p);
        const TrainedRouter& tr = suite.routers.front();
        QualityModel q;
        q.model = others[qsizetype(k)];
        q.router = routerName(kind);
        q.psi = tr.psi->toJson();
        if (auto it = suite.cates.find(kind); it != suite.cates.end() && it->second.model)
            q.bias = it->second.model->toJson();
        q.normalizationConstant = suite.normConstant;
        out.spec.quality.push_back(q);
        if (!testU.empty())
            out.psiTest.col(Eigen::Index(k)) = suite.predict(kind, Xt);
        pairs.append(QJsonObject { { "model", q.model }, { "gold_rows", int(gold.size()) },
            { "preference_rows", int(pref.size()) }, { "diagnostics", suite.diagnosticsJson() } });
    }
    // Pool order of the quality entries: the order of `models` without the reference (validateRouterSpec checks it).
    std::vector<int> modelOf;
    std::vector<double> costs;
    for (const auto& m : out.spec.models)
        costs.push_back(m.cost);
    for (const auto& q : out.spec.quality)
        modelOf.push_back(out.spec.modelIndex(q.model));
    const int ref = out.spec.modelIndex(reference);

    if (cfg.costWeight) {
        out.spec.costWeight = *cfg.costWeight;
        for (int m : modelOf)
            out.spec.thresholds.push_back(out.spec.costWeight * (costs[size_t(m)] - costs[size_t(ref)]));
    } else if (cfg.target) {
        if (testU.empty())
            fail("calibrating a pool router needs held-out test queries (--test-size)");
        CalibrationSetup cs { costs, modelOf, ref, cfg.bootstrap, 0.95, seed };
        const CalibrationResult r = calibrateCostWeight(out.psiTest, *cfg.target, cs);
        out.spec.costWeight = r.w;
        out.spec.thresholds = r.thresholds;
        out.spec.calibration = r.toJson(*cfg.target);
        out.spec.calibration["set"] = QStringLiteral("pool held-out test queries");
        out.spec.calibration["bootstrap"] = cfg.bootstrap;
        out.spec.calibration["seed"] = QString::number(seed);
    } else {
        fail("give a cost weight or a calibration target");
    }
    QJsonArray pool;
    for (const auto& m : models)
        pool.append(m);
    out.spec.trainedOn = QJsonObject { { "project", QFileInfo(projectPath).absoluteFilePath() }, { "pool", pool },
        { "reference", reference }, { "router", routerName(kind) }, { "features", feats.description },
        { "config", cfg.train.toJson() }, { "test_rows", int(testU.size()) },
        { "created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate) } };
    out.report = QJsonObject { { "reference", reference }, { "pairs", pairs }, { "test_rows", int(testU.size()) } };

    if (!testU.empty()) {
        Matrix quality(Eigen::Index(testU.size()), Eigen::Index(models.size()));
        for (size_t j = 0; j < testU.size(); ++j) {
            const int r = testU[j];
            for (size_t k = 0; k < tables.size(); ++k) {
                const int i = tableRowOfUnion[k][size_t(r)];
                quality(Eigen::Index(j), out.spec.modelIndex(others[qsizetype(k)])) = tables[k].goldPrimary[i];
                quality(Eigen::Index(j), ref) = tables[k].goldAlternative[i];
            }
        }
        out.qualityTest = quality;
        const PoolFrontier f = poolFrontier(out.psiTest, quality, costs, modelOf, ref);
        QStringList names;
        for (const auto& m : out.spec.models)
            names << m.name;
        out.report["frontier"] = f.toJson(names);
        QJsonArray ids;
        for (qint64 id : out.testIds)
            ids.append(id);
        out.report["test_query_ids"] = ids;
    }
    progress.report(0.95, QStringLiteral("explain sample"));
    attachExplainSample(&out.spec, projectPath, trainIds, cfg.explainSample, seed);
    validateRouterSpec(out.spec);
    progress.report(1.0);
    return out;
}

} // namespace crw
