#include "runs/RunStore.h"

#include "runs/PoolRun.h"

#include "runs/RunKeys.h"
#include "store/DataSeen.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"
#include "util/Progress.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace crw {

namespace k = runkey;

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

void bindOrNull(SqliteStmt& st, int i, double v)
{
    if (std::isfinite(v))
        st.bind(i, v);
    else
        st.bindNull(i);
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void requireFile(const QString& path)
{
    if (!QFileInfo(path).isFile())
        throw StoreError(QStringLiteral("project file not found: %1").arg(path).toStdString());
}

CateDiagnosticsView parseCate(const QJsonObject& o)
{
    CateDiagnosticsView d;
    d.learner = o[k::learner].toString();
    d.baseRate = number(o[k::baseRate]);
    d.clippedShare = number(o[k::clippedShare]);
    d.droppedShare = number(o[k::droppedShare]);
    d.essGold = number(o[k::essGold]);
    d.essPref = number(o[k::essPref]);
    d.meanPropensityGold = number(o[k::meanPropensityGold]);
    d.meanPropensityPref = number(o[k::meanPropensityPref]);
    d.deltaMean = number(o[k::deltaMean]);
    d.deltaSd = number(o[k::deltaSd]);
    return d;
}

// A bias_by_task (cluster = false) or clusters entry.
TaskBias parseGroupBias(const QJsonObject& o, bool cluster)
{
    TaskBias b;
    b.group = cluster ? o[k::name].toString() : o[k::group].toString();
    b.id = cluster ? o[k::id].toInt(-1) : -1;
    b.rows = o[k::rows].toInt();
    b.nGold = o[k::nGold].toInt(-1);
    b.nPreference = o[k::nPreference].toInt(-1);
    b.estimate = number(o[cluster ? k::delta : k::estimate]);
    b.se = number(o[k::se]);
    b.meanDeltaHat = number(o[k::meanDeltaHat]);
    b.truth = number(o[cluster ? k::trueDelta : k::truth]);
    b.reason = o[k::reason].toString();
    if (o.contains(k::ciLow)) {
        b.ciLow = number(o[k::ciLow]);
        b.ciHigh = number(o[k::ciHigh]);
    } else if (b.se > 0) { // stored before issue 14: the normal interval the view drew then
        b.ciLow = b.estimate - 1.96 * b.se;
        b.ciHigh = b.estimate + 1.96 * b.se;
    }
    return b;
}

RunDiagnostics parseDiagnostics(const QJsonObject& o)
{
    RunDiagnostics d;
    d.normalizationConstant = number(o[k::normalizationConstant]);
    d.baseRate = number(o[k::baseRate]);
    d.clippedShare = number(o[k::propensityClippedShare]);
    d.meanPropensityGold = number(o[k::meanPropensityGold]);
    d.meanPropensityPref = number(o[k::meanPropensityPref]);
    const QJsonObject cate = o[k::cate].toObject();
    for (auto it = cate.begin(); it != cate.end(); ++it)
        d.cate.insert(it.key(), parseCate(it.value().toObject()));
    const QJsonObject overlap = o[k::overlap].toObject();
    for (auto it = overlap.begin(); it != overlap.end(); ++it) {
        const QJsonObject v = it.value().toObject();
        OverlapUse u;
        u.minRatio = number(v[k::minRatio]);
        u.prefRows = v[k::prefRows].toInt();
        u.prefRowsUsed = v[k::prefRowsUsed].toInt();
        u.prefShareUsed = number(v[k::prefShareUsed]);
        u.goldRows = v[k::goldRows].toInt();
        u.goldRowsInside = v[k::goldRowsInside].toInt();
        u.goldShareInside = number(v[k::goldShareInside]);
        d.overlap.insert(it.key(), u);
    }
    for (const QJsonValue& w : o[k::warnings].toArray())
        d.warnings << w.toString();
    const QJsonObject a = o[k::autoSelection].toObject();
    d.autoChoice.chosen = a[k::chosen].toString();
    d.autoChoice.best = a[k::best].toString();
    d.autoChoice.reason = a[k::reason].toString();
    for (const QJsonValue& v : a[k::candidates].toArray()) {
        const QJsonObject c = v.toObject();
        d.autoChoice.candidates.push_back(
            { c[k::name].toString(), number(c[k::loss]), number(c[k::diffVsGoldOnly]), number(c[k::diffVsGoldOnlySe]) });
    }
    return d;
}

RouterCurves parseCurves(const QString& router, const QJsonObject& o)
{
    RouterCurves c;
    c.router = o[k::router].toString(router);
    c.evaluation = o[k::evaluation].toObject();
    c.pmurGrid = numbers(o[k::pmurGrid]);
    c.egCurve = numbers(o[k::egCurve]);
    c.fullRankingCurve = numbers(o[k::fullRankingCurve]);
    c.psiTest = numbers(o[k::psiTest]);
    c.psiTestSe = numbers(o[k::psiTestSe]);
    c.residualSd = number(o[k::residualSd]);
    const QJsonObject cq = o[k::costQuality].toObject();
    c.costQuality.share = numbers(cq[k::share]);
    c.costQuality.quality = numbers(cq[k::quality]);
    c.costQuality.costPerQuery = numbers(cq[k::costPerQuery]);
    c.costQuality.costUnit = cq[k::costUnit].toString();
    return c;
}

void parseSummary(RunRecord& r)
{
    const QJsonObject& s = r.summary;
    r.primary = s[k::primary].toString(r.config[k::primary].toString());
    r.alternative = s[k::alternative].toString(r.config[k::alternative].toString());
    r.features = s[k::features].toString();
    r.biasLearner = s[k::biasLearner].toString();
    r.mainRouter = s[k::mainRouter].toString();
    r.uncertainty = parseRunUncertainty(s[k::uncertainty].toObject());
    r.goldRows = s[k::goldRows].toInt();
    r.preferenceRows = s[k::preferenceRows].toInt();
    r.testRows = s[k::testRows].toInt();
    r.diagnostics = parseDiagnostics(s[k::diagnostics].toObject());
    for (const QJsonValue& v : s[k::biasByTask].toArray())
        r.biasByTask.push_back(parseGroupBias(v.toObject(), false));
    for (const QJsonValue& v : s[k::clusters].toArray())
        r.clusters.push_back(parseGroupBias(v.toObject(), true));
    r.deltaRmse = number(s[k::deltaRmse]);
    r.deltaTruthSd = number(s[k::deltaTruthSd]);
    for (const QJsonValue& v : s[k::testQueryIds].toArray())
        r.testQueryIds.push_back(qint64(v.toDouble()));
    const QJsonObject t = s[k::testTruth].toObject();
    r.testTruth.gain = numbers(t[k::gain]);
    r.testTruth.qualityPrimary = numbers(t[k::qualityPrimary]);
    r.testTruth.qualityAlternative = numbers(t[k::qualityAlternative]);
    r.testTruth.costPrimary = numbers(t[k::costPrimary]);
    r.testTruth.costAlternative = numbers(t[k::costAlternative]);
}

} // namespace

void RunStore::parseInto(RunRecord& r, const QVector<QPair<QString, QJsonObject>>& curves)
{
    parseSummary(r);
    r.routers.clear();
    for (const auto& [name, json] : curves)
        r.routers.push_back(parseCurves(name, json));
    QStringList order;
    for (const QJsonValue& v : r.config[k::routers].toArray())
        order << v.toString();
    auto rank = [&](const RouterCurves& c) {
        const int i = int(order.indexOf(c.router));
        return i < 0 ? int(order.size()) : i;
    };
    std::stable_sort(r.routers.begin(), r.routers.end(),
        [&](const RouterCurves& a, const RouterCurves& b) { return rank(a) < rank(b); });
}

QString RunStore::mainEvaluatedRouter(const QJsonObject& evaluation, const QString& stored)
{
    if (!stored.isEmpty() && evaluation.contains(stored))
        return stored;
    for (const char* name : { "meta_r", "meta_dr", "meta_t", "meta_r_overlap", "meta_dr_overlap" })
        if (evaluation.contains(QLatin1String(name)))
            return QLatin1String(name);
    return evaluation.isEmpty() ? QString() : evaluation.begin().key();
}

qint64 RunStore::insert(const QString& projectPath, const RunRecord& run, Progress* progress)
{
    SqliteDb db(projectPath);
    ProjectStore::migrate(db); // runs need the current run_queries columns
    db.beginImmediate();
    try {
        auto st = db.prepare("INSERT INTO runs(created_at, kind, config_json, status, summary_json) VALUES(?, 'train', ?, "
                             "'done', ?)");
        const QString created
            = run.createdAt.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : run.createdAt;
        st.bind(1, created.toUtf8());
        // The data the run saw (counts, largest ids), read in this write transaction: on a PostgreSQL project the
        // file is the run's private snapshot, so it is exactly the data trained on.
        QJsonObject config = run.config;
        if (!config.contains(QLatin1String("data_seen")))
            config[QLatin1String("data_seen")] = dataSeen(db);
        st.bind(2, compact(config));
        st.bind(3, compact(run.summary));
        st.run();
        const qint64 id = db.lastInsertId();
        auto q = db.prepare("INSERT INTO run_queries(run_id, query_id, source, fold, outcome, propensity, delta_hat, "
                            "psi_hat, true_delta, psi_se, propensity_raw) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const RunQueryRow& r : run.rows) {
            q.bind(1, int64_t(id));
            q.bind(2, int64_t(r.queryId));
            q.bind(3, rowSourceCode(r.source));
            q.bind(4, int64_t(r.fold));
            bindOrNull(q, 5, r.outcome);
            bindOrNull(q, 6, r.propensity);
            bindOrNull(q, 7, r.deltaHat);
            bindOrNull(q, 8, r.psiHat);
            bindOrNull(q, 9, r.trueDelta);
            bindOrNull(q, 10, r.psiSe);
            bindOrNull(q, 11, r.propensityRaw);
            q.run();
        }
        // Curves by router name, as the earlier writer stored them (std::map order).
        QVector<const RouterCurves*> byName;
        for (const RouterCurves& c : run.routers)
            byName.push_back(&c);
        std::stable_sort(byName.begin(), byName.end(),
            [](const RouterCurves* a, const RouterCurves* b) { return a->router < b->router; });
        auto c = db.prepare("INSERT INTO run_curves(run_id, router, json) VALUES(?, ?, ?)");
        for (const RouterCurves* rc : byName) {
            c.bind(1, int64_t(id));
            c.bind(2, rc->router.toUtf8());
            c.bind(3, compact(rc->json));
            c.run();
        }
        if (progress)
            progress->check();
        db.commit();
        return id;
    } catch (...) {
        db.rollback();
        throw;
    }
}

qint64 RunStore::insertPool(const QString& projectPath, const QJsonObject& config, const PoolRun& pool)
{
    SqliteDb db(projectPath);
    ProjectStore::migrate(db);
    db.beginImmediate();
    try {
        auto st = db.prepare(
            "INSERT INTO runs(created_at, kind, config_json, status, summary_json) VALUES(?, 'pool', ?, 'done', ?)");
        st.bind(1, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
        st.bind(2, compact(config));
        st.bind(3, compact(pool.toSummaryJson()));
        st.run();
        const qint64 id = db.lastInsertId();
        db.commit();
        return id;
    } catch (...) {
        db.rollback();
        throw;
    }
}

RunRecord RunStore::load(const QString& projectPath, qint64 runId)
{
    requireFile(projectPath);
    SqliteDb db(projectPath);
    RunRecord r;
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
    {
        QVector<QPair<QString, QJsonObject>> curves;
        auto st = db.prepare("SELECT router, json FROM run_curves WHERE run_id = ? ORDER BY router");
        st.bind(1, int64_t(runId));
        while (st.step())
            curves.push_back({ st.columnText(0), parseObject(st.columnText(1), "curve json") });
        parseInto(r, curves);
    }
    {
        auto st = db.prepare(
            "SELECT rq.query_id, rq.source, rq.fold, rq.outcome, rq.propensity, rq.delta_hat, rq.psi_hat, "
            "rq.true_delta, rq.psi_se, rq.propensity_raw,"
            " q.task, substr(q.text, 1, ?), length(q.text) FROM run_queries rq JOIN queries q ON q.id = rq.query_id"
            " WHERE rq.run_id = ? ORDER BY CASE rq.source WHEN 1 THEN 0 WHEN 0 THEN 1 ELSE 2 END, rq.query_id");
        st.bind(1, int64_t(RunQueryRow::kTextPreview));
        st.bind(2, int64_t(runId));
        while (st.step()) {
            RunQueryRow q;
            q.queryId = st.columnInt(0);
            q.source = rowSourceOf(st.columnInt(1));
            q.fold = int(st.columnInt(2));
            q.outcome = columnOrMissing(st, 3);
            q.propensity = columnOrMissing(st, 4);
            q.deltaHat = columnOrMissing(st, 5);
            q.psiHat = columnOrMissing(st, 6);
            q.trueDelta = columnOrMissing(st, 7);
            q.psiSe = columnOrMissing(st, 8);
            q.propensityRaw = columnOrMissing(st, 9);
            q.task = st.columnIsNull(10) ? QString() : st.columnText(10);
            q.text = st.columnIsNull(11) ? QString() : st.columnText(11);
            q.textLength = st.columnIsNull(12) ? 0 : int(st.columnInt(12));
            r.rows.push_back(std::move(q));
        }
    }
    return r;
}

QVector<RunListEntry> RunStore::list(const QString& projectPath)
{
    requireFile(projectPath);
    SqliteDb db(projectPath);
    // Only the small summary fields are extracted: summary_json also holds per-test-query arrays.
    auto st = db.prepare("SELECT id, created_at, kind, status, json_extract(summary_json, '$.primary'), "
                         "json_extract(summary_json, '$.alternative'), json_extract(summary_json, '$.gold_rows'), "
                         "json_extract(summary_json, '$.preference_rows'), json_extract(summary_json, '$.test_rows'), "
                         "json_extract(summary_json, '$.evaluation'), json_extract(summary_json, '$.main_router') "
                         "FROM runs ORDER BY id DESC");
    QVector<RunListEntry> out;
    while (st.step()) {
        RunListEntry e;
        e.id = st.columnInt(0);
        e.createdAt = st.columnText(1);
        e.kind = st.columnText(2);
        e.status = st.columnText(3);
        e.primary = st.columnIsNull(4) ? QString() : st.columnText(4);
        e.alternative = st.columnIsNull(5) ? QString() : st.columnText(5);
        e.goldRows = int(st.columnInt(6));
        e.preferenceRows = int(st.columnInt(7));
        e.testRows = int(st.columnInt(8));
        if (!st.columnIsNull(9)) {
            const QJsonObject eval = QJsonDocument::fromJson(st.columnText(9).toUtf8()).object();
            e.mainRouter = mainEvaluatedRouter(eval, st.columnIsNull(10) ? QString() : st.columnText(10));
            const QJsonValue area = eval.value(e.mainRouter).toObject().value(k::egArea);
            if (area.isDouble())
                e.mainEgArea = area.toDouble();
        }
        out.push_back(e);
    }
    return out;
}

RunHeader RunStore::header(SqliteDb& db, qint64 runId)
{
    auto st = db.prepare("SELECT config_json, summary_json, created_at FROM runs WHERE id = ?");
    st.bind(1, int64_t(runId));
    if (!st.step())
        throw StoreError(QStringLiteral("no run %1 in %2").arg(runId).arg(db.path()).toStdString());
    RunHeader h;
    h.id = runId;
    h.config = parseObject(st.columnText(0), "config");
    h.summary = parseObject(st.columnIsNull(1) ? QString() : st.columnText(1), "summary");
    h.createdAt = st.columnText(2);
    return h;
}

QJsonObject RunStore::curve(SqliteDb& db, qint64 runId, const QString& router)
{
    auto c = db.prepare("SELECT json FROM run_curves WHERE run_id = ? AND router = ?");
    c.bind(1, int64_t(runId));
    c.bind(2, router.toUtf8());
    if (!c.step())
        return {};
    return parseObject(c.columnText(0), "curve json");
}

QStringList RunStore::routerNames(SqliteDb& db, qint64 runId)
{
    QStringList have;
    auto all = db.prepare("SELECT router FROM run_curves WHERE run_id = ? ORDER BY router");
    all.bind(1, int64_t(runId));
    while (all.step())
        have << all.columnText(0);
    return have;
}

QVector<qint64> RunStore::trainingQueryIds(SqliteDb& db, qint64 runId)
{
    QVector<qint64> ids;
    auto st = db.prepare("SELECT query_id FROM run_queries WHERE run_id = ? AND source IN (0, 1)");
    st.bind(1, int64_t(runId));
    while (st.step())
        ids.push_back(st.columnInt(0));
    return ids;
}

QVector<RunQueryRow> RunStore::preferenceOnlyRows(SqliteDb& db, qint64 runId)
{
    auto st = db.prepare(
        "SELECT rq.query_id, q.text, rq.psi_hat, rq.psi_se, rq.propensity_raw, rq.propensity FROM run_queries rq "
        "JOIN queries q ON q.id = rq.query_id WHERE rq.run_id = ? AND rq.source = 0 AND rq.query_id NOT IN "
        "(SELECT query_id FROM run_queries WHERE run_id = ? AND source IN (1, 2)) ORDER BY rq.query_id");
    st.bind(1, int64_t(runId));
    st.bind(2, int64_t(runId));
    QVector<RunQueryRow> out;
    while (st.step()) {
        RunQueryRow r;
        r.queryId = st.columnInt(0);
        r.text = st.columnText(1);
        r.textLength = int(r.text.size());
        r.psiHat = columnOrMissing(st, 2);
        r.psiSe = columnOrMissing(st, 3);
        r.propensityRaw = columnOrMissing(st, 4);
        r.propensity = columnOrMissing(st, 5);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace crw
