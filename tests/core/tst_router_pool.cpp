// Multi-model routing: the rule and the frontier wiring on a hand-computed case; a two-model pool reproduces the
// two-model run exactly; a three-model pool routes through the CLI as in process.
#include "import/Importer.h"
#include "DemoGoldProject.h"
#include "pipeline/SimulateJob.h"
#include "pipeline/TrainingPipeline.h"
#include "routing/PoolFrontier.h"
#include "routing/PoolTraining.h"
#include "routing/Router.h"
#include "routing/RouterFile.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace crw;

namespace {
const QString kA = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kB = QStringLiteral("llama3-chatqa-1.5-70b");
const QString kRef = QStringLiteral("qwen2.5-7b-instruct");
}

class TstRouterPool : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;

    TrainingConfig config() const
    {
        TrainingConfig tc;
        tc.primary = kA;
        tc.alternative = kRef;
        tc.routers = { RouterKind::MetaR };
        tc.goldSize = 300;
        tc.testSize = 200;
        tc.features.dim = 10;
        return tc;
    }

private slots:
    void ruleOnHandComputedCases()
    {
        // Models: reference R (cost 0), A (cost 1), B (cost 2); psi columns A, B.
        // Dyadic numbers so that the ties are exact in floating point.
        const Matrix psi = (Matrix(2, 2) << 0.5, 0.75, 0.125, 0.0625).finished();
        std::vector<int> chosen;
        Vector margin;
        // w = 0.25: q0 scores A 0.25, B 0.25 (tie -> the cheaper A, margin 0); q1 A -0.125, B -0.4375 -> R,
        // margin 0.125.
        Router::decideWith(psi, { 0.25, 0.5 }, { 1, 2 }, { 0.0, 1.0, 2.0 }, 0, &chosen, &margin);
        QCOMPARE(chosen, (std::vector<int> { 1, 0 }));
        QCOMPARE(margin[0], 0.0);
        QCOMPARE(margin[1], 0.125);
        // w = 0.125: q0 A 0.375, B 0.5 -> B, margin 0.125; q1 A scores exactly 0 = the reference's 0 -> R, margin 0.
        Router::decideWith(psi, { 0.125, 0.25 }, { 1, 2 }, { 0.0, 1.0, 2.0 }, 0, &chosen, &margin);
        QCOMPARE(chosen, (std::vector<int> { 2, 0 }));
        QCOMPARE(margin[0], 0.125);
        QCOMPARE(margin[1], 0.0);
    }

    void frontierOnAHandComputedCase()
    {
        const Matrix psi = (Matrix(2, 2) << 0.5, 0.8, 0.2, 0.1).finished();
        // True quality (R, A, B): q0 (0, 0.5, 1), q1 (0, 1, 0.5).
        const Matrix quality = (Matrix(2, 3) << 0, 0.5, 1, 0, 1, 0.5).finished();
        const PoolFrontier f = poolFrontier(psi, quality, { 0.0, 1.0, 2.0 }, { 1, 2 }, 0, 4);
        // Breaks psi/dc: 0.05, 0.2, 0.4, 0.5 -> w in {0, 0.05, 0.2, 0.4, 0.5, 0.505}.
        QCOMPARE(f.weights.size(), size_t(6));
        // w=0, 0.05: q0->B, q1->A: (1.5, 1); w=0.2: q0->B, q1->R: (1, 0.5); w=0.4: q0->A, q1->R: (0.5, 0.25);
        // w=0.5 and beyond: all R: (0, 0).
        const std::vector<std::pair<double, double>> want { { 1.5, 1 }, { 1.5, 1 }, { 1, 0.5 }, { 0.5, 0.25 }, { 0, 0 },
            { 0, 0 } };
        for (size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(f.points[i].cost, want[i].first);
            QCOMPARE(f.points[i].quality, want[i].second);
        }
        // Hull: (0,0) -> (1.5,1) (both middle points lie below the chord). AIQ over [0, 2]:
        // (0.5 * 1.5 * 1 + 0.5 * 1) / 2 = 0.625.
        QCOMPARE(f.hull.size(), size_t(2));
        QCOMPARE(f.aiqRouter, 0.625);
        // Single models R (0,0), A (1,0.75), B (2,0.75): random mixtures (0,0)-(1,0.75) then flat:
        // (0.375 + 0.75) / 2 = 0.5625. Best single: A (ties on quality -> cheaper). Cheapest: R.
        QCOMPARE(f.aiqRandom, 0.5625);
        QCOMPARE(f.references.bestSingle, 1);
        QCOMPARE(f.references.cheapestSingle, 0);
        // Oracle: q0 -> B (1), q1 -> A (1): (1.5, 1); mixed with R its AIQ equals the router's here.
        QCOMPARE(f.references.oracle.cost, 1.5);
        QCOMPARE(f.references.oracle.quality, 1.0);
        QCOMPARE(f.aiqOracle, 0.625);
    }

    void initProject()
    {
        m_project = m_dir.filePath("p.crw");
        test::buildDemoGoldProject(m_project, { test::demoSimulation(kA, kRef, 9), test::demoSimulation(kB, kRef, 9) });
    }

    void twoModelPoolEqualsTheTwoModelRun()
    {
        Progress progress;
        const TrainOutcome run = runTraining(m_project, config(), progress);
        PoolConfig pc;
        pc.models = { kA, kRef };
        pc.train = config();
        pc.costWeight = 0.0;
        pc.explainSample = 0;
        const PoolOutcome pool = trainPool(m_project, pc, progress);
        QCOMPARE(pool.spec.reference, kRef); // the cheapest by price
        SqliteDb db(m_project);
        auto c = db.prepare("SELECT json FROM run_curves WHERE run_id = ? AND router = 'meta_r'");
        c.bind(1, int64_t(run.runId));
        QVERIFY(c.step());
        const QJsonObject curve = QJsonDocument::fromJson(c.columnText(0).toUtf8()).object();
        const QJsonArray psiTest = curve["psi_test"].toArray();
        const QJsonArray ids = run.summary["test_query_ids"].toArray();
        QCOMPARE(pool.psiTest.rows(), Eigen::Index(psiTest.size()));
        for (int i = 0; i < psiTest.size(); ++i) {
            QCOMPARE(pool.testIds[i], ids[i].toInteger());
            QVERIFY(pool.psiTest(i, 0) == psiTest[i].toDouble());
        }
        QCOMPARE(pool.spec.quality[0].psi, curve["model"].toObject());
        QCOMPARE(pool.spec.quality[0].bias, curve["cate_model"].toObject());
    }

    void threeModelPoolRoutesThroughTheCli()
    {
        Progress progress;
        PoolConfig pc;
        pc.models = { kA, kB, kRef };
        pc.train = config();
        pc.target = CalibrationTarget { CalibrationTarget::Share, 0.5 };
        pc.explainSample = 50;
        const PoolOutcome pool = trainPool(m_project, pc, progress);
        QCOMPARE(pool.spec.quality.size(), size_t(2));
        QVERIFY(pool.report.contains("frontier"));
        const QJsonObject f = pool.report["frontier"].toObject();
        QVERIFY(f["aiq_oracle"].toDouble() >= f["aiq_router"].toDouble());
        const double share = pool.spec.calibration["share"].toDouble();
        QVERIFY(share <= 0.5 && share >= 0.5 - 2.0 / 200);
        const QString path = m_dir.filePath("pool.json");
        writeRouterFile(pool.spec, path);

        QByteArray input;
        SqliteDb db(m_project);
        auto q = db.prepare("SELECT text, task FROM queries WHERE id = ?");
        for (qint64 id : pool.testIds) {
            q.reset();
            q.bind(1, int64_t(id));
            QVERIFY(q.step());
            input += QJsonDocument(QJsonObject { { "id", QString::number(id) }, { "text", q.columnText(0) },
                                       { "task", q.columnText(1) } })
                         .toJson(QJsonDocument::Compact)
                + "\n";
        }
        QProcess p;
        p.start(QStringLiteral(CRW_CLI_PATH), { "route", path });
        p.write(input);
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), int(pool.testIds.size()));
        const Router router(readRouterFile(path));
        const RouteDecisions d = router.decide(pool.psiTest);
        int leaving = 0;
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
            QVERIFY(o["psi"].toObject()[kA].toDouble() == pool.psiTest(i, 0));
            QVERIFY(o["psi"].toObject()[kB].toDouble() == pool.psiTest(i, 1));
            QCOMPARE(o["model"].toString(), router.spec().models[size_t(d.chosen[size_t(i)])].name);
            leaving += o["model"].toString() != kRef;
        }
        QCOMPARE(double(leaving) / lines.size(), share);
    }
};

QTEST_GUILESS_MAIN(TstRouterPool)
#include "tst_router_pool.moc"
