// "Nothing lost" under SIGKILL: `causal-router import` of a large preference CSV and `causal-router train` are killed
// partway (after ~0.5 s, at a progress point, at the store stage). The reopened project passes
// PRAGMA integrity_check, earlier datasets are intact (same logical dump), and there is no partial dataset or
// half-written run: either nothing of the killed job is visible, or all of it (when the kill came after the commit).
#include "tst_import_util.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <random>
#include <sys/types.h>

using namespace crw;
using namespace crw::test;

namespace {
const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlt = QStringLiteral("qwen2.5-7b-instruct");
constexpr int kBigRows = 1000000;

struct Result {
    int code;
    QByteArray out, err;
};

Result cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(CRW_CLI_PATH), args);
    p.waitForFinished(900000);
    return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
}

QString integrity(const QString& path)
{
    return text(path, "PRAGMA integrity_check");
}

// Copies a project (after a checkpoint, so the single file holds everything).
void copyProject(const QString& from, const QString& to)
{
    {
        SqliteDb db(from);
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    QFile::remove(to);
    QVERIFY(QFile::copy(from, to));
    QFile(to).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

// When a running job counts as "partway": after a time, or once its stderr progress shows a fraction or a stage.
struct KillPoint {
    int afterMs = -1; // kill this long after the start
    double atFraction = -1.0; // kill once the last progress line shows at least this fraction (0..1)
    QString atStage; // kill once this stage text appears
    qint64 walBytes = -1; // kill once the project's write-ahead log has grown to this size (the commit is writing)
};

struct Killed {
    bool wasRunning = false; // false: the job finished before the kill point
    qint64 elapsedMs = 0, walBytes = 0;
    QString lastProgress;
};

// Starts the CLI with args and SIGKILLs it at the kill point. Polls every 10 ms.
Killed startAndKill(const QStringList& args, const KillPoint& kp, const QString& project)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer t;
    p.start(QStringLiteral(CRW_CLI_PATH), args);
    Killed k;
    if (!p.waitForStarted(30000))
        return k;
    t.start();
    QByteArray err;
    static const QRegularExpression progressRe(QStringLiteral("\\r([^\\r\\n]*?)\\s+([0-9.]+)%"));
    for (;;) {
        if (p.waitForFinished(10))
            return k; // finished before the kill point
        err += p.readAllStandardError();
        double fraction = -1.0;
        QString stage;
        auto it = progressRe.globalMatch(QString::fromUtf8(err.right(400)));
        while (it.hasNext()) {
            const auto m = it.next();
            stage = m.captured(1).trimmed();
            fraction = m.captured(2).toDouble() / 100.0;
        }
        const bool hit = (kp.afterMs >= 0 && t.elapsed() >= kp.afterMs)
            || (kp.atFraction >= 0 && fraction >= kp.atFraction)
            || (!kp.atStage.isEmpty() && QString::fromUtf8(err).contains(kp.atStage))
            || (kp.walBytes >= 0 && QFileInfo(project + QStringLiteral("-wal")).size() >= kp.walBytes);
        if (hit) {
            k.walBytes = QFileInfo(project + QStringLiteral("-wal")).size();
            ::kill(pid_t(p.processId()), SIGKILL);
            k.elapsedMs = t.elapsed();
            k.wasRunning = true;
            k.lastProgress = stage + QStringLiteral(" ") + QString::number(fraction * 100.0, 'f', 1) + "%";
            p.waitForFinished(30000);
            return k;
        }
    }
}
}

class TstCrashSafety : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_seeded, m_big, m_demo;
    int m_n = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A project with a few datasets of every kind, imported through the CLI.
        m_seeded = m_dir.filePath(QStringLiteral("seeded.crw"));
        QCOMPARE(cli({ "init", m_seeded }).code, 0);
        const QString imp = QStringLiteral(CRW_TEST_DATA "/import/");
        const auto r = cli({ "import", m_seeded, "--queries", imp + "queries_emb.csv", "--gold", imp + "gold_long.csv",
            "--preference", imp + "pref_gain.csv", "--prices", imp + "prices.csv", "--quiet" });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(scalar(m_seeded, "SELECT count(*) FROM datasets"), 4);

        // A large preference file: 10^6 rows over 250000 queries.
        m_big = m_dir.filePath(QStringLiteral("big_prefs.csv"));
        QFile f(m_big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        std::mt19937_64 rng(5);
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        QByteArray buf = "query_id,model_a,model_b,gain\n";
        for (int i = 0; i < kBigRows; ++i) {
            buf += "k" + QByteArray::number(i / 4) + ",m" + QByteArray::number(i % 4) + ",m"
                + QByteArray::number(4 + i % 4) + "," + QByteArray::number(u(rng), 'g', 6) + "\n";
            if (buf.size() > (1 << 20)) {
                f.write(buf);
                buf.clear();
            }
        }
        f.write(buf);
    }

    void killedImportLeavesProjectIntact_data()
    {
        QTest::addColumn<int>("afterMs");
        QTest::addColumn<double>("atFraction");
        QTest::addColumn<qint64>("walBytes");
        QTest::addColumn<bool>("mayHaveCommitted");
        QTest::newRow("after 0.5 s") << 500 << -1.0 << qint64(-1) << false;
        QTest::newRow("at 50%") << -1 << 0.5 << qint64(-1) << false;
        QTest::newRow("at 99%") << -1 << 0.99 << qint64(-1) << true;
        QTest::newRow("during the commit (WAL >= 4 MB)") << -1 << -1.0 << qint64(4 << 20) << true;
    }

    void killedImportLeavesProjectIntact()
    {
        QFETCH(int, afterMs);
        QFETCH(double, atFraction);
        QFETCH(qint64, walBytes);
        QFETCH(bool, mayHaveCommitted);
        const QString p = m_dir.filePath(QStringLiteral("import%1.crw").arg(++m_n));
        copyProject(m_seeded, p);
        const QStringList before = dumpProject(p);
        const qint64 prefsBefore = scalar(p, "SELECT count(*) FROM preference_labels");

        const Killed k = startAndKill({ "import", p, "--preference", m_big }, { afterMs, atFraction, {}, walBytes }, p);
        QVERIFY2(k.wasRunning, "the import finished before the kill point");
        qInfo("killed after %lld ms at '%s', WAL %lld bytes", k.elapsedMs, qPrintable(k.lastProgress), k.walBytes);

        QCOMPARE(integrity(p), QStringLiteral("ok"));
        const qint64 big = scalar(p, "SELECT count(*) FROM datasets WHERE name='big_prefs'");
        qInfo(big == 0 ? "outcome: nothing of the import is visible" : "outcome: the import had committed");
        if (big == 0) {
            QCOMPARE(dumpProject(p), before);
        } else {
            // Killed after the commit: the whole dataset is there, nothing partial.
            QVERIFY(mayHaveCommitted);
            QCOMPARE(scalar(p, "SELECT rows FROM datasets WHERE name='big_prefs'"), kBigRows);
            QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels"), prefsBefore + kBigRows);
        }
        // No lock or journal is left behind: the next import works.
        const auto r
            = cli({ "import", p, "--gold", QStringLiteral(CRW_TEST_DATA "/bad/gold_scale_ok.csv"), "--quiet" });
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(integrity(p), QStringLiteral("ok"));
    }

    void killedTrainLeavesNoHalfRun_data()
    {
        QTest::addColumn<int>("afterMs");
        QTest::addColumn<QString>("atStage");
        QTest::addColumn<qint64>("walBytes");
        QTest::newRow("after 0.5 s") << 500 << QString() << qint64(-1);
        QTest::newRow("while featurizing") << -1 << QStringLiteral("computing features") << qint64(-1);
        QTest::newRow("at the store stage") << -1 << QStringLiteral("storing the run") << qint64(-1);
        QTest::newRow("while the run is written (WAL > 0)") << -1 << QString() << qint64(1);
    }

    void killedTrainLeavesNoHalfRun()
    {
        QFETCH(int, afterMs);
        QFETCH(QString, atStage);
        QFETCH(qint64, walBytes);
        const QStringList trainArgs { "--primary", kPrimary, "--alternative", kAlt, "--gold-size", "300", "--test-size",
            "300", "--learner", "r,gold_only", "--nuisance", "linear", "--folds", "2", "--dim", "10", "--threads",
            "1" };
        if (m_demo.isEmpty()) {
            // Demo project: LLMRouter gold + prices, simulated preferences, and one complete reference run.
            m_demo = m_dir.filePath(QStringLiteral("demo.crw"));
            const QString demo = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter/");
            QCOMPARE(cli({ "init", m_demo }).code, 0);
            auto r = cli(
                { "import", m_demo, "--prices", demo + "default_llm.json", "--gold", demo + "train.json", "--quiet" });
            QVERIFY2(r.code == 0, r.err.constData());
            r = cli({ "simulate", m_demo, "--primary", kPrimary, "--alternative", kAlt, "--quiet" });
            QVERIFY2(r.code == 0, r.err.constData());
            r = cli(QStringList { "train", m_demo } + trainArgs + QStringList { "--quiet" });
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(scalar(m_demo, "SELECT count(*) FROM runs"), 1);
        }
        const qint64 refQueries = scalar(m_demo, "SELECT count(*) FROM run_queries");
        const qint64 refCurves = scalar(m_demo, "SELECT count(*) FROM run_curves");
        QVERIFY(refQueries > 0);
        const QString p = m_dir.filePath(QStringLiteral("train%1.crw").arg(++m_n));
        copyProject(m_demo, p);
        const QStringList before = dumpProject(p);

        const Killed k = startAndKill(QStringList { "train", p } + trainArgs, { afterMs, -1.0, atStage, walBytes }, p);
        QVERIFY2(k.wasRunning, "training finished before the kill point");
        qInfo("killed after %lld ms at '%s', WAL %lld bytes", k.elapsedMs, qPrintable(k.lastProgress), k.walBytes);

        QCOMPARE(integrity(p), QStringLiteral("ok"));
        const qint64 runs = scalar(p, "SELECT count(*) FROM runs");
        QCOMPARE(scalar(p, "SELECT count(*) FROM run_queries WHERE run_id NOT IN (SELECT id FROM runs)"), 0);
        QCOMPARE(scalar(p, "SELECT count(*) FROM run_curves WHERE run_id NOT IN (SELECT id FROM runs)"), 0);
        qInfo(runs == 1 ? "outcome: no trace of the killed run" : "outcome: the run had committed");
        if (runs == 1) {
            // Nothing of the killed run; whatever else training may cache must leave the labels untouched.
            QCOMPARE(scalar(p, "SELECT count(*) FROM run_queries"), refQueries);
            QCOMPARE(scalar(p, "SELECT count(*) FROM run_curves"), refCurves);
            QStringList now = dumpProject(p), was = before;
            const auto keep = [](const QString& row) { return !row.startsWith(QLatin1String("features|")); };
            now.removeIf([&](const QString& r) { return !keep(r); });
            was.removeIf([&](const QString& r) { return !keep(r); });
            QCOMPARE(now, was);
        } else {
            // Killed after the commit: the run is complete (as many rows as the same run stored before).
            QVERIFY(!atStage.isEmpty() || walBytes >= 0);
            QCOMPARE(runs, 2);
            QCOMPARE(scalar(p, "SELECT count(*) FROM run_queries"), 2 * refQueries);
            QCOMPARE(scalar(p, "SELECT count(*) FROM run_curves"), 2 * refCurves);
        }
    }
};

QTEST_GUILESS_MAIN(TstCrashSafety)
#include "tst_crash_safety.moc"
