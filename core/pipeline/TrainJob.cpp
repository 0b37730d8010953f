#include "pipeline/TrainJob.h"

#include "causal/CrossFitting.h"
#include "causal/GroupEffects.h"
#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/IntervalCoverage.h"
#include "metrics/RoutingQuality.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace crw {

QString nuisanceFamilyName(NuisanceFamily f)
{
    switch (f) {
    case NuisanceFamily::Xgb:
        return QStringLiteral("xgb");
    case NuisanceFamily::Rf:
        return QStringLiteral("rf");
    case NuisanceFamily::Linear:
        return QStringLiteral("linear");
    }
    return {};
}

bool parseNuisanceFamily(const QString& s, NuisanceFamily* out)
{
    for (auto f : { NuisanceFamily::Xgb, NuisanceFamily::Rf, NuisanceFamily::Linear })
        if (nuisanceFamilyName(f) == s) {
            *out = f;
            return true;
        }
    return false;
}

QJsonObject FeatureOptions::toJson() const
{
    return QJsonObject { { "source", source }, { "dim", dim }, { "length_features", lengthFeatures },
        { "task_features", taskFeatures }, { "seed", QString::number(seed) } };
}

QJsonObject TrainConfig::toJson() const
{
    QJsonArray rs;
    for (auto k : routers)
        rs.append(routerName(k));
    return QJsonObject { { "primary", primary }, { "alternative", alternative }, { "routers", rs },
        { "nuisance", nuisanceFamilyName(nuisance) }, { "folds", folds },
        { "normalization", normalizationName(normalization) },
        { "propensity", propensityModeName(propensity) }, { "clip_factor", clipFactor },
        { "overlap_weights", overlapWeights }, { "seed", QString::number(seed) }, { "gold_size", goldSize },
        { "test_size", testSize }, { "features", features.toJson() }, { "bootstrap", bootstrap },
        { "overlap_min_ratio", overlapMinRatio } };
}

SuiteOptions suiteOptionsFor(const TrainConfig& c)
{
    SuiteOptions s;
    s.routers = c.routers;
    s.seed = c.seed;
    s.finalSpec = defaultFinalSpec(c.threads);
    s.cate.outcome = defaultOutcomeSpec(c.threads);
    switch (c.nuisance) {
    case NuisanceFamily::Xgb:
        break;
    case NuisanceFamily::Rf:
        s.cate.outcome.kind = LearnerKind::XgbRf;
        s.cate.outcome.rounds = 100;
        s.cate.outcome.maxDepth = 8;
        s.cate.outcome.subsample = 0.632;
        s.cate.outcome.colsample = 0.5;
        break;
    case NuisanceFamily::Linear:
        s.cate.outcome = LearnerSpec { LearnerKind::Ridge, 1.0 };
        break;
    }
    s.cate.outcome.nthread = c.threads;
    s.cate.stage2.nthread = c.threads;
    s.cate.propensity.nthread = c.threads;
    s.cate.folds = c.folds;
    s.cate.seed = c.seed;
    s.cate.normalization = c.normalization;
    s.cate.propensityMode = c.propensity;
    s.cate.clipFactor = c.clipFactor;
    s.cate.overlapWeights = c.overlapWeights;
    s.bootstrap = c.bootstrap;
    s.overlapMinRatio = c.overlapMinRatio;
    return s;
}

namespace {

std::vector<int> finiteRows(const Vector& v)
{
    std::vector<int> out;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i]))
            out.push_back(int(i));
    return out;
}

QJsonArray toArray(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(std::isfinite(x) ? QJsonValue(x) : QJsonValue());
    return a;
}

QJsonArray toArray(const Vector& v)
{
    QJsonArray a;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.append(std::isfinite(v[i]) ? QJsonValue(v[i]) : QJsonValue());
    return a;
}

// Mean quality and mean cost when the top share of test queries by psi goes to the primary, for 21 shares.
QJsonObject costQualityCurve(const Vector& psi, const Vector& qp, const Vector& qa, const Vector& cp, const Vector& ca)
{
    QJsonArray share, quality, cost;
    const bool costs = cp.allFinite() && ca.allFinite();
    for (int s = 0; s <= 20; ++s) {
        const double p = s / 20.0;
        const RoutingAtShare r = costs ? routingQualityAt(psi, qp, qa, p, cp, ca) : routingQualityAt(psi, qp, qa, p);
        share.append(r.share);
        quality.append(r.meanQuality);
        cost.append(r.totalCost / double(std::max<Eigen::Index>(1, psi.size())));
    }
    return QJsonObject { { "share", share }, { "quality", quality }, { "cost_per_query", cost },
        { "cost_unit", costs ? "usd" : "primary_calls" } };
}

} // namespace

TrainOutcome runTraining(const QString& projectPath, const TrainConfig& config, Progress& progress)
{
    if (config.bootstrap < 0 || config.bootstrap == 1)
        throw std::invalid_argument("bootstrap replicates must be 0 (none) or at least 2");
    if (!(config.overlapMinRatio > 0.0 && config.overlapMinRatio <= 1.0))
        throw std::invalid_argument("the overlap minimum density ratio must be in (0, 1]");
    Progress loadP = progress.sub(0.0, 0.05);
    const PairTable table = loadPairTable(projectPath, config.primary, config.alternative, loadP);
    Progress featP = progress.sub(0.05, 0.15);
    const BuiltFeatures feats = buildFeatures(table, config.features, featP);

    std::vector<int> goldRows = finiteRows(table.gain);
    std::mt19937_64 rng(config.seed * 31 + 17);
    std::shuffle(goldRows.begin(), goldRows.end(), rng);
    if (config.testSize > 0 && int(goldRows.size()) <= config.testSize)
        throw std::runtime_error(QStringLiteral("test size %1 leaves no gold rows to train on (%2 gold queries)")
                                     .arg(config.testSize)
                                     .arg(goldRows.size())
                                     .toStdString());
    const std::vector<int> test(
        goldRows.begin(), goldRows.begin() + std::min<size_t>(goldRows.size(), size_t(std::max(0, config.testSize))));
    std::vector<int> gold(goldRows.begin() + long(test.size()), goldRows.end());
    if (config.goldSize > 0 && int(gold.size()) > config.goldSize)
        gold.resize(size_t(config.goldSize));
    std::sort(gold.begin(), gold.end());
    std::vector<bool> isTest(size_t(table.size()), false);
    for (int i : test)
        isTest[size_t(i)] = true;
    std::vector<int> pref;
    for (int i : finiteRows(table.pref))
        if (!isTest[size_t(i)])
            pref.push_back(i);
    if (pref.empty())
        throw std::runtime_error(QStringLiteral("no preference labels for %1 vs %2: import or simulate some first")
                                     .arg(config.primary, config.alternative)
                                     .toStdString());
    if (int(gold.size()) < 2 * config.folds)
        throw std::runtime_error(QStringLiteral("only %1 gold rows for %2 vs %3: need at least %4 (2 per fold)")
                                     .arg(gold.size())
                                     .arg(config.primary, config.alternative)
                                     .arg(2 * config.folds)
                                     .toStdString());

    std::vector<int> pooled = gold;
    pooled.insert(pooled.end(), pref.begin(), pref.end());
    SplitData split { selectRows(feats.X, pooled), selectRows(table.gain, gold), selectRows(table.pref, pref), Vector(),
        IntVector() };
    split.query.resize(Eigen::Index(pooled.size()));
    for (size_t j = 0; j < pooled.size(); ++j)
        split.query[Eigen::Index(j)] = pooled[j]; // a gold and a preference row of one query share the bootstrap draw
    const Vector rAtPref = selectRows(table.gain, pref);
    if (rAtPref.allFinite())
        split.rAtPref = rAtPref;
    SuiteOptions so = suiteOptionsFor(config);
    Progress trainP = progress.sub(0.15, 0.9);
    SuiteResult suite = trainRouterSuite(split, so, trainP);
    progress.check();
    progress.report(0.9, QStringLiteral("evaluating"));

    // Summary and per-router evaluation on the held-out test queries.
    QJsonObject summary;
    summary["primary"] = config.primary;
    summary["alternative"] = config.alternative;
    summary["features"] = feats.description;
    summary["gold_rows"] = int(gold.size());
    summary["preference_rows"] = int(pref.size());
    summary["test_rows"] = int(test.size());
    // The main router: its Delta_hat, psi_hat and uncertainty are what the run stores per query.
    const RouterKind mainKind = mainRouterOf(config.routers);
    summary["diagnostics"] = suite.diagnosticsJson();
    summary["main_router"] = routerName(mainKind);
    QJsonObject routerEval;
    std::map<QString, QJsonObject> curves;
    const Matrix Xt = selectRows(feats.X, test);
    const Vector rt = selectRows(table.gain, test), qp = selectRows(table.goldPrimary, test),
                 qa = selectRows(table.goldAlternative, test), cp = selectRows(table.costPrimary, test),
                 ca = selectRows(table.costAlternative, test);
    QJsonArray testIds;
    for (int i : test)
        testIds.append(table.queryIds[i]);
    for (const auto& tr : suite.routers) {
        QJsonObject c;
        c["router"] = routerName(tr.kind);
        if (tr.psi)
            c["model"] = tr.psi->toJson();
        // Meta routers: the stage-2 bias model (Delta_hat for new queries) and the normalisation constant, so an
        // exported router can explain a query's estimated preference bias (docs/router-format.md).
        if (auto it = suite.cates.find(tr.kind); it != suite.cates.end() && it->second.model) {
            c["cate_model"] = it->second.model->toJson();
            c["normalization_constant"] = suite.normConstant;
        }
        if (!test.empty()) {
            const Vector psi = suite.predict(tr.kind, Xt);
            const EgCurve eg = efficiencyGainCurve(psi, rt);
            const EgCurve full = fullRankingCurve(psi, rt);
            const EgSummary se = summarizeEg(eg), sf = summarizeEg(full);
            QJsonObject e { { "eg_area", se.area }, { "eg_max", std::isfinite(se.maxEg) ? se.maxEg : 0.0 },
                { "pmur_at_max", std::isfinite(se.pmurAtMax) ? se.pmurAtMax : 0.0 }, { "full_ranking_area", sf.area },
                { "quality_at",
                    QJsonObject { { "0.3", routingQualityAt(psi, qp, qa, 0.3).meanQuality },
                        { "0.5", routingQualityAt(psi, qp, qa, 0.5).meanQuality } } } };
            routerEval[routerName(tr.kind)] = e;
            c["evaluation"] = e;
            c["pmur_grid"] = toArray(eg.grid);
            c["eg_curve"] = toArray(eg.eg);
            c["full_ranking_curve"] = toArray(full.eg);
            c["psi_test"] = toArray(psi);
            c["cost_quality"] = costQualityCurve(psi, qp, qa, cp, ca);
        }
        curves[routerName(tr.kind)] = c;
    }
    // Uncertainty of the main router: bootstrap se on the test queries and the calibration check. The conformal
    // multiplier z of the predictive interval psi_hat +- z * sqrt(se^2 + residual_sd^2) is calibrated on a seeded half
    // of the held-out test queries and its coverage is measured on the other half (split conformal). Out-of-bag gold
    // rows are optimistic for this (their neighbours' bias corrections were learnt from their own gold labels), so
    // they are used only when a run has no test set.
    const std::vector<double> levels { 0.5, 0.8, 0.9, 0.95 };
    Vector seTest;
    if (const PsiBootstrap* b = suite.bootstrapOf(mainKind)) {
        QJsonObject u = summary["diagnostics"].toObject().value("uncertainty").toObject();
        std::function<double(double)> zOf = [b](double level) { return b->intervalZ(level); };
        QString calibration = QStringLiteral("out-of-bag gold rows (optimistic: no held-out test set)");
        if (!test.empty()) {
            seTest = b->se(Xt);
            const Vector psiT = suite.predict(mainKind, Xt);
            const Vector sdT = b->predictiveSd(seTest);
            std::vector<int> order(test.size());
            std::iota(order.begin(), order.end(), 0);
            std::mt19937_64 crng(config.seed * 131 + 5);
            std::shuffle(order.begin(), order.end(), crng);
            const size_t half = order.size() / 2;
            std::vector<double> scores;
            for (size_t j = 0; j < half; ++j) {
                const int i = order[j];
                scores.push_back(sdT[i] > 0 ? std::abs(rt[i] - psiT[i]) / sdT[i] : 0.0);
            }
            std::sort(scores.begin(), scores.end());
            std::vector<int> evalRows(order.begin() + long(half), order.end());
            if (scores.size() >= 20) {
                zOf = [scores](double level) { return conformalQuantile(scores, level); };
                calibration
                    = QStringLiteral("split conformal: z from %1 held-out test queries, coverage on the other %2")
                          .arg(half)
                          .arg(evalRows.size());
            } else {
                evalRows = std::vector<int>(order.begin(), order.end());
            }
            const Vector rE = selectRows(rt, evalRows), pE = selectRows(psiT, evalRows), sE = selectRows(sdT, evalRows);
            const auto cov = intervalCoverage(rE, pE, sE, levels, zOf);
            u["coverage_test"] = coverageJson(cov);
            u["coverage_test_normal"] = coverageJson(intervalCoverage(rE, pE, sE, levels));
            u["coverage_test_oob_z"]
                = coverageJson(intervalCoverage(rE, pE, sE, levels, [b](double level) { return b->intervalZ(level); }));
            u["mean_se_test"] = seTest.mean();
            auto& c = curves[routerName(mainKind)];
            c["psi_test_se"] = toArray(seTest);
            c["coverage_test"] = coverageJson(cov);
        }
        // The replicates themselves, so an exported router can give intervals and apply the abstain rule.
        auto& c = curves[routerName(mainKind)];
        QJsonArray reps;
        for (const auto& m : b->models)
            reps.append(m->toJson());
        c["bootstrap_models"] = reps;
        c["residual_sd"] = b->residualSd;
        QJsonObject zs;
        for (double level : levels)
            zs[QString::number(level, 'g', 3)] = zOf(level);
        c["interval_z"] = zs;
        u["interval_z"] = zs;
        u["calibration"] = calibration;
        summary["uncertainty"] = u;
    }
    if (!test.empty()) {
        summary["evaluation"] = routerEval;
        summary["test_query_ids"] = testIds;
        summary["test_truth"] = QJsonObject { { "gain", toArray(rt) }, { "quality_primary", toArray(qp) },
            { "quality_alternative", toArray(qa) }, { "cost_primary", toArray(cp) },
            { "cost_alternative", toArray(ca) } };
    }

    // The bias view: Delta_hat of the main router (R, else DR, else T, else an overlap one) and group effects per
    // task from DR pseudo-outcomes.
    const CateFit* main = suite.cates.count(mainKind) ? &suite.cates.at(mainKind) : nullptr;
    const CateFit* dr = suite.cates.count(RouterKind::MetaDR) ? &suite.cates.at(RouterKind::MetaDR) : main;
    if (main) {
        QVector<QString> groups;
        for (int i : pooled)
            groups.push_back(table.tasks[i].isEmpty() ? QStringLiteral("(no task)") : table.tasks[i]);
        const Vector truth = selectRows(table.trueDelta, pooled);
        const auto effects = groupEffects(groups, dr->pseudo, main->deltaOof, truth.allFinite() ? truth : Vector());
        QJsonArray arr;
        for (const auto& e : effects)
            arr.append(QJsonObject { { "group", e.group }, { "rows", e.rows }, { "estimate", e.estimate },
                { "se", std::isfinite(e.se) ? e.se : 0.0 }, { "mean_delta_hat", e.meanDeltaHat },
                { "truth", std::isfinite(e.truth) ? QJsonValue(e.truth) : QJsonValue() } });
        summary["bias_by_task"] = arr;
        summary["bias_learner"] = main->diag.learner;
        const Vector tp = selectRows(table.trueDelta, pref);
        if (tp.allFinite()) {
            const Vector dh = main->deltaOof.tail(Eigen::Index(pref.size()));
            summary["delta_rmse"] = std::sqrt((dh - tp).squaredNorm() / double(tp.size()));
            summary["delta_truth_sd"]
                = std::sqrt((tp.array() - tp.mean()).square().sum() / double(std::max<Eigen::Index>(1, tp.size() - 1)));
        }
    }

    // Store everything in one transaction.
    progress.report(0.95, QStringLiteral("storing the run"));
    SqliteDb db(projectPath);
    TrainOutcome out;
    const Vector psiPooled = suite.predict(mainKind, split.X);
    const Vector psiTest = test.empty() ? Vector() : suite.predict(mainKind, Xt);
    const PsiBootstrap* boot = suite.bootstrapOf(mainKind);
    const Vector sePooled = boot ? boot->se(split.X) : Vector();
    ProjectStore::migrate(db); // runs need the current run_queries columns
    db.beginImmediate();
    try {
        auto run
            = db.prepare("INSERT INTO runs(created_at, kind, config_json, status, summary_json) VALUES(?, 'train', ?, "
                         "'done', ?)");
        QJsonObject cfg = config.toJson();
        cfg["featurizer"] = feats.featurizer;
        run.bind(1, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
        run.bind(2, QJsonDocument(cfg).toJson(QJsonDocument::Compact));
        run.bind(3, QJsonDocument(summary).toJson(QJsonDocument::Compact));
        run.run();
        out.runId = db.lastInsertId();
        auto q = db.prepare("INSERT INTO run_queries(run_id, query_id, source, fold, outcome, propensity, delta_hat, "
                            "psi_hat, true_delta, psi_se, propensity_raw) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        const Nuisances* nu = suite.nuisances ? &*suite.nuisances : nullptr;
        for (size_t j = 0; j < pooled.size(); ++j) {
            const int i = pooled[j];
            const auto row = Eigen::Index(j);
            q.bind(1, int64_t(out.runId));
            q.bind(2, int64_t(table.queryIds[i]));
            q.bind(3, int64_t(j < gold.size() ? 1 : 0));
            q.bind(4, int64_t(nu ? nu->folds[row] : 0));
            if (nu)
                q.bind(5, nu->o[row]);
            else
                q.bind(5, j < gold.size() ? table.gain[i] : table.pref[i] * suite.normConstant);
            if (nu)
                q.bind(6, nu->p[row]);
            else
                q.bindNull(6);
            if (main)
                q.bind(7, main->deltaOof[row]);
            else
                q.bindNull(7);
            q.bind(8, psiPooled[row]);
            if (std::isfinite(table.trueDelta[i]))
                q.bind(9, table.trueDelta[i]);
            else
                q.bindNull(9);
            if (boot)
                q.bind(10, sePooled[row]);
            else
                q.bindNull(10);
            if (nu)
                q.bind(11, nu->pRaw[row]);
            else
                q.bindNull(11);
            q.run();
        }
        for (size_t j = 0; j < test.size(); ++j) {
            const int i = test[j];
            q.bind(1, int64_t(out.runId));
            q.bind(2, int64_t(table.queryIds[i]));
            q.bind(3, int64_t(2));
            q.bind(4, int64_t(-1));
            q.bind(5, table.gain[i]);
            q.bindNull(6);
            q.bindNull(7);
            q.bind(8, psiTest[Eigen::Index(j)]);
            if (std::isfinite(table.trueDelta[i]))
                q.bind(9, table.trueDelta[i]);
            else
                q.bindNull(9);
            if (boot)
                q.bind(10, seTest[Eigen::Index(j)]);
            else
                q.bindNull(10);
            q.bindNull(11);
            q.run();
        }
        auto c = db.prepare("INSERT INTO run_curves(run_id, router, json) VALUES(?, ?, ?)");
        for (const auto& [name, json] : curves) {
            c.bind(1, int64_t(out.runId));
            c.bind(2, name.toUtf8());
            c.bind(3, QJsonDocument(json).toJson(QJsonDocument::Compact));
            c.run();
        }
        progress.check();
        db.commit();
    } catch (...) {
        db.rollback();
        throw;
    }
    summary["run_id"] = out.runId;
    out.summary = summary;
    progress.report(1.0);
    return out;
}

} // namespace crw
