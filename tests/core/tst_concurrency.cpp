// Two writers on one project: a CLI import while a QtSql connection holds a write transaction (released early: the
// import waits and succeeds; held throughout: the import fails with "project is busy" after the 5 s busy timeout and
// writes nothing), and two CLI imports started at once (each either succeeds completely or fails with the busy
// message). The project is never corrupted: PRAGMA integrity_check = ok and every dataset is complete.
#include "store/ProjectStore.h"
#include "tst_import_util.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace crw;
using namespace crw::test;

namespace {
const QByteArray kBusy = "project is busy";

QString integrity(const QString& path)
{
    return text(path, "PRAGMA integrity_check");
}

// A preference CSV of n rows whose query ids start with prefix.
void writePrefs(const QString& path, const QByteArray& prefix, int n, unsigned seed)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    std::mt19937_64 rng(seed);
    QByteArray buf = "query_id,model_a,model_b,gain\n";
    for (int i = 0; i < n; ++i) {
        buf += prefix + QByteArray::number(i / 2) + ",m" + QByteArray::number(i % 2) + ",m"
            + QByteArray::number(2 + i % 2) + "," + QByteArray::number(double(rng() % 2001) / 1000.0 - 1.0) + "\n";
        if (buf.size() > (1 << 20)) {
            f.write(buf);
            buf.clear();
        }
    }
    f.write(buf);
}

QProcess* startImport(const QString& project, const QString& file, QObject* parent)
{
    auto* p = new QProcess(parent);
    p->start(QStringLiteral(CRW_CLI_PATH), { "import", project, "--preference", file, "--quiet" });
    return p;
}
}

class TstConcurrency : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    QString freshProject()
    {
        const QString p = m_dir.filePath(QStringLiteral("c%1.crw").arg(++m_n));
        ProjectStore::create(p);
        QProcess init;
        init.start(QStringLiteral(CRW_CLI_PATH),
            { "import", p, "--gold", QStringLiteral(CRW_TEST_DATA "/import/gold_long.csv"), "--quiet" });
        init.waitForFinished(60000);
        return p;
    }

private slots:
    // The holder commits after about a second: the import waits for it (busy timeout) and then succeeds.
    void importWaitsForAShortWriteTransaction()
    {
        const QString p = freshProject();
        const QString file = m_dir.filePath(QStringLiteral("short_wait.csv"));
        writePrefs(file, "w", 1000, 1);
        ProjectStore store(p);
        QSqlDatabase db = store.database();
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO models(name) VALUES('held-writer')")));
        QElapsedTimer t;
        t.start();
        QProcess* imp = startImport(p, file, this);
        QVERIFY(imp->waitForStarted());
        while (t.elapsed() < 1000 && imp->state() == QProcess::Running)
            imp->waitForFinished(20);
        QCOMPARE(imp->state(), QProcess::Running); // still waiting for the lock
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
        QVERIFY(imp->waitForFinished(120000));
        QVERIFY2(imp->exitCode() == 0, imp->readAllStandardError().constData());
        QCOMPARE(scalar(p, "SELECT rows FROM datasets WHERE name='short_wait'"), 1000);
        QCOMPARE(scalar(p, "SELECT count(*) FROM models WHERE name='held-writer'"), 1);
        QCOMPARE(integrity(p), QStringLiteral("ok"));
    }

    // The holder keeps the write lock until the import has given up: the import reports "project is busy" on one
    // line and leaves nothing behind; the holder's own transaction still commits.
    void importFailsClearlyWhileTheLockIsHeld()
    {
        const QString p = freshProject();
        const QString file = m_dir.filePath(QStringLiteral("blocked.csv"));
        writePrefs(file, "b", 1000, 2);
        const QStringList before = dumpProject(p);
        {
            ProjectStore store(p);
            QSqlQuery q(store.database());
            QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO models(name) VALUES('held-writer')")));
            QElapsedTimer t;
            t.start();
            QProcess* imp = startImport(p, file, this);
            QVERIFY(imp->waitForFinished(120000));
            qInfo("the import gave up after %lld ms", t.elapsed());
            QVERIFY(imp->exitCode() != 0);
            const QByteArray err = imp->readAllStandardError().trimmed();
            QVERIFY2(err.contains(kBusy), err.constData());
            QCOMPARE(err.count('\n'), 0);
            QVERIFY(t.elapsed() >= 4900); // it waited the busy timeout before giving up
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        }
        QCOMPARE(dumpProject(p), before);
        QCOMPARE(integrity(p), QStringLiteral("ok"));
    }

    // Two imports started at the same moment, several times: each one either stores its whole dataset or fails with
    // the busy message; never a partial dataset, never a corrupt file.
    void twoImportsAtOnce_data()
    {
        QTest::addColumn<int>("rows");
        QTest::newRow("small files (the second waits)") << 20000;
        QTest::newRow("large files (the second may time out)") << 1500000;
    }

    void twoImportsAtOnce()
    {
        QFETCH(int, rows);
        const QString p = freshProject();
        const QString a = m_dir.filePath(QStringLiteral("first_%1.csv").arg(rows));
        const QString b = m_dir.filePath(QStringLiteral("second_%1.csv").arg(rows));
        writePrefs(a, "a", rows, 3);
        writePrefs(b, "b", rows, 4);
        const qint64 prefsBefore = scalar(p, "SELECT count(*) FROM preference_labels");
        QProcess* pa = startImport(p, a, this);
        QProcess* pb = startImport(p, b, this);
        QVERIFY(pa->waitForFinished(600000));
        QVERIFY(pb->waitForFinished(600000));
        int ok = 0;
        for (auto [proc, name] : { std::pair { pa, QStringLiteral("first_%1").arg(rows) },
                 std::pair { pb, QStringLiteral("second_%1").arg(rows) } }) {
            const QByteArray err = proc->readAllStandardError();
            const QByteArray sql = QStringLiteral("SELECT count(*) FROM datasets WHERE name='%1'").arg(name).toUtf8();
            if (proc->exitCode() == 0) {
                ++ok;
                QCOMPARE(scalar(p, sql.constData()), 1);
                const QByteArray rowsSql
                    = QStringLiteral("SELECT rows FROM datasets WHERE name='%1'").arg(name).toUtf8();
                QCOMPARE(scalar(p, rowsSql.constData()), rows);
            } else {
                qInfo("%s: %s", qPrintable(name), err.trimmed().constData());
                QVERIFY2(err.contains(kBusy), err.constData());
                QCOMPARE(scalar(p, sql.constData()), 0);
            }
        }
        qInfo("%d of 2 imports succeeded", ok);
        QVERIFY(ok >= 1);
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels"), prefsBefore + qint64(ok) * rows);
        if (rows <= 20000)
            QCOMPARE(ok, 2); // a short import finishes well within the other's 5 s busy timeout
        QCOMPARE(integrity(p), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TstConcurrency)
#include "tst_concurrency.moc"
