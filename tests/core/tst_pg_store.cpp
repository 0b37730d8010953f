// The shared PostgreSQL project store (issue 17, part 1) against a real server: a throwaway cluster (initdb into a
// temporary folder, unix socket only, run as the `postgres` user when the tests run as root) started here and
// stopped at the end. init / import / simulate / info / train on a postgresql:// URL give the same counts and the
// same training summary, byte for byte, as on a .crw file; a failed import leaves the store as it was; SQL-injection
// strings as dataset names, model names and query texts are stored as plain data; a password in the URL is refused
// and never echoed; export-router, suggest-gold and train-pool give the same router JSON / suggestion CSV on both;
// every run records the data it saw (data_seen); concurrent imports into one schema all land, a writer with a
// lock_timeout fails cleanly, a training during an import sees one snapshot. Skipped (QSKIP) only when the
// PostgreSQL server binaries are not installed.
#include "CliProcess.h"
#include "store/SqliteDb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <unistd.h>

using crw::test::runCli;

namespace {
const QString kPrimary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
const QString kAlt = QStringLiteral("qwen2.5-7b-instruct");

int run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return -1;
    if (p.exitCode() != 0)
        qWarning("%s: %s", qPrintable(program), p.readAll().constData());
    return p.exitCode();
}
}

class TstPgStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_bin, m_data, m_port;
    bool m_started = false;

    // Runs a PostgreSQL server binary as a non-root user.
    int pgBin(const QString& tool, const QStringList& args)
    {
        if (geteuid() == 0)
            return run(QStringLiteral("runuser"), QStringList { "-u", "postgres", "--", m_bin + "/" + tool } + args);
        return run(m_bin + "/" + tool, args);
    }
    QString url(const QString& schema) const
    {
        return QStringLiteral("postgresql://crw@localhost/postgres?host=%1&port=%2&schema=%3")
            .arg(m_dir.path(), m_port, schema);
    }
    QJsonObject infoJson(const QString& project)
    {
        const auto r = runCli({ "info", project, "--json" });
        return QJsonDocument::fromJson(r.out).object();
    }
    // One value from the server (psql -At), e.g. a run's config_json.
    QByteArray psql(const QString& sql)
    {
        QProcess p;
        p.start(m_bin + "/psql", { "-h", m_dir.path(), "-p", m_port, "-U", "crw", "-d", "postgres", "-At", "-c", sql });
        p.waitForFinished(60000);
        return p.readAllStandardOutput().trimmed();
    }
    static QByteArray sqliteRunConfig(const QString& file, int runId)
    {
        crw::SqliteDb db(file);
        auto st = db.prepare("SELECT config_json FROM runs WHERE id = ?");
        st.bind(1, int64_t(runId));
        return st.step() ? st.columnText(0).toUtf8() : QByteArray();
    }
    // Empty when equal; else the first difference with some context (for the failure message).
    static QByteArray firstDifference(const QByteArray& a, const QByteArray& b)
    {
        qsizetype i = 0;
        while (i < a.size() && i < b.size() && a[i] == b[i])
            ++i;
        if (i == a.size() && i == b.size())
            return {};
        const qsizetype from = std::max<qsizetype>(0, i - 80);
        return "at byte " + QByteArray::number(i) + ":\n file:   " + a.mid(from, 200) + "\n server: " + b.mid(from, 200);
    }
    static QJsonObject dataSeen(const QByteArray& configJson)
    {
        return QJsonDocument::fromJson(configJson).object()["data_seen"].toObject();
    }
    // A gold CSV of queries first..last-1 answered by models cm_a and cm_b.
    void writeGold(const QString& path, int first, int last)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("prompt,cm_a,cm_b\n");
        for (int i = first; i < last; ++i)
            f.write(QStringLiteral("concurrent query %1,%2,%3\n").arg(i).arg(i % 2).arg((i / 2) % 2).toUtf8());
    }

private slots:
    void initTestCase()
    {
        const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
        for (const QString& v : versions)
            if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/initdb").arg(v))) {
                m_bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
                break;
            }
        if (m_bin.isEmpty())
            QSKIP("PostgreSQL server binaries not installed (apt-get install postgresql); the shared store is untested");
        QVERIFY(m_dir.isValid());
        if (geteuid() == 0)
            QCOMPARE(run("chown", { "postgres", m_dir.path() }), 0);
        m_data = m_dir.filePath("data");
        m_port = QString::number(40000 + getpid() % 20000);
        QCOMPARE(pgBin("initdb", { "-D", m_data, "-U", "crw", "--auth=trust", "-E", "UTF8" }), 0);
        QCOMPARE(pgBin("pg_ctl", { "-D", m_data, "-l", m_dir.filePath("server.log"), "-w", "-o",
                     QStringLiteral("-k %1 -c listen_addresses= -p %2").arg(m_dir.path(), m_port), "start" }),
            0);
        m_started = true;
    }

    void cleanupTestCase()
    {
        if (m_started)
            pgBin("pg_ctl", { "-D", m_data, "-m", "fast", "-w", "stop" });
    }

    void initCreatesAnEmptyProjectOnce()
    {
        auto r = runCli({ "init", url("empty") });
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject i = infoJson(url("empty"));
        QCOMPARE(i["queries"].toInt(), 0);
        QCOMPARE(i["runs"].toInt(), 0);
        QVERIFY(runCli({ "info", url("empty") }).out.contains("(schema 3)"));
        r = runCli({ "init", url("empty") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("already exists"), r.err.constData());
    }

    void storesAndTrainsExactlyAsAFile()
    {
        const QString file = m_dir.filePath("same.crw"), pg = url("same");
        const QString demo = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter/");
        for (const QString& project : { file, pg }) {
            QCOMPARE(runCli({ "init", project }).code, 0);
            for (const QStringList& a : { QStringList { "--prices", demo + "default_llm.json" },
                     QStringList { "--gold", demo + "train.json" } }) {
                const auto r = runCli(QStringList { "import", project, "--quiet" } + a);
                QVERIFY2(r.code == 0, r.err.constData());
            }
            const auto r = runCli({ "simulate", project, "--primary", kPrimary, "--alternative", kAlt, "--bias",
                "length,task", "--seed", "3", "--quiet" });
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const QJsonObject a = infoJson(file), b = infoJson(pg);
        QCOMPARE(b["gold_labels"].toInt(), 50472);
        QCOMPARE(b["preference_labels"].toInt(), 5608);
        QCOMPARE(QJsonDocument(b).toJson(), QJsonDocument(a).toJson());
        const QStringList train { "--primary", kPrimary, "--alternative", kAlt, "--gold-size", "400", "--learner",
            "r,gold_only,pooled", "--dim", "8", "--bootstrap", "3", "--quiet" };
        const auto ta = runCli(QStringList { "train", file } + train);
        const auto tb = runCli(QStringList { "train", pg } + train);
        QVERIFY2(ta.code == 0 && tb.code == 0, tb.err.constData());
        QVERIFY(ta.out.size() > 1000);
        QVERIFY(ta.out == tb.out); // same data, same ids, same seed: the same run
        QCOMPARE(infoJson(pg)["runs"].toInt(), 1);
        const auto tc = runCli(QStringList { "train", pg } + train);
        QCOMPARE(QJsonDocument::fromJson(tc.out).object()["run_id"].toInt(), 2);
    }

    // export-router, suggest-gold and train-pool read a run (or the data) of the server exactly as of a file: the
    // same router JSON (but for trained_on.project, the URL instead of the path) and the same suggestion CSV.
    void exportSuggestAndPoolExactlyAsAFile()
    {
        const QString file = m_dir.filePath("same.crw"), pg = url("same");
        QByteArray router[2], csv[2], pool[2];
        const QStringList projects { file, pg };
        for (int k = 0; k < 2; ++k) {
            const QString rj = m_dir.filePath(QStringLiteral("router%1.json").arg(k));
            auto r = runCli({ "export-router", projects[k], "--run", "1", "--pmur", "0.5", "--bootstrap", "50",
                "--explain-sample", "20", "-o", rj });
            QVERIFY2(r.code == 0, r.err.constData());
            QFile f(rj);
            QVERIFY(f.open(QIODevice::ReadOnly));
            router[k] = f.readAll();
            const QString cj = m_dir.filePath(QStringLiteral("gold%1.csv").arg(k));
            r = runCli({ "suggest-gold", projects[k], "--run", "1", "--budget", "25", "--csv", cj });
            QVERIFY2(r.code == 0, r.err.constData());
            QFile c(cj);
            QVERIFY(c.open(QIODevice::ReadOnly));
            csv[k] = c.readAll();
            const QString pj = m_dir.filePath(QStringLiteral("pool%1.json").arg(k));
            r = runCli({ "train-pool", projects[k], "--models", kPrimary + "," + kAlt, "--cost-weight", "0", "--dim",
                "8", "--gold-size", "300", "--explain-sample", "10", "--quiet", "-o", pj });
            QVERIFY2(r.code == 0, r.err.constData());
            QFile q(pj);
            QVERIFY(q.open(QIODevice::ReadOnly));
            pool[k] = q.readAll();
        }
        const QByteArray filePath = QJsonDocument(QJsonObject { { "p", QFileInfo(file).absoluteFilePath() } })
                                        .toJson(QJsonDocument::Compact).mid(5).chopped(1); // as JSON text
        const QByteArray urlText = QJsonDocument(QJsonObject { { "p", pg } }).toJson(QJsonDocument::Compact)
                                       .mid(5).chopped(1);
        QVERIFY(router[0].size() > 1000 && router[0].contains(filePath));
        QVERIFY2(router[1].contains(urlText), router[1].left(400).constData());
        // The two runs were trained a few seconds apart: only their creation times may differ.
        const auto sameTimes = [](QByteArray& fileJson, const QByteArray& serverJson, QStringList keys) {
            for (const QString& key : keys) {
                const auto created = [&key](const QByteArray& json) {
                    return "\"" + QJsonDocument::fromJson(json).object()["trained_on"].toObject()[key].toString()
                                      .toUtf8() + "\"";
                };
                QVERIFY(created(fileJson).size() > 10);
                fileJson.replace(created(fileJson), created(serverJson));
            }
        };
        sameTimes(router[0], router[1], { "created", "run_created" });
        sameTimes(pool[0], pool[1], { "created" });
        QVERIFY2(router[0].replace(filePath, urlText) == router[1], firstDifference(router[0], router[1]).constData());
        QVERIFY(csv[0].startsWith("query_id,") && csv[0].count('\n') >= 26);
        QVERIFY2(csv[0] == csv[1], firstDifference(csv[0], csv[1]).constData());
        QVERIFY(pool[0].size() > 500);
        QVERIFY2(pool[0].replace(filePath, urlText) == pool[1], firstDifference(pool[0], pool[1]).constData());
        // A run that does not exist is the same one-line error on both.
        const auto a = runCli({ "suggest-gold", file, "--run", "99", "--budget", "5" });
        const auto b = runCli({ "suggest-gold", pg, "--run", "99", "--budget", "5" });
        QCOMPARE(b.code, a.code);
        QVERIFY(a.code != 0);
        QVERIFY2(b.err.trimmed().count('\n') == 0, b.err.constData());
    }

    // Every stored run records the data it saw; the same data on file and server gives the same record.
    void runsRecordTheDataTheySaw()
    {
        const QJsonObject f = dataSeen(sqliteRunConfig(m_dir.filePath("same.crw"), 1));
        const QJsonObject s = dataSeen(psql("SELECT config_json FROM same.runs WHERE id = 1"));
        QCOMPARE(f["gold_labels"].toInt(), 50472);
        QCOMPARE(f["preference_labels"].toInt(), 5608);
        QVERIFY(f["max_dataset_id"].toInt() >= 2);
        QCOMPARE(QJsonDocument(s).toJson(), QJsonDocument(f).toJson());
    }

    // Two imports into one schema at once: the writer lock serialises them; both succeed, no query is stored
    // twice and no label is lost.
    void twoConcurrentImportsBothLand()
    {
        const QString pg = url("conc");
        QCOMPARE(runCli({ "init", pg }).code, 0);
        const QString a = m_dir.filePath("conc_a.csv"), b = m_dir.filePath("conc_b.csv");
        writeGold(a, 0, 3000);
        writeGold(b, 1500, 4500); // half of its queries are also in a
        // And two preference files (external query ids, one new model each) at the same time.
        QStringList prefs;
        for (int k = 0; k < 2; ++k) {
            prefs << m_dir.filePath(QStringLiteral("conc_p%1.csv").arg(k));
            QFile f(prefs.last());
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,model_a,model_b,gain\n");
            for (int i = 0; i < 2000; ++i)
                f.write(QStringLiteral("ext%1,cm_a,cm_p%2,%3\n").arg(i % 700).arg(k).arg((i % 5) / 4.0).toUtf8());
        }
        std::vector<std::unique_ptr<QProcess>> ps;
        for (const QStringList& args : { QStringList { "--gold", a, "--name", "a" }, { "--gold", b, "--name", "b" },
                 { "--preference", prefs[0], "--name", "p0" }, { "--preference", prefs[1], "--name", "p1" } }) {
            ps.push_back(std::make_unique<QProcess>());
            ps.back()->start(QStringLiteral(CRW_CLI_PATH), QStringList { "import", pg, "--quiet" } + args);
        }
        for (auto& p : ps) {
            QVERIFY(p->waitForFinished(300000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const QJsonObject i = infoJson(pg);
        QCOMPARE(i["queries"].toInt(), 4500 + 700);
        QCOMPARE(i["models"].toInt(), 4);
        QCOMPARE(i["gold_labels"].toInt(), 2 * 3000 * 2);
        QCOMPARE(i["preference_labels"].toInt(), 4000);
        QCOMPARE(i["datasets"].toArray().size(), 4);
        QCOMPARE(psql("SELECT count(DISTINCT text) FROM conc.queries WHERE text IS NOT NULL"), QByteArray("4500"));
        QCOMPARE(psql("SELECT count(DISTINCT external_id) FROM conc.queries"), QByteArray("700"));
        QCOMPARE(psql("SELECT count(DISTINCT id) || ' ' || max(id) FROM conc.preference_labels"),
            QByteArray("4000 4000"));
    }

    // A writer that may not wait (lock_timeout through PGOPTIONS) while another holds the writer lock fails with one
    // clear line and changes nothing.
    void aWriterThatMayNotWaitFailsCleanly()
    {
        const QString pg = url("conc");
        const QJsonObject before = infoJson(pg);
        QProcess holder; // holds the schema's writer lock until killed
        holder.start(m_bin + "/psql", { "-h", m_dir.path(), "-p", m_port, "-U", "crw", "-d", "postgres", "-qAt", "-c",
            "BEGIN; SELECT pg_advisory_xact_lock(hashtext('crw-writer:conc')); SELECT pg_sleep(600);" });
        QVERIFY(holder.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"),
            QByteArray("1"), 60000);
        QProcess imp;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PGOPTIONS", "-c lock_timeout=200");
        imp.setProcessEnvironment(env);
        imp.start(QStringLiteral(CRW_CLI_PATH),
            { "import", pg, "--gold", m_dir.filePath("conc_a.csv"), "--name", "late", "--quiet" });
        QVERIFY(imp.waitForFinished(120000));
        const QByteArray err = imp.readAllStandardError();
        // Readers do not wait for the writer lock: info answers while it is held.
        QCOMPARE(QJsonDocument(infoJson(pg)).toJson(), QJsonDocument(before).toJson());
        psql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted");
        QVERIFY(holder.waitForFinished(60000));
        QCOMPARE(imp.exitCode(), 2);
        QVERIFY2(err.contains("writer lock") && err.contains("lock timeout") && err.trimmed().count('\n') == 0,
            err.constData());
        QCOMPARE(QJsonDocument(infoJson(pg)).toJson(), QJsonDocument(before).toJson());
    }

    // A training while an import commits sees one consistent snapshot: its record is the data before or after the
    // import, never a mix; the store holds both afterwards.
    void trainingDuringAnImportSeesASnapshot()
    {
        const QString pg = url("same");
        const QJsonObject before = infoJson(pg);
        const QString extra = m_dir.filePath("extra.csv");
        {
            QFile f(extra);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("prompt,%1,%2\n").arg(kPrimary, kAlt).toUtf8());
            for (int i = 0; i < 4000; ++i)
                f.write(QStringLiteral("extra query %1,%2,%3\n").arg(i).arg(i % 2).arg((i / 3) % 2).toUtf8());
        }
        QProcess imp, train;
        train.start(QStringLiteral(CRW_CLI_PATH), { "train", pg, "--primary", kPrimary, "--alternative", kAlt,
            "--gold-size", "300", "--learner", "r", "--dim", "8", "--quiet" });
        imp.start(QStringLiteral(CRW_CLI_PATH), { "import", pg, "--gold", extra, "--name", "extra", "--quiet" });
        QVERIFY(imp.waitForFinished(300000) && train.waitForFinished(300000));
        QVERIFY2(imp.exitCode() == 0, imp.readAllStandardError().constData());
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
        const int runId = QJsonDocument::fromJson(train.readAllStandardOutput()).object()["run_id"].toInt();
        QVERIFY(runId > 0);
        const QJsonObject after = infoJson(pg);
        QCOMPARE(after["gold_labels"].toInt(), before["gold_labels"].toInt() + 8000);
        const QJsonObject seen
            = dataSeen(psql(QStringLiteral("SELECT config_json FROM same.runs WHERE id = %1").arg(runId)));
        const int gold = seen["gold_labels"].toInt(), queries = seen["queries"].toInt();
        QVERIFY2((gold == before["gold_labels"].toInt() && queries == before["queries"].toInt())
                || (gold == after["gold_labels"].toInt() && queries == after["queries"].toInt()),
            QJsonDocument(seen).toJson().constData());
    }

    void failedImportLeavesTheStoreAsItWas()
    {
        const QString pg = url("same");
        const QJsonObject before = infoJson(pg);
        QVERIFY(before["queries"].toInt() > 0);
        for (const char* bad : { "gold_mixed_delimiter.csv", "gold_no_model_column.csv" }) {
            const auto r = runCli({ "import", pg, "--gold", QStringLiteral(CRW_TEST_DATA "/bad/") + bad, "--quiet" });
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.trimmed().count('\n') == 0, r.err.constData());
            QCOMPARE(QJsonDocument(infoJson(pg)).toJson(), QJsonDocument(before).toJson());
        }
    }

    void injectionStringsAreJustData()
    {
        const QString pg = url("inj"), file = m_dir.filePath("inj.crw");
        const QString csv = m_dir.filePath("inj.csv");
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("prompt,\"x'); DROP TABLE models; --\",\"m\"\"; DELETE FROM queries; --\"\n"
                    "\"Robert'); DROP TABLE queries;--\",1,0\n"
                    "\"a\\tb\\\\.\\nc $1 %s \\\\x00 ' OR '1'='1\",0,1\n"
                    "\"line one\nline two\twith tab\",1,1\n"
                    "\"\\.\",0,0\n");
        }
        const QString name = QStringLiteral("ds'); DROP SCHEMA inj CASCADE; --");
        for (const QString& project : { file, pg }) {
            QCOMPARE(runCli({ "init", project }).code, 0);
            const auto r = runCli({ "import", project, "--gold", csv, "--name", name, "--quiet" });
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const QJsonObject b = infoJson(pg);
        QCOMPARE(b["queries"].toInt(), 4);
        QCOMPARE(b["models"].toInt(), 2);
        QCOMPARE(b["datasets"].toArray().first().toObject()["name"].toString(), name);
        QCOMPARE(QJsonDocument(b).toJson(), QJsonDocument(infoJson(file)).toJson());
        // The texts came back exactly: importing them again finds every query by its text and every model by name.
        const auto again = runCli({ "import", pg, "--gold", csv, "--quiet" });
        QVERIFY2(again.code == 0, again.err.constData());
        QVERIFY2(again.out.contains("0 new queries, 0 new models"), again.out.constData());
    }

    void badUrlsFailWithOneLineAndNoSecret()
    {
        auto r = runCli({ "info", QStringLiteral("postgresql://crw:s3cr3tpw@localhost/postgres?schema=x") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("password"));
        QVERIFY(!r.err.contains("s3cr3tpw"));
        r = runCli({ "info", url("x") + "&password=s3cr3tpw" });
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.contains("s3cr3tpw"));
        r = runCli({ "init", url("Bad;Schema") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("schema"), r.err.constData());
        r = runCli({ "info", url("nothere") });
        QCOMPARE(r.code, 0); // an empty schema is an empty project (migrated on open)
        r = runCli({ "info", QStringLiteral("postgresql://crw@localhost/postgres?host=%1&port=1&schema=s").arg(m_dir.path()) });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("cannot connect") && r.err.trimmed().count('\n') == 0, r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstPgStore)
#include "tst_pg_store.moc"
