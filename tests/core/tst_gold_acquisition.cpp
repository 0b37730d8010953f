// Where to spend the next gold label: the expected decision loss and the three rankings by hand, the acquisition
// study on simulated data (the overlap strategy picks rows where gold is rare; more gold lowers the bias error), and
// `causal-router suggest-gold` on a stored run of the LLMRouter demo (CSV contract, candidates exclude gold and test
// rows, a clear error for a run without bootstrap), plus route --abstain on the exported router.
#include "CliProcess.h"
#include "DemoGoldProject.h"
#include "ExperimentDgp.h"
#include "active/GoldAcquisition.h"
#include "active/GoldSuggestions.h"
#include "import/Importer.h"
#include "pipeline/AcquisitionExperiment.h"
#include "pipeline/SimulateJob.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace crw;
using namespace crw::test;

namespace {
CliResult cli(const QStringList& args, const QByteArray& input = {})
{
    return runCli(args, input);
}

const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlt = QStringLiteral("qwen2.5-7b-instruct");
}

class TstGoldAcquisition : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void expectedLossByHand()
    {
        // At the threshold: se * phi(0) = se / sqrt(2 pi).
        QVERIFY(std::abs(expectedDecisionLoss(0.2, 0.1, 0.2) - 0.1 * 0.3989422804) < 1e-9);
        // d = 1: se * (phi(1) - 1 * (1 - Phi(1))) = 0.1 * (0.2419707245 - 0.1586552539).
        QVERIFY(std::abs(expectedDecisionLoss(0.3, 0.1, 0.2) - 0.1 * (0.2419707245 - 0.1586552539)) < 1e-9);
        QCOMPARE(expectedDecisionLoss(0.3, 0.1, 0.2), expectedDecisionLoss(0.1, 0.1, 0.2)); // symmetric
        QVERIFY(expectedDecisionLoss(5.0, 0.1, 0.2) < 1e-12);
        QCOMPARE(expectedDecisionLoss(0.2, 0.0, 0.2), 0.0);
        // Larger se near the threshold: larger loss.
        QVERIFY(expectedDecisionLoss(0.25, 0.2, 0.2) > expectedDecisionLoss(0.25, 0.1, 0.2));
    }

    void rankingsByHand()
    {
        AcquisitionInputs in;
        in.psi.resize(5);
        in.psiSe.resize(5);
        in.propensity.resize(5);
        in.psi << 0.9, 0.21, 0.25, -0.5, 0.2;
        in.psiSe << 0.05, 0.05, 0.2, 0.1, 0.0;
        in.propensity << 0.1, 0.001, 0.02, 0.5, std::nan("");
        in.baseRate = 0.05;
        in.threshold = 0.2;
        const auto u = rankGoldCandidates(AcquisitionStrategy::Uncertainty, in, 3);
        QCOMPARE(int(u.size()), 3);
        // Loss: row 2 (d=0.25, se 0.2) > row 1 (d=0.2, se 0.05) > row 3/0 (far away); row 4 has se 0.
        QCOMPARE(u[0].index, 2);
        QCOMPARE(u[1].index, 1);
        QVERIFY(u[0].score >= u[1].score && u[1].score >= u[2].score);
        QVERIFY(u[0].reason.contains("threshold"));
        const auto o = rankGoldCandidates(AcquisitionStrategy::Overlap, in, 5);
        QCOMPARE(o[0].index, 1); // lowest propensity
        QCOMPARE(o[1].index, 2);
        QCOMPARE(o[2].index, 4); // NaN -> base rate: ratio 1, score 0
        QCOMPARE(o[4].index, 3);
        QVERIFY(std::abs(o[2].score) < 1e-12);
        QVERIFY(o[0].reason.contains("density ratio"));
        const auto r1 = rankGoldCandidates(AcquisitionStrategy::Random, in, 5, 1);
        const auto r1b = rankGoldCandidates(AcquisitionStrategy::Random, in, 5, 1);
        const auto r2 = rankGoldCandidates(AcquisitionStrategy::Random, in, 5, 2);
        QCOMPARE(int(r1.size()), 5);
        bool same = true, differs = false;
        for (int i = 0; i < 5; ++i) {
            same = same && r1[i].index == r1b[i].index;
            differs = differs || r1[i].index != r2[i].index;
        }
        QVERIFY(same);
        QVERIFY(differs);
        QVERIFY(rankGoldCandidates(AcquisitionStrategy::Overlap, in, 0).empty());
        AcquisitionInputs noSe = in;
        noSe.psiSe = Vector::Zero(5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rankGoldCandidates(AcquisitionStrategy::Uncertainty, noSe, 3));
        AcquisitionStrategy s;
        QVERIFY(parseAcquisitionStrategy("overlap", &s) && s == AcquisitionStrategy::Overlap);
        QVERIFY(!parseAcquisitionStrategy("nope", &s));
    }

    void acquisitionStudyOnSimulatedData()
    {
        // Gold comes mostly from one half of the feature space (skew 0.9 on feature 1): the overlap strategy adds
        // gold where it is rare. 100 random extra gold rows lower the bias error; since the engine v2 estimator fixes
        // (issue 13) the targeted strategies no longer do (measured: start 0.278, uncertainty 0.280, overlap 0.282,
        // random 0.229), which is what issue 14 reports of the acquisition study; they must not make it worse by
        // more than 0.02.
        Dgp g;
        const ExperimentData d = experimentDataFromDgp(g, 3000, 51);
        AcquisitionOptions o;
        o.startGold = 100;
        o.budget = 100;
        o.testSize = 400;
        o.runs = 3;
        o.seed = 9;
        o.goldSkew = 0.9;
        o.bootstrap = 8;
        o.suite.routers = { RouterKind::MetaR };
        o.suite.finalSpec = defaultFinalSpec(1);
        o.suite.finalSpec.rounds = 80;
        o.suite.finalSpec.eta = 0.1;
        o.suite.cate.outcome = o.suite.finalSpec;
        o.suite.cate.normalization = NormalizationMethod::Regression;
        Progress p;
        const AcquisitionResult r = runAcquisitionExperiment(d, o, p);
        QCOMPARE(int(r.arms.size()), 4);
        QCOMPARE(r.router, QStringLiteral("meta_r"));
        std::map<QString, const AcquisitionSummary*> by;
        for (const auto& a : r.arms)
            by[a.arm] = &a;
        QVERIFY(by.count("start") && by.count("uncertainty") && by.count("overlap") && by.count("random"));
        for (const auto& a : r.arms)
            qInfo("%s: full area %.2f, q@0.5 %.4f, Delta RMSE %.3f, mean propensity chosen %.4f", qPrintable(a.arm),
                a.fullArea.mean, a.qualityAt[1].mean, a.deltaRmse.mean, a.meanPropensityChosen.mean);
        QCOMPARE(by["overlap"]->vsRandom.at("full_ranking_area").n, 3);
        QVERIFY(by["overlap"]->meanPropensityChosen.mean < 0.7 * by["random"]->meanPropensityChosen.mean);
        QVERIFY(by["random"]->deltaRmse.mean < by["start"]->deltaRmse.mean - 0.02);
        for (const char* arm : { "uncertainty", "overlap" })
            QVERIFY2(by[arm]->deltaRmse.mean < by["start"]->deltaRmse.mean + 0.02, arm);
        QVERIFY(r.markdownTable().contains("+100 overlap"));
        QCOMPARE(r.toJson()["arms"].toArray().size(), 4);
    }

    void suggestGoldFromAStoredRun()
    {
        const QString project = m_dir.filePath("p.crw");
        test::buildDemoGoldProject(project, { test::demoSimulation(kPrimary, kAlt) });
        const QStringList common { "--primary", kPrimary, "--alternative", kAlt, "--learner", "r", "--gold-size", "200",
            "--test-size", "200", "--dim", "10", "--quiet" };
        auto r = cli(QStringList { "train", project } + common + QStringList { "--bootstrap", "4" });
        QVERIFY2(r.code == 0, r.err.constData());
        const qint64 run = QJsonDocument::fromJson(r.out).object()["run_id"].toInteger();
        QVERIFY(QJsonDocument::fromJson(r.out).object()["uncertainty"].toObject().contains("coverage_test"));

        const QString csv = m_dir.filePath("s.csv");
        r = cli({ "suggest-gold", project, "--run", QString::number(run), "--budget", "25", "--csv", csv });
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray csvBytes = f.readAll();
        QVERIFY(csvBytes.startsWith("query_id,text,score,reason\n"));
        // In-process: the same rows, scores descending, none of them a gold or test row of the run.
        SuggestionRequest req;
        req.runId = run;
        req.budget = 25;
        const SuggestionResult res = suggestGold(project, req);
        QCOMPARE(int(res.rows.size()), 25);
        // The CLI wrote exactly the in-process CSV (texts with commas, quotes or line breaks are quoted).
        QCOMPARE(csvBytes, suggestionsCsv(res.rows).toUtf8());
        std::set<qint64> labelled;
        SqliteDb db(project);
        auto st = db.prepare("SELECT query_id FROM run_queries WHERE run_id = ? AND source IN (1, 2)");
        st.bind(1, int64_t(run));
        while (st.step())
            labelled.insert(st.columnInt(0));
        QCOMPARE(int(labelled.size()), 400);
        std::set<qint64> ids;
        for (size_t i = 0; i < res.rows.size(); ++i) {
            QVERIFY(!labelled.count(res.rows[i].queryId));
            ids.insert(res.rows[i].queryId);
            if (i)
                QVERIFY(res.rows[i].score <= res.rows[i - 1].score);
            QVERIFY(res.rows[i].psiSe > 0);
        }
        QCOMPARE(int(ids.size()), 25);
        QCOMPARE(res.candidates, 5608 - 400);

        // Overlap strategy as JSON.
        r = cli({ "suggest-gold", project, "--run", QString::number(run), "--budget", "5", "--strategy", "overlap",
            "--json" });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["rows"].toArray().size(), 5);

        // Bad input: unknown run, unknown strategy, uncertainty without bootstrap.
        r = cli({ "suggest-gold", project, "--run", "999", "--budget", "5" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no run 999"), r.err.constData());
        r = cli({ "suggest-gold", project, "--run", QString::number(run), "--strategy", "best" });
        QCOMPARE(r.code, 2);
        r = cli(QStringList { "train", project } + common + QStringList { "--bootstrap", "0" });
        QVERIFY2(r.code == 0, r.err.constData());
        const qint64 run0 = QJsonDocument::fromJson(r.out).object()["run_id"].toInteger();
        r = cli({ "suggest-gold", project, "--run", QString::number(run0), "--budget", "5" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--bootstrap"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);

        // The exported router carries the replicates; route --abstain sends more queries to the primary.
        const QString router = m_dir.filePath("router.json");
        r = cli({ "export-router", project, "--run", QString::number(run), "--pmur", "0.3", "-o", router });
        QVERIFY2(r.code == 0, r.err.constData());
        QByteArray queries;
        for (int i = 0; i < 40; ++i)
            queries += QJsonDocument(
                           QJsonObject { { "id", QString::number(i) }, { "text", res.rows[size_t(i % 25)].text } })
                           .toJson(QJsonDocument::Compact)
                + "\n";
        const auto plain = cli({ "route", router, "--uncertainty" }, queries);
        QVERIFY2(plain.code == 0, plain.err.constData());
        const auto ab = cli({ "route", router, "--abstain", "3" }, queries);
        QVERIFY2(ab.code == 0, ab.err.constData());
        int pPlain = 0, pAb = 0, abstained = 0;
        const auto pl = plain.out.trimmed().split('\n'), al = ab.out.trimmed().split('\n');
        QCOMPARE(pl.size(), 40);
        for (int i = 0; i < 40; ++i) {
            const QJsonObject a = QJsonDocument::fromJson(pl[i]).object(), b = QJsonDocument::fromJson(al[i]).object();
            QVERIFY(a["psi_se"].toObject()[kPrimary].toDouble() > 0);
            pPlain += a["model"].toString() == kPrimary;
            pAb += b["model"].toString() == kPrimary;
            abstained += b["abstained"].toBool();
            if (a["model"].toString() == kPrimary)
                QCOMPARE(b["model"].toString(), kPrimary);
        }
        QCOMPARE(pAb, pPlain + abstained);
        // A router exported from the run without bootstrap refuses --abstain with one line.
        const QString router0 = m_dir.filePath("router0.json");
        r = cli({ "export-router", project, "--run", QString::number(run0), "--pmur", "0.3", "-o", router0 });
        QVERIFY2(r.code == 0, r.err.constData());
        const auto no = cli({ "route", router0, "--abstain", "1" }, queries);
        QCOMPARE(no.code, 2);
        QVERIFY2(no.err.contains("bootstrap"), no.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstGoldAcquisition)
#include "tst_gold_acquisition.moc"
