// Run loading and the numbers behind the views: RunRecord against the fixture, readout, balance, Pareto, histogram,
// decimation, table export, and the item models under QAbstractItemModelTester.
#include "metrics/HistogramBins.h"
#include "metrics/MinMaxDecimation.h"
#include "helpers/SyntheticRun.h"
#include "runs/BalanceStats.h"
#include "runs/OperatingPointReadout.h"
#include "runs/ParetoFrontier.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "store/SqliteDb.h"
#include "views/QueryBiasModel.h"
#include "views/StaticTableModel.h"
#include "views/TableExport.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

using namespace crw;
using namespace crw::test;

namespace {

bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

QVector<double> jsonNumbers(const QJsonValue& v)
{
    QVector<double> out;
    for (const QJsonValue& x : v.toArray())
        out << (x.isNull() ? qQNaN() : x.toDouble());
    return out;
}

bool sameVector(const QVector<double>& a, const QVector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i)
        if (!sameNumber(a[i], b[i]))
            return false;
    return true;
}

RunQueryRow row(RowSource s, double p, const QString& task, int len)
{
    RunQueryRow r;
    r.source = s;
    r.propensity = p;
    r.task = task;
    r.textLength = len;
    return r;
}

} // namespace

class TstViewsData : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    SyntheticRun m_fix;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath("views.crw");
        m_fix = writeSyntheticRun(m_path);
    }

    void runDataLoadsFixtureExactly()
    {
        const RunRecord r = RunStore::load(m_path, m_fix.runId);
        QCOMPARE(r.id, m_fix.runId);
        QCOMPARE(r.status, QStringLiteral("done"));
        QCOMPARE(r.primary, QStringLiteral("big-model"));
        QCOMPARE(r.alternative, QStringLiteral("small-model"));
        QCOMPARE(r.goldRows, 60);
        QCOMPARE(r.preferenceRows, 300);
        QCOMPARE(r.testRows, 120);
        QCOMPARE(r.biasLearner, QStringLiteral("r"));
        QCOMPARE(r.config, m_fix.config);
        // Rows: every fixture row comes back with identical numbers, text and task.
        QCOMPARE(r.rows.size(), m_fix.rows.size());
        QHash<QPair<qint64, int>, const SyntheticRunRow*> bySource;
        for (const auto& f : m_fix.rows)
            bySource.insert({ f.queryId, f.source }, &f);
        int gold = 0, pref = 0, test = 0;
        for (const RunQueryRow& q : r.rows) {
            const SyntheticRunRow* f = bySource.value({ q.queryId, int(q.source) });
            QVERIFY(f);
            QCOMPARE(q.fold, f->fold);
            QVERIFY(sameNumber(q.outcome, f->outcome));
            QVERIFY(sameNumber(q.propensity, f->propensity));
            QVERIFY(sameNumber(q.deltaHat, f->deltaHat));
            QVERIFY(sameNumber(q.psiHat, f->psiHat));
            QVERIFY(sameNumber(q.trueDelta, f->trueDelta));
            QCOMPARE(q.task, f->task);
            QCOMPARE(q.textLength, int(f->text.size()));
            QCOMPARE(q.text, f->text.left(RunQueryRow::kTextPreview));
            (q.source == RowSource::Gold ? gold : q.source == RowSource::Test ? test : pref)++;
        }
        QCOMPARE(gold, 60);
        QCOMPARE(pref, 300);
        QCOMPARE(test, 120);
        QCOMPARE(r.rows.first().source, RowSource::Gold); // gold first, then preference, then test
        QCOMPARE(r.rows.last().source, RowSource::Test);
        // Curves, in config order.
        QCOMPARE(r.routers.size(), m_fix.curves.size());
        QStringList names;
        for (const RouterCurves& c : r.routers)
            names << c.router;
        QCOMPARE(names, (QStringList { "meta_r", "meta_dr", "gold_only", "pref_only", "mean_shift", "random" }));
        for (const RouterCurves& c : r.routers) {
            const QJsonObject j = m_fix.curves.value(c.router);
            QVERIFY(sameVector(c.psiTest, jsonNumbers(j["psi_test"])));
            QVERIFY(sameVector(c.pmurGrid, jsonNumbers(j["pmur_grid"])));
            QVERIFY(sameVector(c.egCurve, jsonNumbers(j["eg_curve"])));
            QVERIFY(sameVector(c.fullRankingCurve, jsonNumbers(j["full_ranking_curve"])));
            const QJsonObject cq = j["cost_quality"].toObject();
            QVERIFY(sameVector(c.costQuality.share, jsonNumbers(cq["share"])));
            QVERIFY(sameVector(c.costQuality.quality, jsonNumbers(cq["quality"])));
            QVERIFY(sameVector(c.costQuality.costPerQuery, jsonNumbers(cq["cost_per_query"])));
            QCOMPARE(c.costQuality.costUnit, QStringLiteral("usd"));
            QCOMPARE(c.evaluation, j["evaluation"].toObject());
            QCOMPARE(c.pmurGrid.size(), 61);
            QCOMPARE(c.costQuality.share.size(), 21);
        }
        // Summary pieces.
        const QJsonArray bias = m_fix.summary["bias_by_task"].toArray();
        QCOMPARE(r.biasByTask.size(), bias.size());
        for (int i = 0; i < bias.size(); ++i) {
            const QJsonObject o = bias[i].toObject();
            QCOMPARE(r.biasByTask[i].group, o["group"].toString());
            QCOMPARE(r.biasByTask[i].rows, o["rows"].toInt());
            QCOMPARE(r.biasByTask[i].estimate, o["estimate"].toDouble());
            QCOMPARE(r.biasByTask[i].se, o["se"].toDouble());
            QCOMPARE(r.biasByTask[i].meanDeltaHat, o["mean_delta_hat"].toDouble());
            QCOMPARE(r.biasByTask[i].truth, o["truth"].toDouble());
        }
        const QJsonObject truth = m_fix.summary["test_truth"].toObject();
        QVERIFY(sameVector(r.testTruth.qualityPrimary, jsonNumbers(truth["quality_primary"])));
        QVERIFY(sameVector(r.testTruth.costAlternative, jsonNumbers(truth["cost_alternative"])));
        QVERIFY(r.testTruth.hasCosts());
        QCOMPARE(r.testQueryIds.size(), 120);
        QCOMPARE(r.diagnostics.normalizationConstant, 1.25);
        QCOMPARE(r.diagnostics.cate.size(), 2);
        QCOMPARE(r.diagnostics.cate["meta_r"].essGold, 0.7 * 60);
        QCOMPARE(r.biasDiagnostics()->learner, QStringLiteral("r"));
        QCOMPARE(r.defaultRouter(), QStringLiteral("meta_r"));
        QCOMPARE(r.deltaRmse, 0.1);
    }

    void missingRunAndFileThrow()
    {
        QVERIFY_THROWS_EXCEPTION(StoreError, RunStore::load(m_path, 9999));
        QVERIFY_THROWS_EXCEPTION(StoreError, RunStore::load(m_dir.filePath("nope.crw"), 1));
    }

    void listRunsNewestFirst()
    {
        QTemporaryDir d;
        const QString p = d.filePath("two.crw");
        const SyntheticRun a = writeSyntheticRun(p);
        SyntheticRunSpec spec;
        spec.withCosts = false;
        spec.seed = 9;
        const SyntheticRun b = writeSyntheticRun(p, spec);
        const auto runs = RunStore::list(p);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].id, b.runId);
        QCOMPARE(runs[1].id, a.runId);
        QCOMPARE(runs[0].primary, QStringLiteral("big-model"));
        // The unpriced run: costs are null -> NaN, unit primary calls.
        const RunRecord rb = RunStore::load(p, b.runId);
        QVERIFY(!rb.testTruth.hasCosts());
        QCOMPARE(rb.routers.first().costQuality.costUnit, QStringLiteral("primary_calls"));
    }

    void readoutMatchesHandComputation_data()
    {
        QTest::addColumn<QString>("router");
        QTest::addColumn<double>("share");
        QTest::newRow("meta_r 0.3") << "meta_r" << 0.3;
        QTest::newRow("meta_dr 0.55") << "meta_dr" << 0.55;
        QTest::newRow("random 0") << "random" << 0.0;
        QTest::newRow("gold_only 1") << "gold_only" << 1.0;
        QTest::newRow("pref_only 0.504 (rounds to 60/120)") << "pref_only" << 0.504;
    }
    void readoutMatchesHandComputation()
    {
        QFETCH(QString, router);
        QFETCH(double, share);
        const RunRecord r = RunStore::load(m_path, m_fix.runId);
        const OperatingPointReadout o = computeReadout(r, router, share);
        QVERIFY(o.valid);
        // Hand computation straight from the fixture's JSON.
        const QVector<double> psi = jsonNumbers(m_fix.curves[router]["psi_test"]);
        const QJsonObject t = m_fix.summary["test_truth"].toObject();
        const QVector<double> qp = jsonNumbers(t["quality_primary"]), qa = jsonNumbers(t["quality_alternative"]),
                              cp = jsonNumbers(t["cost_primary"]), ca = jsonNumbers(t["cost_alternative"]);
        const int n = int(psi.size());
        std::vector<int> idx(static_cast<size_t>(n));
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return psi[a] > psi[b]; });
        const int k = int(std::floor(share * n + 0.5));
        double q = 0, c = 0;
        for (int j = 0; j < n; ++j) {
            const bool primary = std::find(idx.begin(), idx.begin() + k, j) != idx.begin() + k;
            q += primary ? qp[j] : qa[j];
            c += primary ? cp[j] : ca[j];
        }
        QCOMPARE(o.testQueries, 120);
        QCOMPARE(o.toPrimary, k);
        QCOMPARE(o.sharePrimary, double(k) / n);
        QCOMPARE(o.shareAlternative, 1.0 - double(k) / n);
        QVERIFY(std::abs(o.expectedQuality - q / n) < 1e-12);
        QVERIFY(o.costInUsd);
        QVERIFY(std::abs(o.costPer1000 - 1000.0 * c / n) < 1e-12);
        // The read-out agrees with the stored cost-quality curve at the 21 shares.
        const CostQualityCurve& cq = r.router(router)->costQuality;
        const int s20 = int(std::lround(o.sharePrimary * 20));
        if (std::abs(s20 / 20.0 - o.sharePrimary) < 1e-12) {
            QVERIFY(std::abs(cq.quality[s20] - o.expectedQuality) < 1e-12);
            QVERIFY(std::abs(1000 * cq.costPerQuery[s20] - o.costPer1000) < 1e-9);
        }
        // The threshold separates the two groups.
        if (k > 0 && k < n) {
            QVERIFY(psi[idx[size_t(k - 1)]] >= o.psiThreshold);
            QVERIFY(psi[idx[size_t(k)]] <= o.psiThreshold);
        }
    }

    void readoutWithoutPricesCountsPrimaryCalls()
    {
        QTemporaryDir d;
        SyntheticRunSpec spec;
        spec.withCosts = false;
        const SyntheticRun f = writeSyntheticRun(d.filePath("np.crw"), spec);
        const RunRecord r = RunStore::load(d.filePath("np.crw"), f.runId);
        const OperatingPointReadout o = computeReadout(r, "meta_r", 0.25);
        QVERIFY(o.valid);
        QVERIFY(!o.costInUsd);
        QCOMPARE(o.toPrimary, 30);
        QCOMPARE(o.costPer1000, 250.0);
        QVERIFY(!computeReadout(r, "no_such_router", 0.5).valid);
    }

    void interpolation()
    {
        const QVector<double> x { 0.2, 0.3, 0.4 }, y { 1, 3, qQNaN() };
        QCOMPARE(interpolateAt(x, y, 0.25), 2.0);
        QCOMPARE(interpolateAt(x, y, 0.2), 1.0);
        QVERIFY(std::isnan(interpolateAt(x, y, 0.35)));
        QVERIFY(std::isnan(interpolateAt(x, y, 0.1)));
    }

    void balanceByHand()
    {
        // Two gold rows, three preference rows: hand-computed SMDs and ESS.
        RunRecord r;
        r.rows = { row(RowSource::Gold, 0.5, "a", 9), row(RowSource::Gold, 0.2, "b", 99),
            row(RowSource::Preference, 0.1, "a", 9), row(RowSource::Preference, 0.3, "b", 9),
            row(RowSource::Preference, 0.2, "b", 99), row(RowSource::Test, qQNaN(), "a", 5) };
        r.diagnostics.clippedShare = 0.2;
        const BalanceStats b = computeBalance(r);
        QCOMPARE(b.goldCount, 2);
        QCOMPARE(b.prefCount, 3);
        QCOMPARE(b.baseRate, 0.4);
        QCOMPARE(b.overlapLow, 0.2);
        QCOMPARE(b.overlapHigh, 0.3);
        QCOMPARE(b.shareOutsideOverlap, 2.0 / 5.0); // 0.5 (gold) and 0.1 (pref)
        // Overlap weights: gold 0.5, 0.8 -> ESS 1.3^2/0.89; preference 0.1, 0.3, 0.2 -> 0.36/0.14.
        QVERIFY(std::abs(b.essGoldOverlap - 1.69 / 0.89) < 1e-12);
        QVERIFY(std::abs(b.essPrefOverlap - 0.36 / 0.14) < 1e-12);
        // log text length: gold {log 10, log 100}, pref {log 10, log 10, log 100}.
        const double l10 = std::log(10.0), l100 = std::log(100.0);
        const double mg = (l10 + l100) / 2, mp = (2 * l10 + l100) / 3;
        const double vg = ((l10 - mg) * (l10 - mg) + (l100 - mg) * (l100 - mg)) / 2;
        const double vp = (2 * (l10 - mp) * (l10 - mp) + (l100 - mp) * (l100 - mp)) / 3;
        const double sd = std::sqrt((vg + vp) / 2);
        QCOMPARE(b.covariates.size(), 3); // length + tasks b (3 rows) and a (2 rows)
        QCOMPARE(b.covariates[0].name, QStringLiteral("log text length"));
        QVERIFY(std::abs(b.covariates[0].smdRaw - (mg - mp) / sd) < 1e-12);
        const double mgw = (0.5 * l10 + 0.8 * l100) / 1.3, mpw = (0.1 * l10 + 0.3 * l10 + 0.2 * l100) / 0.6;
        QVERIFY(std::abs(b.covariates[0].smdWeighted - (mgw - mpw) / sd) < 1e-12);
        QCOMPARE(b.covariates[1].name, QStringLiteral("task: b"));
        // Warnings: clipped 20% > 10%, 40% outside support, SMD > 0.1. No ESS (no diagnostics), base rate fine.
        QVERIFY(b.warnings.filter("clipped").size() == 1);
        QVERIFY(b.warnings.filter("outside").size() == 1);
        QVERIFY(b.warnings.filter("effective").isEmpty());
        QVERIFY(b.warnings.filter("gold-labelled").isEmpty());
    }

    void balanceWarnsOnLowEssAndBaseRate()
    {
        RunRecord r;
        r.rows << row(RowSource::Gold, 0.005, "a", 10);
        for (int i = 0; i < 199; ++i)
            r.rows << row(RowSource::Preference, 0.005, "a", 10);
        CateDiagnosticsView d;
        d.essGold = 12.5;
        r.diagnostics.cate.insert("meta_r", d);
        r.biasLearner = "r";
        r.diagnostics.clippedShare = 0.05;
        const BalanceStats b = computeBalance(r);
        QCOMPARE(b.baseRate, 1.0 / 200);
        QCOMPARE(b.essGold, 12.5);
        QCOMPARE(b.warnings.filter("effective rows").size(), 1);
        QCOMPARE(b.warnings.filter("gold-labelled").size(), 1);
        QVERIFY(b.warnings.filter("clipped").isEmpty());
        QCOMPARE(b.shareOutsideOverlap, 0.0);
    }

    void paretoFrontierKeepsUpperLeftEnvelope()
    {
        const QVector<QPointF> pts { { 1, 0.5 }, { 2, 0.4 }, { 2, 0.7 }, { 3, 0.6 }, { 4, 0.9 }, { 0.5, 0.3 },
            { 4, 0.9 }, { 5, 0.9 }, { qQNaN(), 1 } };
        const QVector<QPointF> f = paretoFrontier(pts);
        QCOMPARE(f, (QVector<QPointF> { { 0.5, 0.3 }, { 1, 0.5 }, { 2, 0.7 }, { 4, 0.9 } }));
    }

    void histogramBinsAndDensity()
    {
        const HistogramBins h = histogram({ { 0, 1, 2, 3, 4 }, { 4, 4, qQNaN() } }, 4);
        QCOMPARE(h.bins, 4);
        QCOMPARE(h.low, 0.0);
        QCOMPARE(h.width, 1.0);
        QCOMPARE(h.counts[0], (QVector<int> { 1, 1, 1, 2 })); // the top edge falls in the last bin
        QCOMPARE(h.counts[1], (QVector<int> { 0, 0, 0, 2 }));
        QCOMPARE(h.density(0, 3), 2.0 / 5.0);
        QCOMPARE(h.density(1, 3), 1.0);
        const HistogramBins flat = histogram({ { 2, 2, 2 } });
        QCOMPARE(flat.bins, 10);
        QVERIFY(flat.width > 0);
        int total = 0;
        for (int c : flat.counts[0])
            total += c;
        QCOMPARE(total, 3);
    }

    void decimationKeepsExtremesAndBoundsPointCount()
    {
        QList<QPointF> pts;
        for (int i = 0; i < 100000; ++i)
            pts << QPointF(i, std::sin(i * 0.001) + (i == 54321 ? 5.0 : 0.0) - (i == 777 ? 7.0 : 0.0));
        const QList<QPointF> d = decimateMinMax(pts, 0, 99999, 500);
        QVERIFY(d.size() <= 2 * 500 + 2);
        QVERIFY(d.size() >= 500);
        QVERIFY(std::any_of(d.begin(), d.end(), [](const QPointF& p) { return p.x() == 54321; }));
        QVERIFY(std::any_of(d.begin(), d.end(), [](const QPointF& p) { return p.x() == 777; }));
        QVERIFY(std::is_sorted(d.begin(), d.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
        // A zoomed range keeps the neighbours outside it so the line reaches the edges.
        const QList<QPointF> z = decimateMinMax(pts, 1000.5, 1010.5, 500);
        QCOMPARE(z.size(), 12);
        QCOMPARE(z.first().x(), 1000.0);
        QCOMPARE(z.last().x(), 1011.0);
    }

    void tableExportQuotesAndTabs()
    {
        StaticTableModel m;
        m.setTable({ "name", "value" }, { { QString("a, \"b\"\nc"), 0.1 }, { QString("x\ty"), qQNaN() } });
        const QString csv = tableToText(&m, ',');
        QCOMPARE(csv, QStringLiteral("name,value\n\"a, \"\"b\"\"\nc\",0.10000000000000001\nx\ty,\n"));
        const QString tsv = tableToText(&m, '\t', { m.index(1, 0) });
        QCOMPARE(tsv, QStringLiteral("name\nx y\n"));
        QTemporaryDir d;
        QVERIFY(exportTableCsv(&m, d.filePath("t.csv")));
        QFile f(d.filePath("t.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), csv);
        QString error;
        QVERIFY(!exportTableCsv(&m, d.filePath("no/such/dir/t.csv"), &error));
        QVERIFY(!error.isEmpty());
    }

    void queryModelPassesTesterAndSorts()
    {
        const RunRecord r = RunStore::load(m_path, m_fix.runId);
        QueryBiasModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setRun(r);
        QCOMPARE(m.rowCount(), 300);
        QCOMPARE(m.columnCount(), int(QueryBiasModel::ColumnCount));
        for (int i = 1; i < m.rowCount(); ++i)
            QVERIFY(
                m.data(m.index(i - 1, 0), Qt::UserRole).toDouble() >= m.data(m.index(i, 0), Qt::UserRole).toDouble());
        // The top row is the preference row with the largest Delta_hat in the fixture.
        double best = -1e9;
        qint64 bestId = 0;
        for (const auto& f : m_fix.rows)
            if (f.source == 0 && f.deltaHat > best) {
                best = f.deltaHat;
                bestId = f.queryId;
            }
        QCOMPARE(m.data(m.index(0, QueryBiasModel::QueryId), Qt::UserRole).toLongLong(), bestId);
        QPersistentModelIndex top(m.index(0, QueryBiasModel::Text));
        m.sort(QueryBiasModel::DeltaHat, Qt::AscendingOrder);
        QCOMPARE(m.data(m.index(299, QueryBiasModel::QueryId), Qt::UserRole).toLongLong(), bestId);
        QCOMPARE(top.row(), 299); // persistent indexes follow their rows
        m.sort(QueryBiasModel::Task, Qt::AscendingOrder);
        m.sort(QueryBiasModel::QueryId, Qt::DescendingOrder);
        QVERIFY(m.data(m.index(0, QueryBiasModel::QueryId), Qt::UserRole).toLongLong()
            > m.data(m.index(1, QueryBiasModel::QueryId), Qt::UserRole).toLongLong());
        QVERIFY(!m.data(m.index(0, QueryBiasModel::Text), Qt::DisplayRole).toString().contains('\n'));
        m.setRun(RunRecord {});
        QCOMPARE(m.rowCount(), 0);
    }

    void staticModelPassesTester()
    {
        StaticTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setTable({ "a", "b", "c" }, { { QString("x"), 1.23456, 3 }, { QString("y"), qQNaN(), 4 } }, 2);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.data(m.index(0, 1)).toString(), QStringLiteral("1.23"));
        QCOMPARE(m.data(m.index(1, 1)).toString(), QString());
        QCOMPARE(m.data(m.index(0, 1), Qt::UserRole).toDouble(), 1.23456);
        m.setTable({ "only" }, {});
        QCOMPARE(m.columnCount(), 1);
        QCOMPARE(m.rowCount(), 0);
    }
};

QTEST_MAIN(TstViewsData)
#include "tst_views_data.moc"
