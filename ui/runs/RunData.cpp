#include "runs/RunData.h"

#include "runs/RunViewPrecompute.h"

#include "store/SqliteDb.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace crw {

namespace {

double number(const QJsonValue& v)
{
    return v.isDouble() ? v.toDouble() : kMissing;
}

QVector<double> numbers(const QJsonValue& v)
{
    QVector<double> out;
    const QJsonArray a = v.toArray();
    out.reserve(a.size());
    for (const QJsonValue& x : a)
        out.push_back(number(x));
    return out;
}

QJsonObject parseObject(const QString& json, const char* what)
{
    if (json.isEmpty())
        return {};
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &err);
    if (!doc.isObject())
        throw StoreError(QStringLiteral("run %1 is not a JSON object: %2").arg(what, err.errorString()).toStdString());
    return doc.object();
}

double columnOrMissing(const SqliteStmt& st, int i)
{
    return st.columnIsNull(i) ? kMissing : st.columnDouble(i);
}

CateDiagnosticsView parseCate(const QJsonObject& o)
{
    CateDiagnosticsView d;
    d.learner = o["learner"].toString();
    d.baseRate = number(o["base_rate"]);
    d.clippedShare = number(o["clipped_share"]);
    d.droppedShare = number(o["dropped_share"]);
    d.essGold = number(o["ess_gold"]);
    d.essPref = number(o["ess_pref"]);
    d.meanPropensityGold = number(o["mean_propensity_gold"]);
    d.meanPropensityPref = number(o["mean_propensity_pref"]);
    d.deltaMean = number(o["delta_mean"]);
    d.deltaSd = number(o["delta_sd"]);
    return d;
}

RunDiagnostics parseDiagnostics(const QJsonObject& o)
{
    RunDiagnostics d;
    d.normalizationConstant = number(o["normalization_constant"]);
    d.baseRate = number(o["base_rate"]);
    d.clippedShare = number(o["propensity_clipped_share"]);
    d.meanPropensityGold = number(o["mean_propensity_gold"]);
    d.meanPropensityPref = number(o["mean_propensity_pref"]);
    const QJsonObject cate = o["cate"].toObject();
    for (auto it = cate.begin(); it != cate.end(); ++it)
        d.cate.insert(it.key(), parseCate(it.value().toObject()));
    const QJsonObject overlap = o["overlap"].toObject();
    for (auto it = overlap.begin(); it != overlap.end(); ++it) {
        const QJsonObject v = it.value().toObject();
        OverlapUse u;
        u.minRatio = number(v["min_ratio"]);
        u.prefRows = v["pref_rows"].toInt();
        u.prefRowsUsed = v["pref_rows_used"].toInt();
        u.prefShareUsed = number(v["pref_share_used"]);
        u.goldRows = v["gold_rows"].toInt();
        u.goldRowsInside = v["gold_rows_inside"].toInt();
        u.goldShareInside = number(v["gold_share_inside"]);
        d.overlap.insert(it.key(), u);
    }
    for (const QJsonValue& w : o["warnings"].toArray())
        d.warnings << w.toString();
    return d;
}

RouterCurves parseCurves(const QString& router, const QJsonObject& o)
{
    RouterCurves c;
    c.router = o["router"].toString(router);
    c.evaluation = o["evaluation"].toObject();
    c.pmurGrid = numbers(o["pmur_grid"]);
    c.egCurve = numbers(o["eg_curve"]);
    c.fullRankingCurve = numbers(o["full_ranking_curve"]);
    c.psiTest = numbers(o["psi_test"]);
    c.psiTestSe = numbers(o["psi_test_se"]);
    c.residualSd = number(o["residual_sd"]);
    const QJsonObject cq = o["cost_quality"].toObject();
    c.costQuality.share = numbers(cq["share"]);
    c.costQuality.quality = numbers(cq["quality"]);
    c.costQuality.costPerQuery = numbers(cq["cost_per_query"]);
    c.costQuality.costUnit = cq["cost_unit"].toString();
    return c;
}

void parseSummary(RunData& r)
{
    const QJsonObject& s = r.summary;
    r.primary = s["primary"].toString(r.config["primary"].toString());
    r.alternative = s["alternative"].toString(r.config["alternative"].toString());
    r.features = s["features"].toString();
    r.biasLearner = s["bias_learner"].toString();
    r.mainRouter = s["main_router"].toString();
    r.uncertainty = parseRunUncertainty(s["uncertainty"].toObject());
    r.goldRows = s["gold_rows"].toInt();
    r.preferenceRows = s["preference_rows"].toInt();
    r.testRows = s["test_rows"].toInt();
    r.diagnostics = parseDiagnostics(s["diagnostics"].toObject());
    for (const QJsonValue& v : s["bias_by_task"].toArray()) {
        const QJsonObject o = v.toObject();
        TaskBias b;
        b.group = o["group"].toString();
        b.rows = o["rows"].toInt();
        b.estimate = number(o["estimate"]);
        b.se = number(o["se"]);
        b.meanDeltaHat = number(o["mean_delta_hat"]);
        b.truth = number(o["truth"]);
        r.biasByTask.push_back(b);
    }
    r.deltaRmse = number(s["delta_rmse"]);
    r.deltaTruthSd = number(s["delta_truth_sd"]);
    for (const QJsonValue& v : s["test_query_ids"].toArray())
        r.testQueryIds.push_back(qint64(v.toDouble()));
    const QJsonObject t = s["test_truth"].toObject();
    r.testTruth.gain = numbers(t["gain"]);
    r.testTruth.qualityPrimary = numbers(t["quality_primary"]);
    r.testTruth.qualityAlternative = numbers(t["quality_alternative"]);
    r.testTruth.costPrimary = numbers(t["cost_primary"]);
    r.testTruth.costAlternative = numbers(t["cost_alternative"]);
}

void requireFile(const QString& path)
{
    if (!QFileInfo(path).isFile())
        throw StoreError(QStringLiteral("project file not found: %1").arg(path).toStdString());
}

} // namespace

bool TestTruth::hasCosts() const
{
    if (costPrimary.isEmpty() || costPrimary.size() != costAlternative.size())
        return false;
    auto finite = [](double x) { return std::isfinite(x); };
    return std::all_of(costPrimary.begin(), costPrimary.end(), finite)
        && std::all_of(costAlternative.begin(), costAlternative.end(), finite);
}

void RunData::precompute()
{
    precomputed = std::make_shared<const RunViewPrecompute>(precomputeRunViews(*this));
}

RunData RunData::load(const QString& projectPath, qint64 runId)
{
    requireFile(projectPath);
    SqliteDb db(projectPath);
    RunData r;
    r.projectPath = projectPath;
    {
        auto st = db.prepare("SELECT id, created_at, kind, status, config_json, summary_json FROM runs WHERE id = ?");
        st.bind(1, int64_t(runId));
        if (!st.step())
            throw StoreError(QStringLiteral("run %1 does not exist in %2").arg(runId).arg(projectPath).toStdString());
        r.id = st.columnInt(0);
        r.createdAt = st.columnText(1);
        r.kind = st.columnText(2);
        r.status = st.columnText(3);
        r.config = parseObject(st.columnText(4), "config_json");
        r.summary = parseObject(st.columnIsNull(5) ? QString() : st.columnText(5), "summary_json");
    }
    parseSummary(r);
    {
        auto st = db.prepare("SELECT router, json FROM run_curves WHERE run_id = ? ORDER BY router");
        st.bind(1, int64_t(runId));
        while (st.step())
            r.routers.push_back(parseCurves(st.columnText(0), parseObject(st.columnText(1), "curve json")));
        QStringList order;
        for (const QJsonValue& v : r.config["routers"].toArray())
            order << v.toString();
        auto rank = [&](const RouterCurves& c) {
            const int i = int(order.indexOf(c.router));
            return i < 0 ? int(order.size()) : i;
        };
        std::stable_sort(r.routers.begin(), r.routers.end(),
            [&](const RouterCurves& a, const RouterCurves& b) { return rank(a) < rank(b); });
    }
    {
        auto st = db.prepare(
            "SELECT rq.query_id, rq.source, rq.fold, rq.outcome, rq.propensity, rq.delta_hat, rq.psi_hat, "
            "rq.true_delta,"
            " q.task, substr(q.text, 1, ?), length(q.text) FROM run_queries rq JOIN queries q ON q.id = rq.query_id"
            " WHERE rq.run_id = ? ORDER BY CASE rq.source WHEN 1 THEN 0 WHEN 0 THEN 1 ELSE 2 END, rq.query_id");
        st.bind(1, int64_t(RunQueryRow::kTextPreview));
        st.bind(2, int64_t(runId));
        while (st.step()) {
            RunQueryRow q;
            q.queryId = st.columnInt(0);
            const int64_t src = st.columnInt(1);
            q.source = src == 1 ? RowSource::Gold : src == 2 ? RowSource::Test : RowSource::Preference;
            q.fold = int(st.columnInt(2));
            q.outcome = columnOrMissing(st, 3);
            q.propensity = columnOrMissing(st, 4);
            q.deltaHat = columnOrMissing(st, 5);
            q.psiHat = columnOrMissing(st, 6);
            q.trueDelta = columnOrMissing(st, 7);
            q.task = st.columnIsNull(8) ? QString() : st.columnText(8);
            q.text = st.columnIsNull(9) ? QString() : st.columnText(9);
            q.textLength = st.columnIsNull(10) ? 0 : int(st.columnInt(10));
            r.rows.push_back(std::move(q));
        }
    }
    return r;
}

const RouterCurves* RunData::router(const QString& name) const
{
    for (const RouterCurves& c : routers)
        if (c.router == name)
            return &c;
    return nullptr;
}

QStringList RunData::evaluatedRouters() const
{
    QStringList out;
    for (const RouterCurves& c : routers)
        if (c.hasTest())
            out << c.router;
    return out;
}

const CateDiagnosticsView* RunData::biasDiagnostics() const
{
    // The main router's Delta_hat is the one stored; older runs only name its learner.
    const QString key = diagnostics.cate.contains(mainRouter) ? mainRouter
        : biasLearner == "dr"                                 ? "meta_dr"
        : biasLearner == "t"                                  ? "meta_t"
                                                              : "meta_r";
    auto it = diagnostics.cate.constFind(key);
    if (it != diagnostics.cate.constEnd())
        return &it.value();
    return diagnostics.cate.isEmpty() ? nullptr : &diagnostics.cate.first();
}

QString RunData::defaultRouter() const
{
    const QStringList names = evaluatedRouters();
    if (names.contains(mainRouter))
        return mainRouter;
    for (const char* pref : { "meta_r", "meta_dr", "meta_t", "meta_r_overlap", "meta_dr_overlap" })
        if (names.contains(pref))
            return pref;
    return names.isEmpty() ? QString() : names.first();
}

QVector<RunListEntry> listRuns(const QString& projectPath)
{
    requireFile(projectPath);
    SqliteDb db(projectPath);
    auto st = db.prepare("SELECT id, created_at, kind, status, summary_json FROM runs ORDER BY id DESC");
    QVector<RunListEntry> out;
    while (st.step()) {
        RunListEntry e;
        e.id = st.columnInt(0);
        e.createdAt = st.columnText(1);
        e.kind = st.columnText(2);
        e.status = st.columnText(3);
        const QJsonObject s = QJsonDocument::fromJson(st.columnText(4).toUtf8()).object();
        e.primary = s["primary"].toString();
        e.alternative = s["alternative"].toString();
        out.push_back(e);
    }
    return out;
}

QString routerDisplayName(const QString& router)
{
    static const QMap<QString, QString> names {
        { "meta_r", "Meta-Router (R)" },
        { "meta_dr", "Meta-Router (DR)" },
        { "meta_t", "Meta-Router (T)" },
        { "gold_only", "Gold only" },
        { "pref_only", "Preference only" },
        { "pooled", "Pooled labels" },
        { "mean_shift", "Mean shift" },
        { "all_gold", "All gold (oracle)" },
        { "random", "Random" },
        { "meta_r_reference", "Meta-Router (R, reference)" },
        { "meta_dr_reference", "Meta-Router (DR, reference)" },
        { "meta_r_overlap", "Meta-Router (R, overlap)" },
        { "meta_dr_overlap", "Meta-Router (DR, overlap)" },
    };
    return names.value(router, router);
}

} // namespace crw
