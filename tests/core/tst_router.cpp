// Routers that leave the workbench: train (core runTraining on the LLMRouter demo + simulated preferences) ->
// export -> `causal-router route` reproduces the in-process psi_hat and decisions exactly; malformed router files
// and query lines fail with clear errors.
#include "CliProcess.h"
#include "DemoGoldProject.h"
#include "import/Importer.h"
#include "pipeline/SimulateJob.h"
#include "pipeline/TrainingPipeline.h"
#include "routing/QueryLine.h"
#include "routing/Router.h"
#include "routing/RouterExport.h"
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
crw::test::CliResult cli(const QStringList& args, const QByteArray& input = {})
{
    return crw::test::runCli(args, input);
}

const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlt = QStringLiteral("qwen2.5-7b-instruct");

QJsonObject readJsonText(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}
}

class TstRouter : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project, m_router;
    qint64 m_run = 0;
    QVector<qint64> m_testIds;
    Vector m_psiTest;
    QByteArray m_queries; // JSONL of the held-out test queries

private slots:
    void initTestCase()
    {
        m_project = m_dir.filePath("p.crw");
        test::buildDemoGoldProject(m_project, { test::demoSimulation(kPrimary, kAlt, 5) });
        Progress progress;
        TrainingConfig tc;
        tc.primary = kPrimary;
        tc.alternative = kAlt;
        tc.routers = { RouterKind::MetaR, RouterKind::GoldOnly };
        tc.goldSize = 300;
        tc.testSize = 300;
        tc.features.dim = 10;
        const TrainOutcome out = runTraining(m_project, tc, progress);
        m_run = out.runId;
        const QJsonArray ids = out.summary["test_query_ids"].toArray();
        SqliteDb db(m_project);
        auto c = db.prepare("SELECT json FROM run_curves WHERE run_id = ? AND router = 'meta_r'");
        c.bind(1, int64_t(m_run));
        QVERIFY(c.step());
        const QJsonArray psi = readJsonText(c.columnText(0))["psi_test"].toArray();
        QCOMPARE(psi.size(), ids.size());
        m_psiTest.resize(psi.size());
        auto q = db.prepare("SELECT text, task FROM queries WHERE id = ?");
        for (int i = 0; i < ids.size(); ++i) {
            m_testIds.push_back(ids[i].toInteger());
            m_psiTest[i] = psi[i].toDouble();
            q.reset();
            q.bind(1, int64_t(ids[i].toInteger()));
            QVERIFY(q.step());
            const QJsonObject line { { "id", QString::number(ids[i].toInteger()) }, { "text", q.columnText(0) },
                { "task", q.columnText(1) } };
            m_queries += QJsonDocument(line).toJson(QJsonDocument::Compact) + "\n";
        }
        m_router = m_dir.filePath("router.json");
        const auto r
            = cli({ "export-router", m_project, "--run", QString::number(m_run), "--pmur", "0.4", "-o", m_router });
        QVERIFY2(r.code == 0, r.err.constData());
    }

    void exportedFileHasEveryPart()
    {
        const RouterSpec s = readRouterFile(m_router);
        QCOMPARE(s.models.size(), size_t(2));
        QCOMPARE(s.models[0].name, kPrimary);
        QCOMPARE(s.reference, kAlt);
        // The demo prices are per Mtok without token counts: the nominal 1,000 + 1,000 tokens rule.
        QCOMPARE(s.models[0].costSource, QStringLiteral("token_prices_nominal"));
        QCOMPARE(s.models[0].cost, (1000 * 0.9 + 1000 * 0.9) / 1e6);
        QCOMPARE(s.quality[0].router, QStringLiteral("meta_r"));
        QVERIFY(!s.quality[0].bias.isEmpty());
        QCOMPARE(s.trainedOn["run_id"].toInteger(), m_run);
        QCOMPARE(s.explain.ids.size(), 200);
        // --pmur 0.4 on the 300 test queries: exactly 120 above the threshold, w = threshold / cost difference.
        int above = 0;
        for (Eigen::Index i = 0; i < m_psiTest.size(); ++i)
            above += m_psiTest[i] > s.thresholds[0];
        QCOMPARE(above, 120);
        QCOMPARE(s.costWeight, s.thresholds[0] / (s.models[0].cost - s.models[1].cost));
        QCOMPARE(s.calibration["share"].toDouble(), 0.4);
    }

    void routeReproducesInProcessPsiAndDecisions()
    {
        const RouterSpec spec = readRouterFile(m_router);
        const Router inProcess(spec);
        for (const char* batch : { "1", "64" }) {
            const auto r = cli({ "route", m_router, "--batch", batch }, m_queries);
            QVERIFY2(r.code == 0, r.err.constData());
            const QList<QByteArray> lines = r.out.trimmed().split('\n');
            QCOMPARE(lines.size(), int(m_testIds.size()));
            int primary = 0;
            for (int i = 0; i < lines.size(); ++i) {
                const QJsonObject d = QJsonDocument::fromJson(lines[i]).object();
                QCOMPARE(d["id"].toString(), QString::number(m_testIds[i]));
                const double psi = d["psi"].toObject()[kPrimary].toDouble();
                QCOMPARE(
                    psi, m_psiTest[i]); // bit-identical to the run's in-process psi_hat (QCOMPARE on doubles is fuzzy)
                QVERIFY(std::memcmp(&psi, &m_psiTest[i], sizeof psi) == 0);
                const QString want = m_psiTest[i] > spec.thresholds[0] ? kPrimary : kAlt;
                QCOMPARE(d["model"].toString(), want);
                primary += want == kPrimary;
                QCOMPARE(d["margin"].toDouble(), std::abs(m_psiTest[i] - spec.thresholds[0]));
                QCOMPARE(d["cost"].toDouble(), spec.costOf(want));
            }
            QCOMPARE(primary, 120);
        }
        // The core Router on a whole batch gives the same numbers.
        QueryBatch b;
        for (const auto& l : m_queries.trimmed().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(l).object();
            b.texts << o["text"].toString();
            b.tasks << o["task"].toString();
        }
        const RouteDecisions d = inProcess.route(b);
        for (Eigen::Index i = 0; i < m_psiTest.size(); ++i)
            QVERIFY(d.psi(i, 0) == m_psiTest[i]);
    }

    void explainGivesBiasAndNeighbours()
    {
        const QByteArray first = m_queries.left(m_queries.indexOf('\n') + 1);
        const auto r = cli({ "route", m_router, "--explain" }, first);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject d = QJsonDocument::fromJson(r.out).object();
        const Router router(readRouterFile(m_router));
        QueryBatch b;
        const QJsonObject q = QJsonDocument::fromJson(first).object();
        b.texts << q["text"].toString();
        b.tasks << q["task"].toString();
        const Matrix X = router.features(b);
        QCOMPARE(d["bias"].toObject()[kPrimary].toDouble(), router.bias(X)(0, 0));
        QVERIFY(std::isfinite(router.bias(X)(0, 0)));
        const QJsonArray nn = d["nearest"].toArray();
        QCOMPARE(nn.size(), 3);
        QVERIFY(nn[0].toObject()["distance"].toDouble() <= nn[1].toObject()["distance"].toDouble());
        // The nearest neighbour is really the closest stored sample row.
        const auto& e = router.spec().explain;
        double best = 1e300;
        for (qsizetype i = 0; i < e.ids.size(); ++i) {
            double s = 0;
            for (int j = 0; j < e.dim; ++j)
                s += std::pow(e.features[size_t(i) * size_t(e.dim) + size_t(j)] - X(0, j), 2);
            best = std::min(best, std::sqrt(s));
        }
        QCOMPARE(nn[0].toObject()["distance"].toDouble(), best);
    }

    void goldOnlyRouterHasNoBias()
    {
        ExportOptions o;
        o.runId = m_run;
        o.router = "gold_only";
        o.costWeight = 0.0;
        o.explainSample = 0;
        const RouterSpec s = exportRouterFromRun(m_project, o);
        QVERIFY(s.quality[0].bias.isEmpty());
        QCOMPARE(s.thresholds[0], 0.0);
        const QString path = m_dir.filePath("gold_only.json");
        writeRouterFile(s, path);
        const auto r = cli({ "route", path, "--explain" }, m_queries.left(m_queries.indexOf('\n') + 1));
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(r.out).object()["bias"].toObject()[kPrimary].isNull());
    }

    void budgetExportFitsTheBudget()
    {
        ExportOptions o;
        o.runId = m_run;
        o.explainSample = 0;
        const double cp = (1000 * 0.9 + 1000 * 0.9) / 1e6, ca = (1000 * 0.2 + 1000 * 0.2) / 1e6;
        const double budget = 1000 * (0.25 * cp + 0.75 * ca); // 25% primary
        o.target = CalibrationTarget { CalibrationTarget::BudgetPer1000, budget };
        const RouterSpec s = exportRouterFromRun(m_project, o);
        int above = 0;
        for (Eigen::Index i = 0; i < m_psiTest.size(); ++i)
            above += m_psiTest[i] > s.thresholds[0];
        QCOMPARE(above, 75);
        QVERIFY(s.calibration["cost_per_1000"].toDouble() <= budget + 1e-12);
    }

    void exportErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString run = QString::number(m_run);
        QTest::newRow("no run") << QStringList { "export-router", m_project, "--run", "999", "--pmur", "0.5", "-o",
            "x" } << "no run 999";
        QTest::newRow("no router") << QStringList { "export-router", m_project, "--run", run, "--router", "pooled",
            "--pmur", "0.5", "-o", "x" }
                                   << "has no router 'pooled'";
        QTest::newRow("two targets") << QStringList { "export-router", m_project, "--run", run, "--pmur", "0.5",
            "--cost-weight", "1", "-o", "x" }
                                     << "exactly one of";
        QTest::newRow("bad pmur") << QStringList { "export-router", m_project, "--run", run, "--pmur", "1.5", "-o",
            "x" } << "[0,1]";
    }
    void exportErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = cli(args);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.trimmed().split('\n').size(), 1);
    }

    void malformedRouterFiles_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field") << "unknown"
                                       << "unknown field \"colour\" in the top level";
        QTest::newRow("future version") << "v2"
                                        << "unsupported format version \"causal-router/2\"";
        QTest::newRow("not a router") << "otherformat"
                                      << "not a router file";
        QTest::newRow("missing format") << "noformat"
                                        << "missing field \"format\"";
        QTest::newRow("cost is a string") << "coststring"
                                          << "\"cost\" in models[0] must be a finite number, not a string";
        QTest::newRow("models is an object") << "modelsobject"
                                             << "\"models\" in the top level must be an array";
        QTest::newRow("threshold mismatch") << "threshold"
                                            << "must equal the primary's entry";
        QTest::newRow("unknown reference") << "reference"
                                           << "differs from";
        QTest::newRow("broken regressor") << "regressor"
                                          << "quality model of";
        QTest::newRow("broken featurizer") << "featurizer"
                                           << "\"featurizer\":";
        QTest::newRow("truncated") << "truncated"
                                   << "malformed JSON at byte offset";
        QTest::newRow("empty") << "empty"
                               << "malformed JSON at byte offset 0";
        QTest::newRow("array") << "array"
                               << "top level must be a JSON object";
    }
    void malformedRouterFiles()
    {
        QFETCH(QString, edit);
        QFETCH(QString, message);
        QFile f(m_router);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QJsonObject o = QJsonDocument::fromJson(bytes).object();
        QByteArray out;
        auto setModel0 = [&](const QString& k, const QJsonValue& v) {
            QJsonArray m = o["models"].toArray();
            QJsonObject m0 = m[0].toObject();
            m0[k] = v;
            m[0] = m0;
            o["models"] = m;
        };
        if (edit == "unknown")
            o["colour"] = "blue";
        else if (edit == "v2")
            o["format"] = "causal-router/2";
        else if (edit == "otherformat")
            o["format"] = "something-else/1";
        else if (edit == "noformat")
            o.remove("format");
        else if (edit == "coststring")
            setModel0("cost", "cheap");
        else if (edit == "modelsobject")
            o["models"] = QJsonObject();
        else if (edit == "threshold") {
            QJsonObject d = o["decision"].toObject();
            d["threshold"] = d["threshold"].toDouble() + 1;
            o["decision"] = d;
        } else if (edit == "reference") {
            QJsonObject d = o["decision"].toObject();
            d["reference"] = "nobody";
            o["decision"] = d;
        } else if (edit == "regressor") {
            QJsonObject q = o["quality_model"].toObject();
            QJsonArray psi = q["psi"].toArray();
            QJsonObject e = psi[0].toObject();
            e["regressor"] = QJsonObject { { "kind", "nonsense" } };
            psi[0] = e;
            q["psi"] = psi;
            o["quality_model"] = q;
        } else if (edit == "featurizer")
            o["featurizer"] = QJsonObject { { "family", "tfidf-svd" }, { "version", 1 } };
        if (edit == "truncated")
            out = bytes.left(bytes.size() / 2);
        else if (edit == "empty")
            out = "";
        else if (edit == "array")
            out = "[1, 2]";
        else
            out = QJsonDocument(o).toJson(QJsonDocument::Compact);
        // Core reader (+ model restore) ...
        bool threw = false;
        try {
            Router r(parseRouterSpec(out));
        } catch (const RouterFormatError& e) {
            threw = true;
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
        QVERIFY(threw);
        // ... and the CLI: non-zero exit, one clear line.
        const QString path = m_dir.filePath("bad_" + edit + ".json");
        QFile w(path);
        QVERIFY(w.open(QIODevice::WriteOnly));
        w.write(out);
        w.close();
        const auto r = cli({ "route", path }, m_queries.left(m_queries.indexOf('\n') + 1));
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.trimmed().split('\n').size(), 1);
        QVERIFY(r.out.isEmpty());
    }

    void badQueryLinesNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{\"text\": \"abc\"") << "malformed JSON";
        QTest::newRow("array") << QByteArray("[1]") << "expected a JSON object";
        QTest::newRow("text number") << QByteArray("{\"text\": 5}") << "\"text\" must be a string";
        QTest::newRow("nothing") << QByteArray("{\"id\": 1}") << "a query needs \"text\" or \"embedding\"";
        QTest::newRow("embedding only") << QByteArray("{\"embedding\": [1, 2]}") << "this router featurizes text";
        QTest::newRow("bad id") << QByteArray("{\"id\": [1], \"text\": \"a\"}") << "\"id\" must be";
    }
    void badQueryLinesNameTheLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, message);
        const QByteArray good = m_queries.left(m_queries.indexOf('\n') + 1);
        const auto r = cli({ "route", m_router, "--batch", "1" }, good + "\n" + good + line + "\n" + good);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(("stdin line 4: " + message).toUtf8()), r.err.constData());
        QCOMPARE(r.out.trimmed().split('\n').size(), 2); // decisions before the bad line were written
    }

    void fastAndGeneralLineParsersAgree_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("embedding") << QByteArray("{\"id\": 7, \"embedding\": [1.5, -2e-3, 0, 0.1, 123456789.125]}");
        QTest::newRow("text") << QByteArray("{\"id\":\"a1\",\"text\":\"Gr\xc3\xbc\xc3\x9f Gott?\",\"task\":\"t\"}");
        QTest::newRow("numbers") << QByteArray("{\"embedding\": [0.1, -0.3, 1e-7, 2.5E+3, 123456.789012, 0.0000123456, "
                                               "-0, 9007199254740993, 1.7976931348623157e308, 4.9e-324, 0.1e1, "
                                               "123456789012345678, 1e22, 1e23, 3.14159265358979323846]}");
        QTest::newRow("no id") << QByteArray(" { \"text\" : \"x y\" } ");
        QTest::newRow("big id") << QByteArray("{\"id\": 12345678901234567, \"text\": \"x\"}");
        QTest::newRow("escapes") << QByteArray("{\"text\": \"a\\n\\\"b\\u00e9\"}");
    }
    void fastAndGeneralLineParsersAgree()
    {
        QFETCH(QByteArray, line);
        RouteQuery fast, general;
        QString err;
        QVERIFY(parseQueryLine(line, 3, &fast, &err));
        // An unknown member with an object value always takes the general (QJsonDocument) path.
        QByteArray slow = line.trimmed();
        slow.insert(1, "\"zz\": {\"k\": 1}, ");
        QVERIFY2(parseQueryLine(slow, 3, &general, &err), qPrintable(err));
        QCOMPARE(fast.id, general.id);
        QCOMPARE(fast.text, general.text);
        QCOMPARE(fast.task, general.task);
        QCOMPARE(fast.hasText, general.hasText);
        QCOMPARE(fast.embedding.size(), general.embedding.size());
        for (size_t i = 0; i < fast.embedding.size(); ++i)
            QVERIFY(fast.embedding[i] == general.embedding[i]);
    }

    void invalidNumbersAreRejected()
    {
        RouteQuery q;
        QString err;
        for (const char* bad :
            { "{\"embedding\": [01]}", "{\"embedding\": [nan]}", "{\"embedding\": [1e999]}", "{\"embedding\": [+1]}" })
            QVERIFY2(!parseQueryLine(bad, 1, &q, &err), bad);
    }

    void calibrateOnJsonlMatchesExportOnTheSameQueries()
    {
        // calibrate with the run's test queries as JSONL gives the same threshold as export-router --pmur.
        const QString out = m_dir.filePath("calibrated.json");
        const auto r = cli({ "calibrate", m_router, "--share", "0.25", "-o", out }, m_queries);
        QVERIFY2(r.code == 0, r.err.constData());
        ExportOptions o;
        o.runId = m_run;
        o.explainSample = 0;
        o.target = CalibrationTarget { CalibrationTarget::Share, 0.25 };
        const RouterSpec fromRun = exportRouterFromRun(m_project, o);
        const RouterSpec cal = readRouterFile(out);
        QVERIFY(cal.thresholds[0] == fromRun.thresholds[0]);
        QCOMPARE(cal.calibration["share"].toDouble(), 0.25);
        const QJsonArray iv = cal.calibration["share_interval"].toArray();
        QVERIFY(iv[0].toDouble() < 0.25 && iv[1].toDouble() > 0.25);
        const auto bad = cli({ "calibrate", m_router, "--share", "0.25", "-o", out }, "{\"text\": 1}\n");
        QVERIFY(bad.code != 0);
        QVERIFY(bad.err.contains("stdin line 1"));
    }

    void helpWorks()
    {
        for (const char* c : { "route", "export-router", "calibrate", "train-pool" }) {
            const auto r = cli({ c, "--help" });
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("--help"));
        }
    }
};

QTEST_GUILESS_MAIN(TstRouter)
#include "tst_router.moc"
