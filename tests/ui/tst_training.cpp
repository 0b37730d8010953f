// The training integration parts without a real training: the pair catalog of a project, the default test size, the
// plain-language remarks, the run history model (QAbstractItemModelTester), the Analysis page (selection, instant
// reopening from memory, project switch) and the panel's widget <-> TrainingConfig mapping.
#include "util/SeedStream.h"
#include "JobController.h"
#include "helpers/SyntheticRun.h"
#include "helpers/TestProject.h"
#include "store/SqliteDb.h"
#include "training/AnalysisPage.h"
#include "pipeline/DemoTraining.h"
#include "store/PairCatalog.h"
#include "training/RunHistoryModel.h"
#include "training/TrainingPanel.h"
#include "runs/TrainingRemarks.h"
#include "views/RunViewsWidget.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace crw;
using namespace crw::ui;
using namespace crw::test;

class TstTraining : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_labels; // fillTestProject: model-1..4 gold on 300 queries, 500 prefs model-1 vs model-2
    QString m_runs; // three synthetic runs

private slots:
    void initTestCase()
    {
        m_labels = m_dir.filePath("labels.crw");
        fillTestProject(m_labels);
        m_runs = m_dir.filePath("runs.crw");
        SyntheticRunSpec a;
        writeSyntheticRun(m_runs, a);
        SyntheticRunSpec b;
        b.goldQueries = 80;
        b.seed = 11;
        writeSyntheticRun(m_runs, b);
        SyntheticRunSpec c;
        c.goldQueries = 40;
        c.routers = { "meta_dr", "pooled" };
        c.seed = 13;
        writeSyntheticRun(m_runs, c);
        // Run 3 as if trained without a test set: no evaluation in its summary.
        SqliteDb db(m_runs);
        db.exec("UPDATE runs SET summary_json = json_remove(summary_json, '$.evaluation') WHERE id = 3");
    }

    void pairCatalogOfKnownProject()
    {
        const PairCatalog cat = scanPairCatalog(m_labels);
        QCOMPARE(cat.models, (QStringList { "model-1", "model-2", "model-3", "model-4" }));
        QCOMPARE(cat.pairs.size(), 1);
        QCOMPARE(cat.pairs[0].modelA, QStringLiteral("model-1"));
        QCOMPARE(cat.pairs[0].modelB, QStringLiteral("model-2"));
        QCOMPARE(cat.pairs[0].labels, qint64(kPrefs));
        QString p, a;
        QVERIFY(cat.defaultPair(&p, &a));
        QCOMPARE(p, QStringLiteral("model-1"));
        QCOMPARE(a, QStringLiteral("model-2"));
        // gold-a has all 300 queries for every model; gold-b only model-1 on queries 1..100.
        QCOMPARE(countPairGoldQueries(m_labels, "model-1", "model-2"), qint64(kQueries));
        QCOMPARE(countPairGoldQueries(m_labels, "model-3", "model-4"), qint64(kQueries));
        QCOMPARE(countPairGoldQueries(m_labels, "model-1", "model-1"), qint64(0));
        QCOMPARE(countPairGoldQueries(m_labels, "model-1", "nope"), qint64(0));
        QVERIFY_THROWS_EXCEPTION(StoreError, scanPairCatalog(m_dir.filePath("missing.crw")));
    }

    void pairCatalogMostLabelsFirstAndMajorityOrientation()
    {
        const QString path = m_dir.filePath("pairs.crw");
        fillTestProject(path);
        SqliteDb db(path);
        // 600 labels stored as model-4 vs model-3 and 10 as model-3 vs model-4: one pair of 610, oriented 4 -> 3.
        db.beginImmediate();
        auto ins = db.prepare("INSERT INTO preference_labels(dataset_id, query_id, model_a, model_b, outcome) "
                              "VALUES(4, ?, ?, ?, 0.5)");
        for (int i = 0; i < 610; ++i) {
            ins.bind(1, int64_t(i % kQueries + 1));
            ins.bind(2, int64_t(i < 600 ? 4 : 3));
            ins.bind(3, int64_t(i < 600 ? 3 : 4));
            ins.run();
        }
        db.commit();
        const PairCatalog cat = scanPairCatalog(path);
        QCOMPARE(cat.pairs.size(), 2);
        QCOMPARE(cat.pairs[0].modelA, QStringLiteral("model-4"));
        QCOMPARE(cat.pairs[0].modelB, QStringLiteral("model-3"));
        QCOMPARE(cat.pairs[0].labels, qint64(610));
        QCOMPARE(cat.pairs[1].labels, qint64(500));
    }

    void defaultTestSizeIsSmallerOf500And20Percent()
    {
        QCOMPARE(TrainingConfig::defaultTestSize(0), 0);
        QCOMPARE(TrainingConfig::defaultTestSize(300), 60);
        QCOMPARE(TrainingConfig::defaultTestSize(2499), 499);
        QCOMPARE(TrainingConfig::defaultTestSize(2500), 500);
        QCOMPARE(TrainingConfig::defaultTestSize(5608), 500);
    }

    void remarksFromSummary()
    {
        QJsonObject summary;
        QCOMPARE(trainingRemarks(summary), QStringList());
        summary["diagnostics"] = QJsonObject { { "propensity_clipped_share", 0.10 },
            { "cate", QJsonObject { { "meta_r", QJsonObject { { "ess_gold", 30.0 } } } } },
            { "warnings", QJsonArray { "all_gold skipped: no gold labels on the preference rows" } } };
        // Exactly at the limits: no positivity remark, only the run's own warning.
        QCOMPARE(trainingRemarks(summary), QStringList { "all_gold skipped: no gold labels on the preference rows" });
        summary["diagnostics"] = QJsonObject { { "propensity_clipped_share", 0.125 },
            { "cate",
                QJsonObject { { "meta_r", QJsonObject { { "ess_gold", 12.34 } } },
                    { "meta_dr", QJsonObject { { "ess_gold", 45.0 } } } } },
            { "warnings", QJsonArray {} } };
        const QStringList r = trainingRemarks(summary);
        QCOMPARE(r.size(), 2);
        QVERIFY2(r[0].startsWith("12.5% of the propensities had to be clipped"), qPrintable(r[0]));
        QVERIFY2(r[1].startsWith("R-learner: the gold labels count like only 12.3 independent rows"), qPrintable(r[1]));
    }

    void historyModelListsRunsNewestFirst()
    {
        RunHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload(m_runs);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.errorString().isEmpty());
        const auto& e = model.entries();
        QCOMPARE(e[0].id, qint64(3));
        QCOMPARE(e[2].id, qint64(1));
        QCOMPARE(e[1].goldRows, 80);
        QCOMPARE(e[0].goldRows, 40);
        QCOMPARE(e[1].primary, QStringLiteral("big-model"));
        QCOMPARE(e[1].alternative, QStringLiteral("small-model"));
        QCOMPARE(e[1].mainRouter, QStringLiteral("meta_r"));
        // The EG area shown is the stored one of the main router.
        const QJsonObject summary = QJsonDocument::fromJson([&] {
            SqliteDb db(m_runs);
            auto st = db.prepare("SELECT summary_json FROM runs WHERE id = 2");
            st.step();
            return st.columnText(0).toUtf8();
        }())
                                        .object();
        const double area = summary["evaluation"].toObject()["meta_r"].toObject()["eg_area"].toDouble();
        QCOMPARE(e[1].mainEgArea, area);
        QVERIFY(std::isnan(e[0].mainEgArea)); // no test set
        const QString text = model.index(1).data().toString();
        QVERIFY2(text.startsWith("Run 2 · "), qPrintable(text));
        QVERIFY2(text.contains("\nbig-model vs small-model\n80 gold · EG area "), qPrintable(text));
        QVERIFY(text.endsWith(QLocale().toString(area, 'f', 2)));
        QVERIFY2(
            model.index(0).data().toString().contains("no test set"), qPrintable(model.index(0).data().toString()));
        QCOMPARE(model.index(1).data(RunHistoryModel::RunIdRole).toLongLong(), qint64(2));
        QCOMPARE(model.rowOf(1), 2);
        QCOMPARE(model.rowOf(42), -1);

        model.reload(m_labels); // a project without runs
        QCOMPARE(model.rowCount(), 0);
        model.reload(m_dir.filePath("missing.crw"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.errorString().isEmpty());
        model.reload(m_runs);
        QCOMPARE(model.rowCount(), 3);
    }

    void analysisPageSelectsAndReopens()
    {
        AnalysisPage page;
        QAbstractItemModelTester tester(page.historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1200, 700);
        page.show();
        QSignalSpy shown(&page, &AnalysisPage::runShown);
        page.setProject(m_runs);
        QTRY_COMPARE(page.shownRunId(), qint64(3)); // newest, read on a pool thread
        QCOMPARE(page.views()->run()->id, qint64(3));
        QCOMPARE(page.views()->run()->goldRows, 40);
        QVERIFY(page.views()->isEnabled());
        // Clicking another run in the list shows it.
        const QModelIndex second = page.historyModel()->index(2);
        page.historyView()->setCurrentIndex(second);
        QTRY_COMPARE(page.shownRunId(), qint64(1));
        QCOMPARE(page.views()->run()->goldRows, 60);
        QVERIFY(page.selectRun(2));
        QTRY_COMPARE(page.shownRunId(), qint64(2));
        QCOMPARE(page.views()->run()->goldRows, 80);
        QVERIFY(!page.selectRun(77));
        QCOMPARE(page.shownRunId(), qint64(2));
        // Going back to run 3 comes from memory: shown at once.
        QVERIFY(page.selectRun(3));
        QCOMPARE(page.shownRunId(), qint64(3));

        // Reopening comes from memory, at once: spoil the run in the file and it still shows as read before.
        {
            SqliteDb db(m_runs);
            db.exec("UPDATE runs SET summary_json = '{}' WHERE id = 1");
        }
        QVERIFY(page.selectRun(1));
        QCOMPARE(page.shownRunId(), qint64(1));
        QCOMPARE(page.views()->run()->goldRows, 60);
        QCOMPARE(shown.count(), 5);

        // Reload keeps the selection; a new project shows its own runs.
        page.reloadRuns();
        QCOMPARE(page.shownRunId(), qint64(1));
        QCOMPARE(shown.count(), 6); // from memory again

        // Reopened project (empty cache): run 2 is chosen while run 3 may still be read; whenever run 3 arrives,
        // it never replaces run 2.
        shown.clear();
        page.setProject(m_runs);
        QVERIFY(page.selectRun(2));
        QTRY_COMPARE(page.shownRunId(), qint64(2));
        QTest::qWait(200);
        QCOMPARE(page.shownRunId(), qint64(2));
        QCOMPARE(page.views()->run()->id, qint64(2));
        QVERIFY(shown.count() == 1 || shown.count() == 2);
        QCOMPARE(shown.last().first().toLongLong(), qint64(2));
        page.setProject(m_labels);
        QCOMPARE(page.shownRunId(), qint64(0));
        QCOMPARE(page.historyModel()->rowCount(), 0);
        QVERIFY(!page.views()->isVisible());
        QVERIFY(page.findChild<QLabel*>("noRunsLabel")->isVisible());
    }

    void panelMapsWidgetsToConfig()
    {
        TrainingPanel panel;
        QSignalSpy ready(&panel, &TrainingPanel::catalogReady);
        QVERIFY(!panel.runButton()->isEnabled()); // no project
        panel.setProject(m_labels);
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(panel.primaryBox()->count(), 4);
        QCOMPARE(panel.primaryBox()->currentText(), QStringLiteral("model-1"));
        QCOMPARE(panel.alternativeBox()->currentText(), QStringLiteral("model-2"));
        // Default test size: 20% of 300 gold queries.
        QTRY_COMPARE(panel.testSizeBox()->value(), 60);
        QTRY_VERIFY(panel.findChild<QLabel*>("pairInfo")->text().contains("300 gold queries"));
        QVERIFY(panel.findChild<QLabel*>("pairInfo")->text().contains("500 preference labels"));
        QVERIFY(panel.runButton()->isEnabled());

        TrainingConfig c = panel.config();
        QCOMPARE(c.threads, 1);
        QCOMPARE(c.folds, 5);
        QCOMPARE(c.testSize, 60);
        QCOMPARE(c.goldSize, 0);
        QCOMPARE(c.routers.size(), size_t(8)); // R + DR + baselines preset
        QCOMPARE(c.routers.front(), RouterKind::MetaR);

        panel.learnerBox(RouterKind::MetaDR)->setChecked(false);
        panel.learnerBox(RouterKind::MetaT)->setChecked(true);
        panel.nuisanceBox()->setCurrentIndex(2);
        panel.foldsBox()->setValue(3);
        panel.normalizationBox()->setCurrentIndex(1);
        panel.propensityBox()->setCurrentIndex(2); // auto, estimated, design
        panel.seedBox()->setValue(42);
        panel.goldSizeBox()->setValue(120);
        panel.testSizeBox()->setValue(50);
        panel.dimBox()->setValue(10);
        panel.alternativeBox()->setCurrentText("model-3");
        c = panel.config();
        QCOMPARE(c.alternative, QStringLiteral("model-3"));
        QCOMPARE(c.nuisance, NuisanceFamily::Linear);
        QCOMPARE(c.folds, 3);
        QCOMPARE(c.normalization, NormalizationMethod::Variance);
        QCOMPARE(c.propensity, PropensityMode::Design);
        QCOMPARE(c.seed, uint64_t(42));
        QCOMPARE(c.featureOptions().seed, deriveSeed(42, SeedPurpose::Features)); // derived from the run seed
        QCOMPARE(c.goldSize, 120);
        QCOMPARE(c.testSize, 50);
        QCOMPARE(c.features.dim, 10);
        QCOMPARE(c.routers.size(), size_t(8));
        QVERIFY(std::find(c.routers.begin(), c.routers.end(), RouterKind::MetaT) != c.routers.end());
        QVERIFY(std::find(c.routers.begin(), c.routers.end(), RouterKind::MetaDR) == c.routers.end());
        // A user-edited test size is not overwritten by the default of a newly chosen pair.
        panel.primaryBox()->setCurrentText("model-4");
        QTRY_VERIFY(panel.findChild<QLabel*>("pairInfo")->text().contains("300 gold queries"));
        QCOMPARE(panel.testSizeBox()->value(), 50);
    }

    void panelSetConfigRoundTrip()
    {
        TrainingPanel panel;
        TrainingConfig demo = demoTrainConfig(TrainingPanel::kGuiThreads);
        panel.setConfig(demo);
        const TrainingConfig c = panel.config();
        QCOMPARE(c.primary, QStringLiteral("llama-3.1-nemotron-51b-instruct"));
        QCOMPARE(c.alternative, QStringLiteral("qwen2.5-7b-instruct"));
        QCOMPARE(c.goldSize, 500);
        QCOMPARE(c.testSize, 500);
        QCOMPARE(c.toJson(), demo.toJson());

        // Same model twice, or no learner: Run stays disabled and start() refuses with a reason in the log.
        QSignalSpy ready(&panel, &TrainingPanel::catalogReady);
        panel.setProject(m_labels);
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(panel.primaryBox()->count(), 4); // the project's models replace the list
        panel.alternativeBox()->setCurrentText("model-1");
        panel.primaryBox()->setCurrentText("model-1");
        QVERIFY(!panel.runButton()->isEnabled());
        QVERIFY(!panel.start());
        QVERIFY(panel.log()->toPlainText().contains("must differ"));
        panel.alternativeBox()->setCurrentText("model-2");
        QVERIFY(panel.runButton()->isEnabled());
        panel.setLearners({});
        QVERIFY(!panel.runButton()->isEnabled());
        QVERIFY(!panel.start());
        QVERIFY(panel.log()->toPlainText().contains("at least one router"));
        QVERIFY(!panel.isRunning());
    }

    void pairChosenBeforeTheListArrivesIsKept()
    {
        TrainingPanel panel;
        QSignalSpy ready(&panel, &TrainingPanel::catalogReady);
        panel.setProject(m_labels);
        TrainingConfig c = panel.config();
        c.primary = "model-3";
        c.alternative = "model-4";
        panel.setConfig(c); // before the model list was read
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(panel.primaryBox()->count(), 4);
        QCOMPARE(panel.primaryBox()->currentText(), QStringLiteral("model-3"));
        QCOMPARE(panel.alternativeBox()->currentText(), QStringLiteral("model-4"));
        // A name the project does not have falls back to the default pair.
        panel.setProject(m_labels);
        c.primary = "not-a-model";
        panel.setConfig(c);
        QTRY_COMPARE(ready.count(), 2);
        QCOMPARE(panel.primaryBox()->currentText(), QStringLiteral("model-1"));
        QCOMPARE(panel.alternativeBox()->currentText(), QStringLiteral("model-2"));
    }
};

QTEST_MAIN(TstTraining)
#include "tst_training.moc"
