// Router export from the analysis views: a small real run (LLMRouter demo gold + simulated preferences, meta_r and
// pooled) is shown, the threshold control is set to a primary usage of 0.3, the router is exported through
// RunViewsWidget::exportRouter and read back with the core reader; its threshold sends 30% of the run's test queries
// to the primary, and switching the router exports that router.
#include "import/Importer.h"
#include "DemoGoldProject.h"
#include "pipeline/SimulateJob.h"
#include "pipeline/TrainingPipeline.h"
#include "routing/RouterFile.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "store/ProjectStore.h"
#include "views/OperatingPointState.h"
#include "views/RunViewsWidget.h"
#include "views/ThresholdControl.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace crw;

namespace {
const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlternative = QStringLiteral("qwen2.5-7b-instruct");

int countAbove(const QVector<double>& psi, double threshold)
{
    int n = 0;
    for (double p : psi)
        n += p > threshold;
    return n;
}
}

class TstRouterExportGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_run = 0;

private slots:
    void initTestCase()
    {
        m_project = m_dir.filePath("p.crw");
        test::buildDemoGoldProject(m_project, { test::demoSimulation(kPrimary, kAlternative, 7, 10) });
        Progress progress;
        TrainingConfig tc;
        tc.primary = kPrimary;
        tc.alternative = kAlternative;
        tc.routers = { RouterKind::MetaR, RouterKind::Pooled };
        tc.goldSize = 300;
        tc.testSize = 300;
        tc.folds = 3;
        tc.features.dim = 10;
        m_run = runTraining(m_project, tc, progress).runId;
        QVERIFY(m_run > 0);
    }

    void exportsTheShownRouterAtTheChosenShare()
    {
        RunViewsWidget w;
        w.resize(1200, 800);
        QVERIFY(w.showRun(m_project, m_run));
        ThresholdControl* tc = w.thresholdControl();
        QVERIFY(tc->exportRouterButton()->isEnabled());
        QCOMPARE(tc->state()->router(), QStringLiteral("meta_r"));
        tc->spinBox()->setValue(0.3);
        QCOMPARE(tc->state()->share(), 0.3);

        const QString file = m_dir.filePath("meta_r.json");
        QString error;
        QVERIFY2(w.exportRouter(file, &error), qPrintable(error));
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QCOMPARE(
            QJsonDocument::fromJson(raw.readAll()).object()["format"].toString(), QStringLiteral("causal-router/1"));
        const RouterSpec spec = readRouterFile(file);
        QCOMPARE(spec.quality.size(), size_t(1));
        QCOMPARE(spec.quality[0].router, QStringLiteral("meta_r"));
        QCOMPARE(spec.quality[0].model, kPrimary);
        QCOMPARE(spec.reference, kAlternative);
        QCOMPARE(spec.trainedOn["run_id"].toInteger(), m_run);
        QCOMPARE(spec.calibration["share"].toDouble(), 0.3);
        const RouterCurves* curves = w.run()->router("meta_r");
        QVERIFY(curves && curves->psiTest.size() == 300);
        // 30% of the 300 held-out test queries lie above the exported threshold (ties at most one query off).
        const int above = countAbove(curves->psiTest, spec.thresholds[0]);
        QVERIFY2(std::abs(above - 90) <= 1, qPrintable(QString::number(above)));
        // The GUI's own read-out at this share agrees with the exported rule.
        QVERIFY2(std::abs(tc->readout().toPrimary - above) <= 1, qPrintable(QString::number(tc->readout().toPrimary)));

        // Another router and share: the pooled router's psi model is exported, 0.6 of the test queries go to it.
        tc->routerBox()->setCurrentIndex(tc->routerBox()->findData(QStringLiteral("pooled")));
        QCOMPARE(tc->state()->router(), QStringLiteral("pooled"));
        tc->spinBox()->setValue(0.6);
        const QString pooledFile = m_dir.filePath("pooled.json");
        QVERIFY2(w.exportRouter(pooledFile, &error), qPrintable(error));
        const RouterSpec pooled = readRouterFile(pooledFile);
        QCOMPARE(pooled.quality[0].router, QStringLiteral("pooled"));
        const int pooledAbove = countAbove(w.run()->router("pooled")->psiTest, pooled.thresholds[0]);
        QVERIFY2(std::abs(pooledAbove - 180) <= 1, qPrintable(QString::number(pooledAbove)));
        QVERIFY(pooled.thresholds[0] != spec.thresholds[0]);
    }

    void refusesWithoutAStoredRun()
    {
        RunViewsWidget w;
        QString error;
        QVERIFY(!w.exportRouter(m_dir.filePath("none.json"), &error));
        QVERIFY(!error.isEmpty());
        RunRecord inMemory = RunStore::load(m_project, m_run);
        inMemory.projectPath.clear();
        w.showRun(inMemory);
        QVERIFY(!w.exportRouter(m_dir.filePath("none.json"), &error));
        QVERIFY(!QFile::exists(m_dir.filePath("none.json")));
    }

    void badPathReportsAnError()
    {
        RunViewsWidget w;
        QVERIFY(w.showRun(m_project, m_run));
        QString error;
        QVERIFY(!w.exportRouter(m_dir.filePath("no/such/dir/r.json"), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TstRouterExportGui)
#include "tst_router_export_gui.moc"
