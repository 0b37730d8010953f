// The GUI of the features beyond the paper, on a small real project (LLMRouter demo gold + simulated preferences)
// with one run trained with bootstrap replicates and overlap-restricted Meta-Routers and one run without bootstrap:
// the training panel's new settings, the Uncertainty tab (calibration table), the abstain rule in the threshold
// control (read-out against core evaluateAbstain, undo), the Gold suggestions tab (background job, model tester,
// stale results dropped, inline errors, CSV export), the overlap line of the Balance tab and the exports.
// Set CRW_SCREENSHOT_DIR to save screenshots of the new tabs.
#include "helpers/Screenshot.h"
#include "helpers/SmallRealProject.h"
#include "pipeline/TrainingPipeline.h"
#include "routing/AbstainRule.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "training/TrainingPanel.h"
#include "views/BalanceView.h"
#include "views/CostQualityView.h"
#include "views/GoldSuggestionModel.h"
#include "views/GoldSuggestionsView.h"
#include "views/OperatingPointState.h"
#include "views/RunViewsWidget.h"
#include "views/StaticTableModel.h"
#include "views/ThresholdControl.h"
#include "views/UncertaintyView.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>
#include <cmath>

using namespace crw;
using namespace crw::test;

namespace {

constexpr int kJobMs = 60000;

Vector toVector(const QVector<double>& v)
{
    return Eigen::Map<const Vector>(v.data(), Eigen::Index(v.size()));
}

// Records of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line breaks).
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record << field;
            field.clear();
        } else if (c == '\n') {
            record << field;
            records << record;
            record.clear();
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        records << (record << field);
    return records;
}

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

TrainingConfig smallConfig(std::vector<RouterKind> routers, int bootstrap)
{
    TrainingConfig c;
    c.primary = QString::fromLatin1(kDemoPrimary);
    c.alternative = QString::fromLatin1(kDemoAlternative);
    c.routers = std::move(routers);
    c.nuisance = NuisanceFamily::Linear;
    c.folds = 3;
    c.goldSize = 200;
    c.testSize = 300;
    c.threads = 2;
    c.bootstrap = bootstrap;
    c.features.dim = 10;
    return c;
}

} // namespace

class TstBeyondPaperGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_bootRun = 0, m_plainRun = 0;

private slots:
    void initTestCase()
    {
        QElapsedTimer clock;
        clock.start();
        m_project = m_dir.filePath("beyond.crw");
        buildSmallRealProject(m_project);
        const qint64 built = clock.restart();
        Progress progress;
        // learner r,overlap,gold_only,pooled with 10 bootstrap replicates; and a plain run without them.
        m_bootRun = runTraining(m_project,
            smallConfig({ RouterKind::MetaR, RouterKind::MetaROverlap, RouterKind::MetaDROverlap, RouterKind::GoldOnly,
                            RouterKind::Pooled },
                10),
            progress)
                        .runId;
        const qint64 trained = clock.restart();
        m_plainRun
            = runTraining(m_project, smallConfig({ RouterKind::MetaR, RouterKind::GoldOnly }, 0), progress).runId;
        qInfo("project %lld ms, bootstrap run %lld ms, plain run %lld ms", built, trained, clock.elapsed());
        QVERIFY(m_bootRun > 0);
        QVERIFY(m_plainRun > m_bootRun);
    }

    void trainingPanelSettings()
    {
        ui::TrainingPanel panel;
        QSpinBox* boot = panel.bootstrapBox();
        QDoubleSpinBox* ratio = panel.overlapRatioBox();
        QVERIFY(boot && ratio);
        QCOMPARE(boot->value(), TrainingConfig {}.bootstrap);
        QCOMPARE(boot->minimum(), 0);
        QCOMPARE(boot->maximum(), 200);
        QVERIFY(boot->toolTip().contains("abstain"));
        QCOMPARE(ratio->value(), 0.1);
        QCOMPARE(ratio->minimum(), 0.01);
        QCOMPARE(ratio->maximum(), 1.0);
        QCOMPARE(panel.learnerBox(RouterKind::MetaROverlap)->text(), QStringLiteral("Meta R (overlap)"));
        QCOMPARE(panel.learnerBox(RouterKind::MetaDROverlap)->text(), QStringLiteral("Meta DR (overlap)"));
        // The ratio only matters to the overlap learners.
        QVERIFY(!ratio->isEnabled());
        panel.learnerBox(RouterKind::MetaROverlap)->setChecked(true);
        QVERIFY(ratio->isEnabled());
        // Widgets -> TrainingConfig -> widgets.
        boot->setValue(37);
        ratio->setValue(0.25);
        TrainingConfig c = panel.config();
        QCOMPARE(c.bootstrap, 37);
        QCOMPARE(c.overlapMinRatio, 0.25);
        QVERIFY(std::find(c.routers.begin(), c.routers.end(), RouterKind::MetaROverlap) != c.routers.end());
        c.bootstrap = 0;
        c.overlapMinRatio = 0.5;
        panel.setConfig(c);
        QCOMPARE(boot->value(), 0);
        QCOMPARE(ratio->value(), 0.5);
        QCOMPARE(boot->text(), QStringLiteral("none"));
        // One replicate gives no standard error: the arrows step over it, a typed 1 becomes 2.
        boot->stepUp();
        QCOMPARE(boot->value(), 2);
        boot->stepDown();
        QCOMPARE(boot->value(), 0);
        boot->setValue(1);
        QCOMPARE(boot->value(), 2);
        QCOMPARE(panel.config().bootstrap, 2);
    }

    void routerNames()
    {
        QCOMPARE(routerDisplayName("meta_r_overlap"), QStringLiteral("Meta-Router (R, overlap)"));
        QCOMPARE(routerDisplayName("meta_dr_overlap"), QStringLiteral("Meta-Router (DR, overlap)"));
    }

    void runDataParsesTheNewFields()
    {
        const RunRecord run = RunStore::load(m_project, m_bootRun);
        QCOMPARE(run.mainRouter, QStringLiteral("meta_r"));
        QCOMPARE(run.defaultRouter(), QStringLiteral("meta_r"));
        QVERIFY(run.uncertainty.present);
        QCOMPARE(run.uncertainty.router, QStringLiteral("meta_r"));
        QCOMPARE(run.uncertainty.replicates, 10);
        QCOMPARE(run.uncertainty.coverage.size(), 4);
        const RouterCurves* main = run.router("meta_r");
        QVERIFY(main && main->hasTestSe());
        QCOMPARE(main->psiTestSe.size(), 300);
        QVERIFY(!run.router("gold_only")->hasTestSe());
        QVERIFY(run.diagnostics.overlap.contains("meta_r_overlap"));
        QVERIFY(run.diagnostics.overlap.contains("meta_dr_overlap"));
        const RunRecord plain = RunStore::load(m_project, m_plainRun);
        QVERIFY(!plain.uncertainty.present);
        QVERIFY(!plain.router("meta_r")->hasTestSe());
        QVERIFY(plain.diagnostics.overlap.isEmpty());
    }

    void uncertaintyTab()
    {
        RunViewsWidget w;
        w.resize(1400, 900);
        QVERIFY(w.showRun(m_project, m_bootRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        UncertaintyView* u = w.uncertaintyView();
        QCOMPARE(w.tabs()->tabText(w.tabs()->indexOf(u)), QStringLiteral("Uncertainty"));
        StaticTableModel* m = u->coverageModel();
        QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m->rowCount(), 4);
        QCOMPARE(m->columnCount(), 6);
        QCOMPARE(m->index(3, 0).data().toString(), QStringLiteral("95.0%"));
        for (int r = 0; r < 4; ++r) {
            for (int c : { 2, 3 }) { // coverage of the conformal and of the normal interval
                const double cov = m->index(r, c).data(Qt::UserRole).toDouble();
                QVERIFY2(cov >= 0 && cov <= 1, qPrintable(QString::number(cov)));
            }
            QVERIFY(m->index(r, 4).data(Qt::UserRole).toDouble() > 0); // mean half-width
            QCOMPARE(m->index(r, 5).data(Qt::UserRole).toInt(), 150); // the half of the 300 test gains not used for z
        }
        // Coverage grows with the nominal level.
        QVERIFY(m->index(0, 2).data(Qt::UserRole).toDouble() <= m->index(3, 2).data(Qt::UserRole).toDouble());
        const QString summary = u->summaryText();
        QVERIFY2(
            summary.contains(QRegularExpression("95\\.0% intervals covered \\d+\\.\\d% of 150 held-out gold gains")),
            qPrintable(summary));
        QCOMPARE(u->charts().size(), 1);
        QVERIFY(w.allCharts().contains(u->charts().first()));
        bool listed = false;
        for (const NamedTable& t : w.allTables())
            listed = listed || t.name == "uncertainty_coverage";
        QVERIFY(listed);
        w.tabs()->setCurrentWidget(u);
        w.show();
        QVERIFY(screenshot(&w, "beyond_uncertainty"));

        // A run without bootstrap says how to get uncertainty, and exports neither an empty table nor an empty chart.
        QVERIFY(w.showRun(m_project, m_plainRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        QCOMPARE(m->rowCount(), 0);
        QVERIFY(u->summaryText().contains("no uncertainty estimates"));
        QVERIFY(u->summaryText().contains("Bootstrap replicates"));
        QVERIFY(u->charts().isEmpty());
        for (const NamedTable& t : w.allTables())
            QVERIFY(t.name != "uncertainty_coverage");
        QVERIFY(screenshot(&w, "beyond_uncertainty_none"));
    }

    void abstainRule()
    {
        RunViewsWidget w;
        w.resize(1400, 900);
        QVERIFY(w.showRun(m_project, m_bootRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        ThresholdControl* th = w.thresholdControl();
        QUndoStack* undo = w.undoStack();
        QCOMPARE(th->state()->router(), QStringLiteral("meta_r"));
        QVERIFY(th->abstainBox()->isEnabled());
        QVERIFY(!th->abstainBox()->isChecked());
        QVERIFY(!th->abstainZBox()->isEnabled());
        QCOMPARE(th->abstainZBox()->value(), 1.0);
        QCOMPARE(th->abstainZBox()->minimum(), 0.0);
        QCOMPARE(th->abstainZBox()->maximum(), 4.0);
        const OperatingPointReadout before = th->readout();
        const QString textBefore = th->readoutText();
        QVERIFY(before.valid && !before.abstainApplied && before.abstainAvailable);
        QCOMPARE(undo->count(), 0);

        QSignalSpy spy(th, &ThresholdControl::readoutChanged);
        th->abstainBox()->setChecked(true); // one step
        QCOMPARE(undo->count(), 1);
        QVERIFY(th->abstainZBox()->isEnabled());
        QVERIFY(th->readout().abstainApplied);
        QCOMPARE(th->readout().abstainZ, 1.0);
        th->abstainZBox()->setValue(2.0); // another step
        QCOMPARE(undo->count(), 2);
        QCOMPARE(spy.count(), 2);
        const OperatingPointReadout r = th->readout();
        QVERIFY(r.abstainApplied);
        QCOMPARE(r.abstainZ, 2.0);
        QVERIFY2(r.sharePrimary >= before.sharePrimary, qPrintable(th->readoutText()));
        QVERIFY2(r.abstainShare > 0, qPrintable(th->readoutText()));
        QCOMPARE(r.toPrimary, before.toPrimary + r.abstained);
        QVERIFY(th->readoutText().contains(QStringLiteral("%1 of 300 queries (%2%) added by the margin")
                                               .arg(r.abstained)
                                               .arg(100.0 * r.abstainShare, 0, 'f', 1)));
        QVERIFY(th->readoutText().contains("ψ̂ + 2·se >"));

        // The read-out is core evaluateAbstain on the test queries at thresholdForShare(psi_test, 0.5).
        const RunRecord* run = w.run();
        const RouterCurves* c = run->router("meta_r");
        const Vector psi = toVector(c->psiTest), se = toVector(c->psiTestSe);
        const double cut = thresholdForShare(psi, 0.5);
        const TestTruth& t = run->testTruth;
        QCOMPARE(r.costInUsd, t.hasCosts());
        const AbstainEvaluation e = t.hasCosts()
            ? evaluateAbstain(psi, se, cut, 2.0, toVector(t.qualityPrimary), toVector(t.qualityAlternative),
                toVector(t.costPrimary), toVector(t.costAlternative))
            : evaluateAbstain(psi, se, cut, 2.0, toVector(t.qualityPrimary), toVector(t.qualityAlternative));
        QCOMPARE(r.psiThreshold, cut);
        QVERIFY(std::abs(r.sharePrimary - e.primaryShare) < 1e-12);
        QVERIFY(std::abs(r.abstainShare - e.abstainShare) < 1e-12);
        QVERIFY(std::abs(r.expectedQuality - e.meanQuality) < 1e-12);
        QVERIFY2(std::abs(r.costPer1000 - 1000 * e.meanCost) < 1e-9,
            qPrintable(QStringLiteral("%1 vs %2, usd %3").arg(r.costPer1000).arg(1000 * e.meanCost).arg(r.costInUsd)));
        // The cost-quality marker shows the rule's operating point.
        QVERIFY(std::abs(w.costQualityView()->costQualityMarker().x() - r.costPer1000) < 1e-12);
        QVERIFY(std::abs(w.costQualityView()->costQualityMarker().y() - r.expectedQuality) < 1e-12);
        w.tabs()->setCurrentWidget(w.costQualityView());
        w.show();
        QVERIFY(screenshot(&w, "beyond_abstain"));

        // Undo: z back to 1 (rule still on), then the rule off and the read-out as before.
        undo->undo();
        QCOMPARE(th->abstainZBox()->value(), 1.0);
        QVERIFY(th->abstainBox()->isChecked());
        QCOMPARE(th->readout().abstainZ, 1.0);
        undo->undo();
        QVERIFY(!th->abstainBox()->isChecked());
        QVERIFY(!th->readout().abstainApplied);
        QCOMPARE(th->readout().toPrimary, before.toPrimary);
        QCOMPARE(th->readout().expectedQuality, before.expectedQuality);
        QCOMPARE(th->readoutText(), textBefore);
        undo->redo();
        undo->redo();
        QCOMPARE(th->readout().abstainZ, 2.0);
        QCOMPARE(th->readout().toPrimary, r.toPrimary);

        // A router without standard errors: the rule is shown off and disabled with a tooltip; back to the main
        // router, the rule applies again.
        th->routerBox()->setCurrentIndex(th->routerBox()->findData("gold_only"));
        QCOMPARE(undo->count(), 3);
        QVERIFY(!th->abstainBox()->isEnabled());
        QVERIFY(!th->abstainBox()->isChecked());
        QVERIFY(th->abstainBox()->toolTip().contains("main router"));
        QVERIFY(!th->readout().abstainApplied);
        QVERIFY(!th->readout().abstainAvailable);
        undo->undo();
        QVERIFY(th->abstainBox()->isEnabled());
        QVERIFY(th->readout().abstainApplied);

        // A run without bootstrap: disabled, the tooltip says to retrain.
        QVERIFY(w.showRun(m_project, m_plainRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        QCOMPARE(undo->count(), 0);
        QVERIFY(!th->abstainBox()->isEnabled());
        QVERIFY(th->abstainBox()->toolTip().contains("Bootstrap replicates"));
    }

    void goldSuggestions()
    {
        RunViewsWidget w;
        w.resize(1400, 900);
        GoldSuggestionsView* g = w.goldSuggestionsView();
        GoldSuggestionModel* m = g->model();
        QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(g, &GoldSuggestionsView::suggestionsReady);
        QSignalSpy failed(g, &GoldSuggestionsView::suggestionsFailed);
        // Shown a run with uncertainty, the default list (uncertainty, budget 100, share 0.5) is computed by itself.
        QVERIFY(w.showRun(m_project, m_bootRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        QCOMPARE(g->strategyBox()->currentText(), QStringLiteral("uncertainty"));
        QCOMPARE(g->budgetBox()->value(), 100);
        QCOMPARE(g->shareBox()->value(), 0.5);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kJobMs);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(m->rowCount(), 100);
        QCOMPARE(m->columnCount(), 4);
        QCOMPARE(m->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Query id"));
        for (int r = 1; r < m->rowCount(); ++r)
            QVERIFY(m->index(r - 1, GoldSuggestionModel::Score).data(Qt::UserRole).toDouble()
                >= m->index(r, GoldSuggestionModel::Score).data(Qt::UserRole).toDouble());
        QVERIFY(!m->index(0, GoldSuggestionModel::Reason).data().toString().isEmpty());
        QVERIFY(g->result().candidates > 100);
        QVERIFY(g->errorText().isEmpty());
        QVERIFY(g->exportButton()->isEnabled());
        w.tabs()->setCurrentWidget(g);
        w.show();
        QVERIFY(screenshot(&w, "beyond_gold_suggestions"));

        // Budget 25 through the Suggest button.
        g->budgetBox()->setValue(25);
        QTest::mouseClick(g->suggestButton(), Qt::LeftButton);
        QVERIFY(g->isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, kJobMs);
        QCOMPARE(m->rowCount(), 25);

        // CSV export: the header and one record per row, in order.
        const QString csvPath = m_dir.filePath("suggestions.csv");
        QString error;
        QVERIFY2(g->exportCsv(csvPath, &error), qPrintable(error));
        const QList<QStringList> records = parseCsv(readFile(csvPath));
        QCOMPARE(records.size(), 26);
        QCOMPARE(records.first(), QStringList({ "query_id", "text", "score", "reason" }));
        for (int r = 0; r < 25; ++r) {
            QCOMPARE(records[r + 1].size(), 4);
            QCOMPARE(records[r + 1][0].toLongLong(), m->suggestions()[size_t(r)].queryId);
            QCOMPARE(records[r + 1][1], m->suggestions()[size_t(r)].text);
        }

        // Two requests in a row: only the second one's rows arrive.
        g->strategyBox()->setCurrentIndex(g->strategyBox()->findText("overlap"));
        g->budgetBox()->setValue(10);
        QVERIFY(g->suggest());
        g->budgetBox()->setValue(20);
        QVERIFY(g->suggest());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, kJobMs);
        QVERIFY(g->waitUntilIdle());
        QTest::qWait(50);
        QCOMPARE(ready.count(), 3);
        QCOMPARE(m->rowCount(), 20);

        // A request for a run that is no longer shown is dropped.
        g->strategyBox()->setCurrentIndex(g->strategyBox()->findText("random"));
        QVERIFY(g->suggest());
        QVERIFY(w.showRun(m_project, m_plainRun)); // no uncertainty: nothing computed by itself
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        QVERIFY(g->waitUntilIdle());
        QTest::qWait(50);
        QCOMPARE(ready.count(), 3);
        QCOMPARE(m->rowCount(), 0);
        QCOMPARE(g->strategyBox()->currentText(), QStringLiteral("overlap"));
        QVERIFY(!g->exportButton()->isEnabled());
        QVERIFY(!g->exportCsv(csvPath, &error));
        for (const NamedTable& t : w.allTables())
            QVERIFY(t.name != "gold_suggestions");

        // The uncertainty strategy on a run without bootstrap: one red line saying what to do, no job.
        g->strategyBox()->setCurrentIndex(g->strategyBox()->findText("uncertainty"));
        QVERIFY(!g->suggest());
        QCOMPARE(failed.count(), 1);
        QVERIFY2(g->errorText().contains("Bootstrap replicates"), qPrintable(g->errorText()));
        QVERIFY(!g->errorText().contains('\n'));
        QCOMPARE(failed.first().first().toString(), g->errorText());
        QCOMPARE(m->rowCount(), 0);
        QVERIFY(screenshot(&w, "beyond_gold_suggestions_error"));
        // Overlap works there, and a success clears the error.
        g->strategyBox()->setCurrentIndex(g->strategyBox()->findText("overlap"));
        g->budgetBox()->setValue(15);
        QVERIFY(g->suggest());
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, kJobMs);
        QCOMPARE(m->rowCount(), 15);
        QVERIFY(g->errorText().isEmpty());

        // A failure of the core function (here: the project file is gone) is shown as one line too.
        RunRecord moved = RunStore::load(m_project, m_bootRun);
        moved.projectPath = m_dir.filePath("gone/missing.crw");
        w.showRun(moved); // has uncertainty: the request starts by itself and fails
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, kJobMs);
        QVERIFY(!g->errorText().isEmpty());
        QVERIFY(!g->errorText().contains('\n'));
        QCOMPARE(m->rowCount(), 0);
    }

    void balanceOverlapLine()
    {
        RunViewsWidget w;
        w.resize(1400, 900);
        QVERIFY(w.showRun(m_project, m_bootRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        BalanceView* b = w.balanceView();
        const QString text = b->overlapText();
        qInfo("%s", qPrintable(text));
        const QStringList lines = text.split('\n');
        QCOMPARE(lines.size(), 2); // one line per overlap router
        const RunRecord* run = w.run();
        for (const QString& router : { QStringLiteral("meta_dr_overlap"), QStringLiteral("meta_r_overlap") }) {
            const OverlapUse u = run->diagnostics.overlap.value(router);
            QVERIFY(u.prefRows > 0);
            const QString expected
                = QStringLiteral("%1 used %2% of the preference rows")
                      .arg(routerDisplayName(router), QLocale().toString(100.0 * u.prefShareUsed, 'f', 1));
            const QString line = router == "meta_dr_overlap" ? lines[0] : lines[1]; // by router name
            QVERIFY2(line.startsWith(expected), qPrintable(line));
            QCOMPARE(line.contains("Warning"), u.prefShareUsed < 0.5);
        }
        QVERIFY(b->findChild<QLabel*>("overlapUse")->isVisibleTo(b));
        int rows = 0;
        for (int r = 0; r < b->countsModel()->rowCount(); ++r)
            rows += b->countsModel()->index(r, 0).data().toString().startsWith("In the overlap region");
        QCOMPARE(rows, 2);
        w.tabs()->setCurrentWidget(b);
        w.show();
        QVERIFY(screenshot(&w, "beyond_balance"));
        // A run without overlap routers has no such line.
        QVERIFY(w.showRun(m_project, m_plainRun));
        w.syncViews(); // views fill over the next event-loop turns; the checks below read held views
        QVERIFY(b->overlapText().isEmpty());
        QVERIFY(!b->findChild<QLabel*>("overlapUse")->isVisibleTo(b));
    }

    void overlapWarningBelowHalf()
    {
        // The warning follows the share: edit the loaded run's diagnostics to a share under 50%.
        RunRecord run = RunStore::load(m_project, m_bootRun);
        run.diagnostics.overlap["meta_r_overlap"].prefShareUsed = 0.3;
        run.diagnostics.overlap["meta_dr_overlap"].prefShareUsed = 0.9;
        BalanceView b;
        b.setRun(run);
        const QStringList lines = b.overlapText().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QString& l : lines)
            QCOMPARE(l.contains("Warning"), l.contains("(R, overlap)"));
    }

    void exportsIncludeTheNewTables()
    {
        // The headless export (--export-views) waits for the automatic suggestions and writes them.
        const QString out = m_dir.filePath("export-views");
        const QStringList files = RunViewsWidget::exportAllViews(m_project, m_bootRun, out, 96);
        QVERIFY(files.contains(QDir(out).filePath("uncertainty_coverage.csv")));
        QVERIFY(files.contains(QDir(out).filePath("uncertainty_psi.png")));
        QVERIFY(files.contains(QDir(out).filePath("uncertainty_psi.svg")));
        const QString suggestions = QDir(out).filePath("gold_suggestions.csv");
        QVERIFY(files.contains(suggestions));
        const QList<QStringList> records = parseCsv(readFile(suggestions));
        QCOMPARE(records.size(), 101);
        QCOMPARE(records.first().first(), QStringLiteral("Query id"));
        QCOMPARE(parseCsv(readFile(QDir(out).filePath("uncertainty_coverage.csv"))).size(), 5);
        // A run without uncertainty exports neither.
        const QString plainOut = m_dir.filePath("export-plain");
        const QStringList plain = RunViewsWidget::exportAllViews(m_project, m_plainRun, plainOut, 96);
        QVERIFY(!plain.isEmpty());
        for (const QString& f : plain) {
            QVERIFY(!f.contains("gold_suggestions"));
            QVERIFY(!f.contains("uncertainty_"));
        }
    }
};

QTEST_MAIN(TstBeyondPaperGui)
#include "tst_beyond_paper_gui.moc"
