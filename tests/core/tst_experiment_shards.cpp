// Sharded experiments (issue 17, part 2): three `experiment --shard I/3` processes and `experiment-merge` give the
// very bytes of the unsharded run (JSON and markdown); the merge refuses missing, duplicated, foreign, truncated and
// non-part files with one line naming the file; exact numbers (NaN, infinities, -0) survive the part JSON.
#include "CliProcess.h"
#include "metrics/PiecewiseLinear.h"
#include "pipeline/ExperimentShards.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace crw;
using crw::test::runCli;

namespace {
const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlt = QStringLiteral("qwen2.5-7b-instruct");

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
}

class TstExperimentShards : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QStringList study(const QString& seed = QStringLiteral("7")) const
    {
        return { "experiment", m_project, "--primary", kPrimary, "--alternative", kAlt, "--gold-sizes", "100,200",
            "--test-size", "300", "--runs", "2", "--learner", "r,dr,gold_only,pooled", "--dim", "10", "--bootstrap",
            "0", "--seed", seed, "--quiet" };
    }

private slots:
    void initTestCase()
    {
        m_project = path("demo.crw");
        const QString demo = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter/");
        QCOMPARE(runCli({ "init", m_project }).code, 0);
        auto r = runCli({ "import", m_project, "--gold", demo + "train.json", "--quiet" });
        QVERIFY2(r.code == 0, r.err.constData());
        r = runCli({ "simulate", m_project, "--primary", kPrimary, "--alternative", kAlt, "--bias", "length,task",
            "--strength", "0.6", "--seed", "3", "--quiet" });
        QVERIFY2(r.code == 0, r.err.constData());

        // Unsharded reference, then three shards as concurrent processes.
        r = runCli(study() << "--json" << path("whole.json") << "--markdown" << path("whole.md"));
        QVERIFY2(r.code == 0, r.err.constData());
        std::vector<std::unique_ptr<QProcess>> shards;
        for (int i = 0; i < 3; ++i) {
            shards.push_back(std::make_unique<QProcess>());
            shards.back()->start(QStringLiteral(CRW_CLI_PATH),
                study() << "--shard" << QStringLiteral("%1/3").arg(i) << "--json"
                        << path(QStringLiteral("part%1.json").arg(i)));
        }
        for (auto& s : shards) {
            QVERIFY(s->waitForFinished(600000));
            QVERIFY2(s->exitCode() == 0, s->readAllStandardError().constData());
        }
    }

    void mergeIsBitIdenticalToTheUnshardedRun()
    {
        // The parts in any order.
        auto r = runCli({ "experiment-merge", path("part2.json"), path("part0.json"), path("part1.json"), "--json",
            path("merged.json"), "--markdown", path("merged.md"), "--quiet" });
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray whole = readAll(path("whole.json")), merged = readAll(path("merged.json"));
        QVERIFY(whole.size() > 1000);
        QVERIFY(whole == merged);
        QVERIFY(readAll(path("whole.md")).size() > 100);
        QVERIFY(readAll(path("whole.md")) == readAll(path("merged.md")));
        // A real study: 4 routers x 2 gold sizes, 2 runs each.
        const QJsonObject o = QJsonDocument::fromJson(merged).object();
        QCOMPARE(o["results"].toArray().size(), 8);
        QCOMPARE(o["results"].toArray().first().toObject()["runs"].toInt(), 2);
    }

    void eachPartHoldsItsShareAndTheConfiguration()
    {
        int total = 0;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject o
                = QJsonDocument::fromJson(readAll(path(QStringLiteral("part%1.json").arg(i)))).object();
            QCOMPARE(o["shard"].toString(), QStringLiteral("%1/3").arg(i));
            const QJsonObject c = o["config"].toObject();
            QCOMPARE(c["options"].toObject()["runs"].toInt(), 2);
            QCOMPARE(c["training"].toObject()["seed"].toString(), QStringLiteral("7"));
            QVERIFY(c["data_sha256"].toString().size() == 64);
            const QJsonArray cells = o["cells"].toArray();
            QVERIFY(cells.size() >= 1);
            total += int(cells.size());
            QVERIFY(cells.first().toObject()["routers"].toObject()["meta_r"].toObject().contains("eg_area"));
        }
        QCOMPARE(total, 4); // 2 runs x 2 gold sizes
    }

    void mergeRefusesBadParts_data()
    {
        QTest::addColumn<QStringList>("parts");
        QTest::addColumn<QString>("expected"); // substring of the one-line error
        QTest::newRow("missing shard") << QStringList { "part0.json", "part1.json" } << "missing shard 2/3";
        QTest::newRow("duplicated shard")
            << QStringList { "part0.json", "part1.json", "part1.json", "part2.json" } << "part1.json: shard 1/3 is given twice";
        QTest::newRow("other seed") << QStringList { "part0.json", "part1.json", "seed9.json" }
                                    << "seed9.json: its configuration differs from";
        QTest::newRow("truncated") << QStringList { "part0.json", "truncated.json", "part2.json" }
                                   << "truncated.json: not valid JSON";
        QTest::newRow("not a part") << QStringList { "whole.json" } << "whole.json: not an experiment part";
        QTest::newRow("cell removed") << QStringList { "part0.json", "part1.json", "lessCells.json" }
                                      << "lessCells.json: holds 0 cells";
        QTest::newRow("no such file") << QStringList { "part0.json", "nope.json" } << "nope.json: cannot read";
    }

    void mergeRefusesBadParts()
    {
        QFETCH(QStringList, parts);
        QFETCH(QString, expected);
        if (!QFile::exists(path("seed9.json"))) {
            auto r = runCli(study("9") << "--shard" << "2/3" << "--json" << path("seed9.json"));
            QVERIFY2(r.code == 0, r.err.constData());
            const QByteArray p1 = readAll(path("part1.json"));
            QFile t(path("truncated.json"));
            QVERIFY(t.open(QIODevice::WriteOnly));
            t.write(p1.left(p1.size() / 2));
            t.close();
            QJsonObject o = QJsonDocument::fromJson(readAll(path("part2.json"))).object();
            o["cells"] = QJsonArray();
            QFile l(path("lessCells.json"));
            QVERIFY(l.open(QIODevice::WriteOnly));
            l.write(QJsonDocument(o).toJson());
        }
        QStringList args { "experiment-merge" };
        for (const QString& p : parts)
            args << path(p);
        args << "--json" << path("refused.json");
        QFile::remove(path("refused.json"));
        const auto r = runCli(args);
        QCOMPARE(r.code, 2);
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(!err.contains('\n'), qPrintable(err));
        QVERIFY(!QFile::exists(path("refused.json")));
    }

    void badShardArgumentsFail_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("index too large") << QStringList { "--shard", "3/3" } << "0-based";
        QTest::newRow("not I/N") << QStringList { "--shard", "two" } << "--shard must be I/N";
        QTest::newRow("more shards than cells") << QStringList { "--shard", "0/5" } << "only 4";
        QTest::newRow("acquisition") << QStringList { "--shard", "0/2", "--acquisition", "20" } << "acquisition";
    }

    void badShardArgumentsFail()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, expected);
        const auto r = runCli(study() << extra << "--json" << path("bad.json"));
        QCOMPARE(r.code, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }

    void specialNumbersSurviveThePartJson()
    {
        ExperimentOptions opt;
        opt.goldSizes = { 10 };
        opt.runs = 3;
        std::vector<ExperimentCell> cells;
        const size_t grid = paperPmurGrid().size();
        for (int run = 0; run < 3; ++run) {
            ExperimentCell c;
            c.id = { run, 10 };
            CellMetrics m;
            m.eg.assign(grid, 0.1 * run + 1e-17);
            m.eg.back() = std::nan("");
            m.full.assign(grid, -0.0);
            m.area = run == 1 ? HUGE_VAL : 1.0 / 3.0 + run;
            m.max = -0.0;
            m.pmur = 0.2;
            m.fullArea = 1e-300 * run;
            m.deltaRmse = std::nan("");
            m.quality = { 0.7 + run * 1e-9, 0.5 };
            c.routers[RouterKind::MetaR] = m;
            c.routers[RouterKind::Pooled] = m;
            c.routers[RouterKind::Pooled].area = 0.25 * run;
            if (run == 0)
                c.diagnostics = QJsonObject { { "x", 1.5 } };
            cells.push_back(c);
        }
        const QJsonObject config { { "options", experimentOptionsJson(opt) }, { "queries", 99 },
            { "output", QJsonObject { { "project", "p" } } } };
        std::vector<ExperimentPartFile> parts;
        for (int i = 0; i < 2; ++i) {
            std::vector<ExperimentCell> mine;
            for (const CellId& id : shardCells(opt, { i, 2 }))
                mine.push_back(cells[size_t(id.run)]);
            parts.push_back({ QStringLiteral("p%1").arg(i),
                QJsonDocument(experimentPartJson(config, { i, 2 }, mine)).toJson() });
        }
        const MergedExperiment m = mergeExperimentParts(parts);
        const ExperimentResult direct = aggregateExperiment(opt, 99, cells);
        QCOMPARE(QJsonDocument(experimentResultJson(m.result, m.output)).toJson(),
            QJsonDocument(experimentResultJson(direct, config["output"].toObject())).toJson());
        QCOMPARE(m.result.markdownTable(), direct.markdownTable());
        QVERIFY(std::isinf(m.result.summaries.front().egArea.mean));
    }
};

QTEST_GUILESS_MAIN(TstExperimentShards)
#include "tst_experiment_shards.moc"
