// Many models in the GUI (issue 15, part 3): the training panel trains a pool (three models of the bundled LLMRouter
// data against qwen2.5-7b, simulated preferences against it, nominal per-query prices) off the GUI thread and stores
// it as a run of kind "pool"; the pool's Cost-quality view draws the USD frontier with every single model and the
// pairwise routers, the routing-collapse chart, the traffic share per model at the operating point (undoable), and
// exports the router at that point; a cancelled pool run stores nothing. Screenshot: /tmp/legible/pool_view.png.
#include "charts/ChartView.h"
#include "helpers/SmallRealProject.h"
#include "pipeline/SimulateJob.h"
#include "routing/RouterFile.h"
#include "runs/RunStore.h"
#include "store/NominalQueryPrices.h"
#include "training/TrainingPanel.h"
#include "views/PoolView.h"
#include "views/RunViewsWidget.h"
#include "views/StaticTableModel.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace crw;
using namespace crw::test;
using namespace crw::ui;

namespace {
constexpr const char* kThird = "llama3-chatqa-1.5-70b";
constexpr int kJobMs = 120000;
}

class TstPoolGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_runId = 0;

    void configure(TrainingPanel& panel)
    {
        panel.setProject(m_path);
        QSignalSpy ready(&panel, &TrainingPanel::catalogReady);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, kJobMs);
        panel.setPool({ kDemoPrimary, kThird, kDemoAlternative }, kDemoAlternative);
        panel.nuisanceBox()->setCurrentIndex(panel.nuisanceBox()->findData("linear"));
        panel.foldsBox()->setValue(3);
        panel.goldSizeBox()->setValue(200);
        panel.testSizeBox()->setValue(300);
        panel.dimBox()->setValue(10);
    }

private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath("pool.crw");
        buildSmallRealProject(m_path);
        SimulateConfig sim;
        sim.primary = QString::fromLatin1(kThird);
        sim.alternative = QString::fromLatin1(kDemoAlternative);
        sim.bias.strength = 0.5;
        sim.bias.noise = 0.3;
        sim.features.dim = 10;
        Progress progress;
        simulateIntoProject(m_path, sim, progress);
        QVERIFY(fillNominalQueryPrices(m_path, 1000, 1000).contains(QString::fromLatin1(kThird)));
    }

    void panelTrainsAPool()
    {
        TrainingPanel panel;
        configure(panel);
        QVERIFY(panel.runPoolButton()->isEnabled());
        const PoolConfig c = panel.poolConfig();
        QCOMPARE(c.models.size(), 3);
        QCOMPARE(c.reference, QString::fromLatin1(kDemoAlternative));
        QCOMPARE(c.train.testSize, 300);
        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        QVERIFY(panel.startPool());
        QVERIFY(panel.isRunning());
        QVERIFY(!panel.runPoolButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kJobMs);
        m_runId = finished.at(0).at(0).toLongLong();
        QVERIFY(m_runId > 0);
        const auto runs = RunStore::list(m_path);
        QCOMPARE(runs.front().id, m_runId);
        QCOMPARE(runs.front().kind, QStringLiteral("pool"));
        QCOMPARE(runs.front().testRows, 300);
    }

    void tooFewModelsRefused()
    {
        TrainingPanel panel;
        configure(panel);
        panel.setPool({ kDemoPrimary }, QString());
        QVERIFY(!panel.runPoolButton()->isEnabled());
        QVERIFY(!panel.startPool());
    }

    void cancelStoresNothing()
    {
        TrainingPanel panel;
        configure(panel);
        const int before = int(RunStore::list(m_path).size());
        QSignalSpy cancelled(&panel, &TrainingPanel::runCancelled);
        QVERIFY(panel.startPool());
        panel.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kJobMs);
        QCOMPARE(int(RunStore::list(m_path).size()), before);
    }

    void poolViewShowsFrontierSharesAndCollapse()
    {
        QVERIFY(m_runId > 0);
        RunViewsWidget w;
        w.resize(1600, 1000);
        QVERIFY(w.showRun(m_path, m_runId));
        QVERIFY(w.isPoolRun());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        PoolView* v = w.poolView();
        QCOMPARE(w.tabs()->currentWidget(), v);
        QCOMPARE(w.allCharts().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!v->sweep().isEmpty(), 10000);
        QCOMPARE(v->pool().models.size(), 3);
        QCOMPARE(v->pool().costUnit, QStringLiteral("usd"));
        // Frontier: random mixtures, 2 pairwise routers, the router's points, its hull, 3 single models, the marker.
        QCOMPARE(v->frontierChart()->chart()->series().size(), 1 + 2 + 1 + 1 + 3 + 1);
        QAbstractItemModelTester tester(v->shareModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(v->shareModel()->rowCount(), 3);
        double sum = 0;
        for (int r = 0; r < 3; ++r)
            sum += v->shareModel()->data(v->shareModel()->index(r, 1), Qt::UserRole).toDouble();
        QVERIFY(std::abs(sum - 1.0) < 1e-9);
        const QString text = v->readoutText();
        QVERIFY2(text.contains(QStringLiteral("$")) && text.contains(QStringLiteral("per 1,000 queries")), qPrintable(text));
        for (const QString& m : v->pool().models)
            QVERIFY2(text.contains(m), qPrintable(text));
        // The cheapest point sends everything to the reference; the collapse is a share in [0, 1].
        const PoolPoint& cheapest = v->sweep().front();
        QCOMPARE(cheapest.share.value(v->pool().referenceIndex()), 1.0);
        for (const QPointF& p : routingCollapse(v->pool()))
            QVERIFY(p.y() >= 0 && p.y() <= 1);

        // Operating point: one undoable step, Undo returns to the start.
        QUndoStack* undo = w.undoStack();
        const int start = v->pointIndex();
        const QString before = v->readoutText();
        v->setPointIndex(0);
        QCOMPARE(v->pointIndex(), 0);
        QCOMPARE(v->slider()->value(), 0);
        QVERIFY(undo->canUndo());
        undo->undo();
        QCOMPARE(v->pointIndex(), start);
        QCOMPARE(v->readoutText(), before);
        undo->redo();
        QCOMPARE(v->pointIndex(), 0);

        // Export at the operating point.
        const QString file = m_dir.filePath("pool_router.json");
        QString error;
        QVERIFY2(w.exportRouter(file, &error), qPrintable(error));
        const RouterSpec spec = readRouterFile(file);
        QCOMPARE(int(spec.models.size()), 3);
        QCOMPARE(spec.reference, QString::fromLatin1(kDemoAlternative));
        QCOMPARE(spec.costWeight, v->sweep()[0].w);
        QDir().mkpath(QStringLiteral("/tmp/legible"));
        undo->undo();
        QCoreApplication::processEvents();
        w.grab().save(QStringLiteral("/tmp/legible/pool_view.png"));
    }
};

QTEST_MAIN(TstPoolGui)
#include "tst_pool_gui.moc"
