#include "SyntheticRun.h"

#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/RoutingQuality.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace crw::test {

namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

QJsonValue num(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue();
}

QJsonArray arr(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(num(x));
    return a;
}

QJsonArray arr(const Vector& v)
{
    return arr(std::vector<double>(v.data(), v.data() + v.size()));
}

const char* kWords[] = { "integral", "function", "parse", "story", "proof", "array", "poem", "explain", "compare",
    "summary", "theorem", "loop", "friendly", "argument", "essay", "matrix", "recursion", "dialogue" };

} // namespace

SyntheticRun writeSyntheticRun(const QString& projectPath, const SyntheticRunSpec& spec)
{
    if (!QFileInfo::exists(projectPath))
        ProjectStore::create(projectPath);
    std::mt19937_64 rng(spec.seed);
    std::normal_distribution<double> z(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int T = int(spec.tasks.size());
    // Per-task true bias and true gain of the primary.
    std::vector<double> taskDelta(static_cast<size_t>(T)), taskGain(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) {
        taskDelta[size_t(t)] = -0.3 + 0.6 * t / std::max(1, T - 1);
        taskGain[size_t(t)] = 0.25 - 0.1 * t;
    }

    SyntheticRun out;
    SqliteDb db(projectPath);
    db.beginImmediate();
    int64_t firstQuery = 0;
    {
        auto st = db.prepare("SELECT COALESCE(MAX(id), 0) FROM queries");
        st.step();
        firstQuery = st.columnInt(0) + 1;
    }
    const int nG = spec.goldQueries, nP = spec.preferenceQueries, nT = spec.testQueries;
    const int n = nG + nP + nT;
    const double kappa = double(nG) / double(nG + nP);
    const double pLow = kappa / spec.clipFactor, pHigh = std::min(0.99, kappa * spec.clipFactor);
    auto insQuery = db.prepare("INSERT INTO queries(id, external_id, text_key, text, task) VALUES(?, ?, ?, ?, ?)");
    std::vector<double> qp(static_cast<size_t>(nT)), qa(static_cast<size_t>(nT)), cp(static_cast<size_t>(nT)),
        ca(static_cast<size_t>(nT)), gainT(static_cast<size_t>(nT));
    int clipped = 0;
    double sumPG = 0, sumPP = 0;
    for (int i = 0; i < n; ++i) {
        SyntheticRunRow r;
        r.queryId = firstQuery + i;
        r.source = i < nG ? 1 : i < nG + nP ? 0 : 2;
        // Gold queries lean to the first tasks and are longer: the sources differ, as in real data.
        int task = int(u(rng) * T);
        if (r.source == 1 && u(rng) < 0.3)
            task = 0;
        const int words = 4 + int(u(rng) * (r.source == 1 ? 40 : 25));
        QString text = QStringLiteral("Query %1 (%2):").arg(i).arg(spec.tasks[task]);
        for (int w = 0; w < words; ++w)
            text
                += QLatin1Char(' ') + QString::fromLatin1(kWords[size_t(rng() % (sizeof(kWords) / sizeof(kWords[0])))]);
        if (i % 17 == 0)
            text += QStringLiteral(", \"quoted\", with commas\nand a second line");
        r.task = spec.tasks[task];
        r.text = text;
        insQuery.bind(1, int64_t(r.queryId));
        insQuery.bind(2, QStringLiteral("q%1").arg(r.queryId).toUtf8());
        insQuery.bind(3, QStringLiteral("k%1").arg(r.queryId).toUtf8());
        insQuery.bind(4, text.toUtf8());
        insQuery.bind(5, r.task.toUtf8());
        insQuery.run();

        const double trueDelta = taskDelta[size_t(task)] + 0.08 * z(rng);
        r.trueDelta = spec.withTruth ? trueDelta : kNull;
        if (r.source == 2) {
            const int j = i - nG - nP;
            qa[size_t(j)] = std::clamp(0.45 + 0.15 * z(rng), 0.0, 1.0);
            qp[size_t(j)] = std::clamp(qa[size_t(j)] + taskGain[size_t(task)] + 0.15 * z(rng), 0.0, 1.0);
            gainT[size_t(j)] = qp[size_t(j)] - qa[size_t(j)];
            cp[size_t(j)] = spec.withCosts ? 1e-5 * (200 + 10 * words) : kNull;
            ca[size_t(j)] = spec.withCosts ? 1e-6 * (200 + 10 * words) : kNull;
            r.fold = -1;
            r.outcome = gainT[size_t(j)];
            r.propensity = kNull;
            r.deltaHat = kNull;
            r.psiHat = gainT[size_t(j)] + 0.1 * z(rng);
        } else {
            r.fold = i % 5;
            const double gain = taskGain[size_t(task)] + 0.1 * z(rng);
            r.outcome = r.source == 1 ? gain : gain + trueDelta + 0.1 * z(rng);
            double p = kappa * std::exp((r.source == 1 ? 0.6 : -0.1) + 0.7 * z(rng));
            if (p < pLow || p > pHigh) {
                ++clipped;
                p = std::clamp(p, pLow, pHigh);
            }
            r.propensity = p;
            (r.source == 1 ? sumPG : sumPP) += p;
            r.deltaHat = trueDelta + 0.1 * z(rng);
            r.psiHat = gain + 0.05 * z(rng);
        }
        out.rows.push_back(r);
    }

    // Per-router scores on the test queries and their curves.
    const Vector rT = Eigen::Map<const Vector>(gainT.data(), nT), qpV = Eigen::Map<const Vector>(qp.data(), nT),
                 qaV = Eigen::Map<const Vector>(qa.data(), nT), cpV = Eigen::Map<const Vector>(cp.data(), nT),
                 caV = Eigen::Map<const Vector>(ca.data(), nT);
    QJsonObject evaluation;
    for (int k = 0; k < spec.routers.size(); ++k) {
        const QString name = spec.routers[k];
        Vector psi(nT);
        const double noise = name == "meta_r" ? 0.08 : name == "meta_dr" ? 0.1 : name == "gold_only" ? 0.2 : 0.12;
        const double shift = name == "pref_only" ? -0.15 : name == "mean_shift" ? 0.05 : 0.0;
        for (int j = 0; j < nT; ++j)
            psi[j] = name == "random"
                ? 2 * u(rng) - 1
                : rT[j] + shift + noise * z(rng) + (name == "pref_only" ? 0.3 * (j % 3 - 1) : 0.0);
        const EgCurve eg = efficiencyGainCurve(psi, rT);
        const EgCurve full = fullRankingCurve(psi, rT);
        const EgSummary se = summarizeEg(eg), sf = summarizeEg(full);
        QJsonObject e { { "eg_area", se.area }, { "eg_max", std::isfinite(se.maxEg) ? se.maxEg : 0.0 },
            { "pmur_at_max", std::isfinite(se.pmurAtMax) ? se.pmurAtMax : 0.0 }, { "full_ranking_area", sf.area },
            { "quality_at",
                QJsonObject { { "0.3", routingQualityAt(psi, qpV, qaV, 0.3).meanQuality },
                    { "0.5", routingQualityAt(psi, qpV, qaV, 0.5).meanQuality } } } };
        evaluation[name] = e;
        QJsonArray share, quality, cost;
        for (int s = 0; s <= 20; ++s) {
            const RoutingAtShare r = spec.withCosts ? routingQualityAt(psi, qpV, qaV, s / 20.0, cpV, caV)
                                                    : routingQualityAt(psi, qpV, qaV, s / 20.0);
            share.append(r.share);
            quality.append(r.meanQuality);
            cost.append(r.totalCost / double(nT));
        }
        QJsonObject c { { "router", name }, { "model", QJsonObject { { "kind", "synthetic" } } }, { "evaluation", e },
            { "pmur_grid", arr(eg.grid) }, { "eg_curve", arr(eg.eg) }, { "full_ranking_curve", arr(full.eg) },
            { "psi_test", arr(psi) },
            { "cost_quality",
                QJsonObject { { "share", share }, { "quality", quality }, { "cost_per_query", cost },
                    { "cost_unit", spec.withCosts ? "usd" : "primary_calls" } } } };
        out.curves[name] = c;
    }

    // Bias per task from "pseudo-outcomes" (truth plus noise) over the pooled training rows.
    QJsonArray biasByTask;
    for (int t = 0; t < T; ++t) {
        std::vector<double> pseudo, dh, truth;
        for (const auto& r : out.rows)
            if (r.source != 2 && r.task == spec.tasks[t]) {
                const double td = std::isfinite(r.trueDelta) ? r.trueDelta : taskDelta[size_t(t)];
                pseudo.push_back(td + 0.4 * z(rng));
                dh.push_back(r.deltaHat);
                truth.push_back(td);
            }
        if (pseudo.empty())
            continue;
        auto mean = [](const std::vector<double>& v) {
            double s = 0;
            for (double x : v)
                s += x;
            return s / double(v.size());
        };
        const double m = mean(pseudo);
        double ss = 0;
        for (double x : pseudo)
            ss += (x - m) * (x - m);
        const double se = pseudo.size() > 1 ? std::sqrt(ss / double(pseudo.size() - 1) / double(pseudo.size())) : 0.0;
        biasByTask.append(
            QJsonObject { { "group", spec.tasks[t] }, { "rows", int(pseudo.size()) }, { "estimate", m }, { "se", se },
                { "mean_delta_hat", mean(dh) }, { "truth", spec.withTruth ? num(mean(truth)) : QJsonValue() } });
    }

    QJsonArray routers, testIds;
    for (const QString& r : spec.routers)
        routers.append(r);
    for (const auto& r : out.rows)
        if (r.source == 2)
            testIds.append(r.queryId);
    out.config = QJsonObject { { "primary", "big-model" }, { "alternative", "small-model" }, { "routers", routers },
        { "nuisance", "xgb" }, { "folds", 5 }, { "normalization", "regression" }, { "propensity", "estimated" },
        { "clip_factor", spec.clipFactor }, { "overlap_weights", false }, { "seed", QString::number(spec.seed) },
        { "gold_size", 0 }, { "test_size", nT }, { "features", QJsonObject { { "source", "hash" }, { "dim", 64 } } },
        { "featurizer", QJsonObject { { "kind", "synthetic" } } } };
    auto cate = [&](const char* learner, double essGold) {
        return QJsonObject { { "learner", learner }, { "base_rate", kappa },
            { "clipped_share", double(clipped) / (nG + nP) }, { "dropped_share", 0.0 }, { "ess_gold", essGold },
            { "ess_pref", 0.8 * nP }, { "mean_propensity_gold", sumPG / nG }, { "mean_propensity_pref", sumPP / nP },
            { "delta_mean", 0.0 }, { "delta_sd", 0.2 } };
    };
    out.summary = QJsonObject { { "primary", "big-model" }, { "alternative", "small-model" },
        { "features", "hashed text (64 dims)" }, { "gold_rows", nG }, { "preference_rows", nP }, { "test_rows", nT },
        { "diagnostics",
            QJsonObject { { "normalization_constant", 1.25 }, { "base_rate", kappa },
                { "propensity_clipped_share", double(clipped) / (nG + nP) }, { "mean_propensity_gold", sumPG / nG },
                { "mean_propensity_pref", sumPP / nP },
                { "cate", QJsonObject { { "meta_r", cate("r", 0.7 * nG) }, { "meta_dr", cate("dr", 0.6 * nG) } } },
                { "warnings", QJsonArray {} } } },
        { "evaluation", evaluation }, { "test_query_ids", testIds },
        { "test_truth",
            QJsonObject { { "gain", arr(rT) }, { "quality_primary", arr(qpV) }, { "quality_alternative", arr(qaV) },
                { "cost_primary", arr(cp) }, { "cost_alternative", arr(ca) } } },
        { "bias_by_task", biasByTask }, { "bias_learner", "r" } };
    if (spec.withTruth) {
        out.summary["delta_rmse"] = 0.1;
        out.summary["delta_truth_sd"] = 0.22;
    }

    auto run = db.prepare("INSERT INTO runs(created_at, kind, config_json, status, summary_json) "
                          "VALUES('2026-01-02T03:04:05Z', 'train', ?, "
                          "'done', ?)");
    run.bind(1, QJsonDocument(out.config).toJson(QJsonDocument::Compact));
    run.bind(2, QJsonDocument(out.summary).toJson(QJsonDocument::Compact));
    run.run();
    out.runId = db.lastInsertId();
    out.summary["run_id"] = out.runId;
    auto q
        = db.prepare("INSERT INTO run_queries(run_id, query_id, source, fold, outcome, propensity, delta_hat, psi_hat, "
                     "true_delta) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto bindNum = [&](int i, double x) {
        if (std::isfinite(x))
            q.bind(i, x);
        else
            q.bindNull(i);
    };
    for (const auto& r : out.rows) {
        q.bind(1, int64_t(out.runId));
        q.bind(2, int64_t(r.queryId));
        q.bind(3, int64_t(r.source));
        q.bind(4, int64_t(r.fold));
        bindNum(5, r.outcome);
        bindNum(6, r.propensity);
        bindNum(7, r.deltaHat);
        bindNum(8, r.psiHat);
        bindNum(9, r.trueDelta);
        q.run();
    }
    auto c = db.prepare("INSERT INTO run_curves(run_id, router, json) VALUES(?, ?, ?)");
    for (auto it = out.curves.begin(); it != out.curves.end(); ++it) {
        c.bind(1, int64_t(out.runId));
        c.bind(2, it.key().toUtf8());
        c.bind(3, QJsonDocument(it.value()).toJson(QJsonDocument::Compact));
        c.run();
    }
    db.commit();
    return out;
}

} // namespace crw::test
