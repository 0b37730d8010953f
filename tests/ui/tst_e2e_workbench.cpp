// End to end through the widgets, on a small real project (LLMRouter demo gold + simulated preferences): set up the
// training panel, press Run, wait for the run, find it in the history and the views, move the threshold, undo it,
// export the charts; cancel a run (no run stored); the demo project's automatic first run; `--export-views` of the
// GUI binary. Set CRW_SCREENSHOT_DIR to save screenshots of the window.
#include "DataTabs.h"
#include "helpers/SmallRealProject.h"
#include "JobController.h"
#include "MainWindow.h"
#include "ProjectSession.h"
#include "helpers/Screenshot.h"
#include "import/Importer.h"
#include "pipeline/SimulateJob.h"
#include "store/ProjectStore.h"
#include "training/AnalysisPage.h"
#include "store/PairCatalog.h"
#include "training/RunHistoryModel.h"
#include "training/TrainingPanel.h"
#include "views/RunViewsWidget.h"
#include "views/ThresholdControl.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QListView>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace crw;
using namespace crw::ui;
using namespace crw::test;

namespace {
constexpr int kTrainMs = 240000; // a small training run takes seconds; generous for a loaded shared machine
const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlternative = QStringLiteral("qwen2.5-7b-instruct");
const QString kDemoData = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter");

qint64 runCount(const QString& path)
{
    return RunHistoryModel::readRuns(path).size();
}

// The small configuration of the end-to-end run, set through the widgets.
void setUpSmallRun(TrainingPanel* panel)
{
    panel->primaryBox()->setCurrentText(kPrimary);
    panel->alternativeBox()->setCurrentText(kAlternative);
    panel->goldSizeBox()->setValue(300);
    panel->testSizeBox()->setValue(300);
    panel->foldsBox()->setValue(3);
    panel->dimBox()->setValue(10);
    panel->setLearners({});
    for (RouterKind k : { RouterKind::MetaR, RouterKind::GoldOnly, RouterKind::Pooled })
        panel->learnerBox(k)->setChecked(true);
}
}

class TstE2eWorkbench : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_goldQueries = 0;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("crw-tests");
        QCoreApplication::setApplicationName("tst_e2e_workbench");
        QSettings().clear();
        m_project = m_dir.filePath("small.crw");
        test::buildSmallRealProject(m_project);
        m_goldQueries = countPairGoldQueries(m_project, kPrimary, kAlternative);
        QVERIFY2(m_goldQueries > 1000, qPrintable(QString::number(m_goldQueries)));
    }

    void trainThroughTheWindow()
    {
        MainWindow w;
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        TrainingPanel* panel = w.trainingPanel();
        QSignalSpy ready(panel, &TrainingPanel::catalogReady);
        QVERIFY(w.openProject(m_project));
        QTRY_COMPARE(ready.count(), 1);
        QAbstractItemModelTester tester(
            w.analysisPage()->historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(w.analysisPage()->historyModel()->rowCount(), 0);
        QVERIFY(!w.exportChartsAction()->isEnabled());
        // Defaults: the only preference pair, oriented as stored; test size min(500, 20% of the gold queries).
        QCOMPARE(panel->primaryBox()->currentText(), kPrimary);
        QCOMPARE(panel->alternativeBox()->currentText(), kAlternative);
        QTRY_COMPARE(panel->testSizeBox()->value(), int(std::min<qint64>(500, m_goldQueries / 5)));

        setUpSmallRun(panel);
        QSignalSpy finished(panel, &TrainingPanel::runFinished);
        QSignalSpy failed(panel, &TrainingPanel::runFailed);
        QVERIFY(panel->runButton()->isEnabled());
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(panel->isRunning());
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(!panel->primaryBox()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(panel->progressBar()->value() > 0, kTrainMs);
        QVERIFY(screenshot(&w, "gui2_training_running"));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, kTrainMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const qint64 runId = finished.first().first().toLongLong();
        QVERIFY(runId > 0);
        QCOMPARE(panel->progressBar()->value(), 1000);
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(panel->log()->toPlainText().contains(QStringLiteral("Run %1 stored").arg(runId)));

        // The run is in the history, selected, and shown by the views on the Analysis tab.
        RunHistoryModel* history = w.analysisPage()->historyModel();
        QCOMPARE(history->rowCount(), 1);
        QCOMPARE(history->entries().first().id, runId);
        QCOMPARE(history->entries().first().goldRows, 300);
        QCOMPARE(w.analysisPage()->historyView()->currentIndex().row(), 0);
        QTRY_COMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.analysisPage())); // on a 1 ms timer
        QTRY_COMPARE(w.analysisPage()->shownRunId(), runId); // read on a pool thread
        RunViewsWidget* views = w.analysisPage()->views();
        QVERIFY(views->run());
        QCOMPARE(views->run()->id, runId);
        QCOMPARE(views->run()->primary, kPrimary);
        QCOMPARE(views->run()->goldRows, 300);
        QCOMPARE(views->run()->testRows, 300);
        // Every pair query with gold has one simulated preference label; the held-out ones are not trained on.
        QCOMPARE(views->run()->preferenceRows, int(m_goldQueries - 300));
        QCOMPARE(views->run()->evaluatedRouters().size(), 3);
        QTRY_VERIFY(w.exportChartsAction()->isEnabled()); // updated with the tab switch
        QVERIFY(screenshot(&w, "gui2_analysis"));

        // Threshold: 0.5 -> 0.3 routes round(0.3 * 300) = 90 test queries to the primary; Undo restores 150.
        ThresholdControl* th = views->thresholdControl();
        QCOMPARE(th->readout().testQueries, 300);
        QCOMPARE(th->readout().toPrimary, 150);
        th->spinBox()->setValue(0.3);
        QCOMPARE(th->readout().toPrimary, 90);
        views->tabs()->setCurrentIndex(2);
        QVERIFY(screenshot(&w, "gui2_costquality"));
        QVERIFY(w.undoAction()->isEnabled());
        QCOMPARE(w.undoAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(w.redoAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        w.undoAction()->trigger();
        QCOMPARE(th->readout().toPrimary, 150);
        QCOMPARE(th->spinBox()->value(), 0.5);
        w.redoAction()->trigger();
        QCOMPARE(th->readout().toPrimary, 90);
        w.undoAction()->trigger();
        QVERIFY(!w.undoAction()->isEnabled());
        // The same through the keyboard (focus outside any text field, which would take Ctrl+Z for itself).
        th->spinBox()->setValue(0.7);
        QCOMPARE(th->readout().toPrimary, 210);
        w.activateWindow();
        if (QTest::qWaitForWindowActive(&w)) {
            w.analysisPage()->historyView()->setFocus();
            QTest::keyClick(w.analysisPage()->historyView(), Qt::Key_Z, Qt::ControlModifier);
            QCOMPARE(th->readout().toPrimary, 150);
            QTest::keyClick(w.analysisPage()->historyView(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(th->readout().toPrimary, 210);
        } else {
            qWarning("window not active: keyboard shortcuts not exercised");
        }

        // Export every chart and table of the shown run.
        const QString out = m_dir.filePath("export");
        QString error;
        const QStringList files = w.exportAllCharts(out, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(files.size() >= 6);
        int png = 0, svg = 0, pdf = 0;
        for (const QString& f : files) {
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
            png += f.endsWith(".png");
            svg += f.endsWith(".svg");
            pdf += f.endsWith(".pdf");
        }
        QVERIFY(png > 0);
        QCOMPARE(svg, png);
        QCOMPARE(pdf, png);

        // Reopening the project lists and shows the stored run again.
        QVERIFY(w.openProject(m_project));
        QCOMPARE(w.analysisPage()->historyModel()->rowCount(), 1);
        QTRY_COMPARE(w.analysisPage()->shownRunId(), runId);
    }

    void cancelStoresNoRun()
    {
        const qint64 before = runCount(m_project);
        MainWindow w;
        w.show();
        TrainingPanel* panel = w.trainingPanel();
        QSignalSpy ready(panel, &TrainingPanel::catalogReady);
        QVERIFY(w.openProject(m_project));
        QTRY_COMPARE(ready.count(), 1);
        setUpSmallRun(panel);
        QSignalSpy cancelled(panel, &TrainingPanel::runCancelled);
        QSignalSpy finished(panel, &TrainingPanel::runFinished);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(panel->isRunning());
        QTest::qWait(200);
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kTrainMs);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!panel->isRunning());
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(panel->log()->toPlainText().contains("no run was stored"));
        panel->job()->waitForIdle();
        QCOMPARE(runCount(m_project), before);
        QCOMPARE(w.analysisPage()->historyModel()->rowCount(), int(before));
    }

    void exportViewsCommandLine()
    {
        const QString out = m_dir.filePath("cli-export");
        QProcess p;
        p.start(QStringLiteral(CRW_WORKBENCH_PATH), { "--export-views", out, "--project", m_project });
        QVERIFY(p.waitForFinished(kTrainMs));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QStringList printed = QString::fromUtf8(p.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        int png = 0, svg = 0;
        for (const QString& f : printed) {
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
            QVERIFY(f.startsWith(out));
            png += f.endsWith(".png");
            svg += f.endsWith(".svg");
        }
        QVERIFY(png > 0);
        QCOMPARE(svg, png);
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), printed.size());

        // A bad run id and a missing project fail with a message and a non-zero exit code.
        QProcess bad;
        bad.start(
            QStringLiteral(CRW_WORKBENCH_PATH), { "--export-views", out, "--project", m_project, "--run", "999" });
        QVERIFY(bad.waitForFinished(kTrainMs));
        QVERIFY(bad.exitCode() != 0);
        QVERIFY2(bad.readAllStandardError().contains("999"), "no message naming the run");
        QProcess missing;
        missing.start(
            QStringLiteral(CRW_WORKBENCH_PATH), { "--export-views", out, "--project", m_dir.filePath("missing.crw") });
        QVERIFY(missing.waitForFinished(kTrainMs));
        QVERIFY(missing.exitCode() != 0);
        QVERIFY(missing.readAllStandardError().contains("does not exist"));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("missing.crw")));
    }

    void demoProjectStartsATrainingRun()
    {
        // A small manifest in the bundled format: prices + LLMRouter gold + simulated preferences for the demo pair.
        const QString data = m_dir.filePath("demo-data");
        QDir().mkpath(data);
        QVERIFY(QFile::copy(kDemoData + "/default_llm.json", data + "/default_llm.json"));
        QVERIFY(QFile::copy(kDemoData + "/train.json", data + "/train.json"));
        QFile m(data + "/manifest.json");
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(R"({"files":[{"kind":"prices","path":"default_llm.json"},{"kind":"gold","path":"train.json"}],
                   "simulate":[{"primary":"llama-3.1-nemotron-51b-instruct","alternative":"qwen2.5-7b-instruct",
                                "bias":"length,task","strength":0.5,"seed":3}]})");
        m.close();
        MainWindow w;
        w.show();
        QSignalSpy done(&w, &MainWindow::backgroundJobDone);
        QSignalSpy started(w.trainingPanel(), &TrainingPanel::runStarted);
        QSignalSpy finished(w.trainingPanel(), &TrainingPanel::runFinished);
        QSignalSpy failed(w.trainingPanel(), &TrainingPanel::runFailed);
        const QString path = m_dir.filePath("demo/demo.crw");
        w.createDemo(path, data);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kTrainMs);
        QVERIFY(done.first().first().toBool());
        QCOMPARE(started.count(), 1); // started right after the project opened
        QVERIFY(w.trainingPanel()->isRunning());
        QVERIFY(w.trainingDock()->isVisible());
        w.resize(1440, 900);
        QVERIFY(screenshot(&w, "gui2_demo_training"));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, kTrainMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QTRY_VERIFY(w.analysisPage()->shownRunId() > 0);
        const RunRecord* run = w.analysisPage()->views()->run();
        QVERIFY(run);
        QCOMPARE(run->primary, kPrimary);
        QCOMPARE(run->alternative, kAlternative);
        QCOMPARE(run->goldRows, 500);
        QCOMPARE(run->testRows, 500);
        QCOMPARE(run->config.value("routers").toArray().size(), 9); // auto, meta_r, meta_dr and six baselines
        QCOMPARE(run->mainRouter, QStringLiteral("auto"));
        QCOMPARE(w.analysisPage()->historyModel()->rowCount(), 1);
        w.analysisPage()->views()->tabs()->setCurrentIndex(1);
        QVERIFY(screenshot(&w, "gui2_demo_balance"));
    }
};

QTEST_MAIN(TstE2eWorkbench)
#include "tst_e2e_workbench.moc"
