// The import flow driven through the widgets (dialog and main window), cancellation, error reporting,
// the column-mapping override, and the demo project built from a manifest.
#include "ColumnMappingForm.h"
#include "DataTabs.h"
#include "DatasetListModel.h"
#include "store/DemoProject.h"
#include "ImportDialog.h"
#include "MainWindow.h"
#include "ProjectSession.h"
#include "ProjectStatusBar.h"
#include "SqlPagedTableModel.h"
#include "helpers/Screenshot.h"
#include "import/Importer.h"
#include "store/ProjectStore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace crw;
using namespace crw::ui;
using crw::test::screenshot;

namespace {
constexpr int kTryMs = 60000; // generous: the machine is shared

double score(int q, int m)
{
    return double((q * 5 + m) % 9) / 8.0;
}

// Long gold CSV: query_id,model,score,alt_score for nQueries x nModels rows; alt_score = 1 - score.
QString writeGold(const QString& path, int nQueries, int nModels, int badLine = 0)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    QTextStream out(&f);
    out << "query_id,model,score,alt_score\n";
    int line = 1;
    for (int q = 1; q <= nQueries; ++q)
        for (int m = 1; m <= nModels; ++m) {
            ++line;
            if (line == badLine)
                out << "q" << q << ",m" << m << ",not-a-number,0\n";
            else
                out << "q" << q << ",m" << m << "," << score(q, m) << "," << 1.0 - score(q, m) << "\n";
        }
    return path;
}

QString writeQueries(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    QTextStream out(&f);
    out << "query_id,text,task\n";
    for (int q = 1; q <= n; ++q)
        out << "q" << q << ",\"question number " << q << "\"," << (q % 3 ? "math" : "code") << "\n";
    return path;
}

ProjectInfo infoOf(const QString& path)
{
    ProjectStore s(path);
    return s.info();
}

double storedScore(const QString& project, const QString& query, const QString& model)
{
    ProjectStore s(project);
    QSqlQuery q(s.database());
    q.prepare("SELECT g.score FROM gold_labels g JOIN queries q ON q.id = g.query_id JOIN models m ON m.id = "
              "g.model_id WHERE q.external_id = ? AND m.name = ?");
    q.addBindValue(query);
    q.addBindValue(model);
    if (!q.exec() || !q.next())
        return -1.0;
    return q.value(0).toDouble();
}
}

class TstImportFlow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString newProject(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        ProjectStore::create(path);
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("crw-tests");
        QCoreApplication::setApplicationName("tst_import_flow");
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void dialogDetectsPreviewsAndImports()
    {
        const QString project = newProject("dialog.crw");
        const QString csv = writeGold(m_dir.filePath("gold-small.csv"), 60, 3);
        ImportDialog dlg(project);
        dlg.show();
        dlg.setKind(DataKind::Gold);
        QVERIFY(!dlg.importButton()->isEnabled());
        dlg.fileEdit()->setText(csv); // typed: the preview follows after a short pause
        QTRY_VERIFY_WITH_TIMEOUT(dlg.detectedLabel()->text().contains("gold-long-csv"), kTryMs);
        QCOMPARE(dlg.previewModel()->rowCount(), 20);
        QCOMPARE(dlg.previewModel()->columnCount(), 4);
        QCOMPARE(dlg.previewModel()->horizontalHeaderItem(2)->text(), QStringLiteral("score"));
        QCOMPARE(dlg.previewModel()->item(0, 0)->text(), QStringLiteral("q1"));
        QCOMPARE(dlg.previewModel()->item(4, 1)->text(), QStringLiteral("m2")); // 5th row: q2, m2
        QCOMPARE(dlg.mappingForm()->combo("score")->currentText(), QStringLiteral("score"));
        QCOMPARE(dlg.mappingForm()->combo("model")->currentText(), QStringLiteral("model"));
        QCOMPARE(dlg.mappingForm()->combo("queryId")->currentText(), QStringLiteral("query_id"));
        QVERIFY(!dlg.mappingForm()->isModified());
        QVERIFY(dlg.importButton()->isEnabled());
        dlg.datasetNameEdit()->setText("gold-small");
        QVERIFY(screenshot(&dlg, "import-dialog-preview"));

        QSignalSpy imported(&dlg, &ImportDialog::imported);
        QTest::mouseClick(dlg.importButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, kTryMs);
        QCOMPARE(dlg.result().rows, 180);
        QCOMPARE(dlg.result().datasetName, QStringLiteral("gold-small"));
        QCOMPARE(dlg.result().format, QStringLiteral("gold-long-csv"));
        QCOMPARE(dlg.result().newQueries, 60);
        QCOMPARE(dlg.result().newModels, 3);
        QCOMPARE(dlg.QDialog::result(), int(QDialog::Accepted));

        const ProjectInfo info = infoOf(project);
        QCOMPARE(info.goldLabels, 180);
        QCOMPARE(info.queries, 60);
        QCOMPARE(info.models, 3);
        QCOMPARE(info.datasets.size(), 1);
        QCOMPARE(info.datasets[0].name, QStringLiteral("gold-small"));
        QCOMPARE(storedScore(project, "q7", "m2"), score(7, 2));
    }

    void mappingOverrideIsUsed()
    {
        const QString project = newProject("mapping.crw");
        const QString csv = writeGold(m_dir.filePath("gold-alt.csv"), 10, 2);
        ImportDialog dlg(project);
        dlg.setKind(DataKind::Gold);
        dlg.setFile(csv);
        QComboBox* scoreBox = dlg.mappingForm()->combo("score");
        QVERIFY(scoreBox);
        scoreBox->setCurrentIndex(scoreBox->findText("alt_score"));
        QVERIFY(dlg.mappingForm()->isModified());
        QVERIFY(dlg.options().overrideMapping);
        QCOMPARE(dlg.options().mapping.score, QStringLiteral("alt_score"));
        QSignalSpy imported(&dlg, &ImportDialog::imported);
        dlg.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, kTryMs);
        QCOMPARE(storedScore(project, "q3", "m1"), 1.0 - score(3, 1));
        QCOMPARE(storedScore(project, "q10", "m2"), 1.0 - score(10, 2));
    }

    void errorNamesFileLineAndColumnAndSkipReports()
    {
        const QString project = newProject("errors.crw");
        const QString csv = writeGold(m_dir.filePath("gold-bad.csv"), 30, 2, 25);
        ImportDialog dlg(project);
        dlg.show();
        dlg.setKind(DataKind::Gold);
        dlg.setFile(csv);
        QSignalSpy failed(&dlg, &ImportDialog::importFailed);
        dlg.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTryMs);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains("gold-bad.csv:25:3"), qPrintable(message));
        QVERIFY2(dlg.messageLabel()->text().contains("gold-bad.csv:25:3"), qPrintable(dlg.messageLabel()->text()));
        QVERIFY(dlg.isVisible());
        QVERIFY(screenshot(&dlg, "import-dialog-error"));
        QCOMPARE(infoOf(project).goldLabels, 0);
        QCOMPARE(infoOf(project).datasets.size(), 0);

        // The same file with "skip bad rows and report".
        dlg.skipBadRowsBox()->setChecked(true);
        QSignalSpy imported(&dlg, &ImportDialog::imported);
        QTest::mouseClick(dlg.importButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, kTryMs);
        QCOMPARE(dlg.result().rows, 59);
        QCOMPARE(dlg.result().skipped.size(), 1);
        QCOMPARE(dlg.result().skipped.first().line, 25);
        QCOMPARE(infoOf(project).goldLabels, 59);
    }

    void cancelLeavesProjectUnchanged()
    {
        const QString project = newProject("cancel.crw");
        Progress quiet;
        ImportOptions queriesOnly;
        queriesOnly.kind = DataKind::Queries;
        importFile(project, writeQueries(m_dir.filePath("few.csv"), 20), queriesOnly, quiet);
        const ProjectInfo before = infoOf(project);
        QCOMPARE(before.queries, 20);

        const QString big = writeGold(m_dir.filePath("gold-big.csv"), 100000, 4); // 400,000 rows
        ImportDialog dlg(project);
        dlg.show();
        dlg.setKind(DataKind::Gold);
        dlg.setFile(big);
        QVERIFY(dlg.importButton()->isEnabled());
        QSignalSpy cancelled(&dlg, &ImportDialog::importCancelled);
        QSignalSpy imported(&dlg, &ImportDialog::imported);
        QTest::mouseClick(dlg.importButton(), Qt::LeftButton);
        QVERIFY(dlg.isImporting());
        QVERIFY(dlg.cancelButton()->isVisible());
        QVERIFY(dlg.progressBar()->isVisible());
        QVERIFY(screenshot(&dlg, "import-dialog-running"));
        QTest::mouseClick(dlg.cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kTryMs);
        QCOMPARE(imported.count(), 0);
        QVERIFY(!dlg.isImporting());
        QVERIFY(dlg.messageLabel()->text().contains("unchanged"));

        const ProjectInfo after = infoOf(project);
        QCOMPARE(after.queries, before.queries);
        QCOMPARE(after.goldLabels, before.goldLabels);
        QCOMPARE(after.models, before.models);
        QCOMPARE(after.datasets.size(), before.datasets.size());
    }

    void importThroughMainWindowRefreshesViews()
    {
        const QString project = newProject("window.crw");
        MainWindow w;
        w.show();
        QVERIFY(w.openProject(project));
        QCOMPARE(w.datasetModel()->rowCount(), 0);
        QAction* importAction = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->objectName() == "importAction")
                importAction = a;
        QVERIFY(importAction && importAction->isEnabled());
        QCOMPARE(importAction->shortcut(), QKeySequence("Ctrl+I"));
        importAction->trigger();
        ImportDialog* dlg = w.findChild<ImportDialog*>();
        QVERIFY(dlg);
        QTRY_VERIFY(dlg->isVisible());
        dlg->setKind(DataKind::Queries);
        dlg->setFile(writeQueries(m_dir.filePath("window-queries.csv"), 250));
        QVERIFY(dlg->detectedLabel()->text().contains("queries-csv"));
        QPointer<ImportDialog> guard(dlg);
        QTest::mouseClick(dlg->importButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.datasetModel()->rowCount(), 1, kTryMs);
        QTRY_VERIFY(guard.isNull()); // closed and deleted after success
        QCOMPARE(w.datasetModel()->data(w.datasetModel()->index(0, DatasetListModel::Name)).toString(),
            QStringLiteral("window-queries"));
        QCOMPARE(
            w.datasetModel()->data(w.datasetModel()->index(0, DatasetListModel::Rows), Qt::EditRole).toLongLong(), 250);
        w.datasetDock();
        QCOMPARE(w.tabs()->model(DataTabs::Queries)->rowCount(), 250);
        QVERIFY(w.projectStatusBar()->countsLabel()->text().contains("250 queries"));
    }

    void demoProjectFromManifest()
    {
        const QString data = m_dir.filePath("demo-data");
        QDir().mkpath(data);
        writeQueries(QDir(data).filePath("queries.csv"), 40);
        writeGold(QDir(data).filePath("gold.csv"), 40, 2);
        {
            QFile m(QDir(data).filePath("manifest.json"));
            QVERIFY(m.open(QIODevice::WriteOnly));
            m.write(R"({"files":[{"kind":"queries","path":"queries.csv","format":"auto"},
                                {"kind":"gold","path":"gold.csv","format":"gold-long-csv","name":"demo gold"}]})");
        }
        const QString path = m_dir.filePath("demo/demo.crw");
        QList<double> fractions;
        Progress progress([&fractions](double f, const QString&) { fractions << f; });
        QCOMPARE(createDemoProject(path, progress, data), 2);
        const ProjectInfo info = infoOf(path);
        QCOMPARE(info.queries, 40);
        QCOMPARE(info.goldLabels, 80);
        QCOMPARE(info.datasets.size(), 2);
        QCOMPARE(info.datasets[1].name, QStringLiteral("demo gold"));
        QVERIFY(!fractions.isEmpty());
        QCOMPARE(fractions.last(), 1.0);

        // Cancelled or failing creation leaves no project file behind.
        const QString cancelledPath = m_dir.filePath("demo/cancelled.crw");
        Progress cancelledProgress;
        cancelledProgress.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, createDemoProject(cancelledPath, cancelledProgress, data));
        QVERIFY(!QFileInfo::exists(cancelledPath));
        Progress p2;
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, createDemoProject(m_dir.filePath("demo/x.crw"), p2, m_dir.filePath("nowhere")));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("demo/x.crw")));

        // The main window creates it in the background and opens it.
        MainWindow w;
        w.show();
        QSignalSpy done(&w, &MainWindow::backgroundJobDone);
        w.createDemo(m_dir.filePath("demo/window-demo.crw"), data);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kTryMs);
        QCOMPARE(done.first().first().toBool(), true);
        QVERIFY(w.session()->isOpen());
        QCOMPARE(w.datasetModel()->rowCount(), 2);
        QCOMPARE(w.tabs()->model(DataTabs::GoldLabels)->rowCount(), 80);
        w.resize(1200, 700);
        QVERIFY(screenshot(&w, "mainwindow-demo"));
    }

    void bundledDemoData()
    {
        if (!QFileInfo::exists(QStringLiteral(CRW_SOURCE_DIR "/resources/demo/manifest.json")))
            QSKIP("resources/demo/manifest.json is not in this checkout yet");
        QVERIFY(QFileInfo::exists(":/demo/manifest.json"));
        const QString path = m_dir.filePath("bundled-demo.crw");
        Progress progress;
        QVERIFY(createDemoProject(path, progress) > 0);
        const ProjectInfo info = infoOf(path);
        QVERIFY(info.queries > 0);
        QVERIFY(info.goldLabels + info.preferenceLabels > 0);
    }
};

QTEST_MAIN(TstImportFlow)
#include "tst_import_flow.moc"
