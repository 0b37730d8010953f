// The shared PostgreSQL project store (issue 17, part 1) against a real server: a throwaway cluster (initdb into a
// temporary folder, unix socket only, run as the `postgres` user when the tests run as root) started here and
// stopped at the end. init / import / simulate / info / train on a postgresql:// URL give the same counts and the
// same training summary, byte for byte, as on a .crw file; a failed import leaves the store as it was; SQL-injection
// strings as dataset names, model names and query texts are stored as plain data; a password in the URL is refused
// and never echoed. Skipped (QSKIP) only when the PostgreSQL server binaries are not installed.
#include "CliProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
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
