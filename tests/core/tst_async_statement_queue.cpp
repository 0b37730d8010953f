// AsyncStatementQueue: ops run in order on its thread with every value type; drain() waits for them; a failing op
// stops the rest and its SQLite message reaches the importing thread; destroying the queue discards what is queued;
// a bulk statement (setBulk) inserts a batch's ops through crw_op_rows, in their order, with every value type.
#include "import/AsyncStatementQueue.h"
#include "import/OpRowsTable.h"
#include "store/SqliteDb.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace crw;

class TstAsyncStatementQueue : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    std::unique_ptr<SqliteDb> freshDb()
    {
        auto db = std::make_unique<SqliteDb>(m_dir.filePath(QString("q%1.db").arg(++m_n)), true);
        db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT UNIQUE, x REAL, b BLOB, n INTEGER)");
        return db;
    }

private slots:
    void runsEveryOpInOrderWithEveryValueType()
    {
        auto db = freshDb();
        db->exec("BEGIN");
        auto ins = db->prepare("INSERT INTO t(id, k, x, b, n) VALUES(?,?,?,?,?)");
        {
            AsyncStatementQueue q;
            for (int i = 1; i <= 10000; ++i) { // several batches
                AsyncStatementQueue::Op& op = q.add(ins.handle());
                op.integer(i);
                op.text("key " + std::to_string(i));
                op.real(i * 0.5);
                op.blob(std::string(size_t(i % 7), char(i)));
                if (i % 3)
                    op.integer(-i);
                else
                    op.null();
            }
            q.drain();
        }
        db->exec("COMMIT");
        auto c = db->prepare("SELECT count(*), sum(x), sum(length(b)), count(n), max(k) FROM t");
        QVERIFY(c.step());
        QCOMPARE(c.columnInt(0), int64_t(10000));
        QCOMPARE(c.columnDouble(1), 0.5 * 10000 * 10001 / 2);
        int64_t blobBytes = 0, nonNull = 0;
        for (int i = 1; i <= 10000; ++i) {
            blobBytes += i % 7;
            nonNull += (i % 3) != 0;
        }
        QCOMPARE(c.columnInt(2), blobBytes);
        QCOMPARE(c.columnInt(3), nonNull);
        QCOMPARE(c.columnText(4), QString("key 9999"));
    }

    void bulkInsertKeepsEachStatementsOrder()
    {
        auto db = freshDb();
        db->exec("CREATE TABLE other(id INTEGER PRIMARY KEY, v INTEGER)");
        db->exec("BEGIN");
        OpRowsTable rows(db->handle());
        auto ins = db->prepare("INSERT INTO t(k, x, b, n) VALUES(?,?,?,?)");
        auto bulk = db->prepare("INSERT INTO t(k, x, b, n) SELECT c0, c1, c2, c3 FROM crw_op_rows");
        auto other = db->prepare("INSERT INTO other(v) VALUES(?)");
        {
            AsyncStatementQueue q;
            q.setBulk(ins.handle(), bulk.handle(), &rows);
            for (int i = 1; i <= 10000; ++i) { // several batches, another statement in between
                AsyncStatementQueue::Op& op = q.add(ins.handle());
                op.text("key " + std::to_string(i));
                op.real(i * 0.5);
                op.blob(std::string(size_t(i % 7), char(i)));
                if (i % 3)
                    op.integer(-i); // else: the 4th value is missing and reads as NULL
                if (i % 10 == 0)
                    q.add(other.handle()).integer(i);
            }
            q.drain();
        }
        db->exec("COMMIT");
        auto c = db->prepare("SELECT count(*), sum(x), count(n), sum(id = -n), min(k = 'key ' || id) FROM t");
        QVERIFY(c.step());
        QCOMPARE(c.columnInt(0), int64_t(10000));
        QCOMPARE(c.columnDouble(1), 0.5 * 10000 * 10001 / 2);
        QCOMPARE(c.columnInt(2), int64_t(6667)); // i % 3 != 0
        QCOMPARE(c.columnInt(3), int64_t(6667)); // rowids follow the op order
        QCOMPARE(c.columnInt(4), int64_t(1));
        auto o = db->prepare("SELECT count(*), sum(v) FROM other");
        QVERIFY(o.step());
        QCOMPARE(o.columnInt(0), int64_t(1000));
    }

    void aFailedOpStopsTheRestAndIsReported()
    {
        auto db = freshDb();
        db->exec("BEGIN");
        auto ins = db->prepare("INSERT INTO t(id, k) VALUES(?,?)");
        AsyncStatementQueue q;
        for (int i = 1; i <= 100; ++i) {
            AsyncStatementQueue::Op& op = q.add(ins.handle());
            op.integer(i);
            op.text(i == 50 ? std::string("key 1") : "key " + std::to_string(i)); // 50 violates UNIQUE(k)
        }
        try {
            q.drain();
            QFAIL("no error");
        } catch (const StoreError& e) {
            QVERIFY2(QString(e.what()).contains("UNIQUE"), e.what());
        }
        auto c = db->prepare("SELECT count(*) FROM t");
        QVERIFY(c.step());
        QCOMPARE(c.columnInt(0), int64_t(49));
        QVERIFY_THROWS_EXCEPTION(StoreError, q.add(ins.handle())); // later ops are refused too
        db->exec("ROLLBACK");
    }

    void destroyingDiscardsQueuedOps()
    {
        auto db = freshDb();
        auto ins = db->prepare("INSERT INTO t(id) VALUES(?)");
        db->exec("BEGIN");
        {
            AsyncStatementQueue q;
            for (int i = 1; i <= 50000; ++i)
                q.add(ins.handle()).integer(i);
        } // no drain: whatever had not run is dropped, and the thread stops
        db->exec("ROLLBACK");
        auto c = db->prepare("SELECT count(*) FROM t");
        QVERIFY(c.step());
        QCOMPARE(c.columnInt(0), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TstAsyncStatementQueue)
#include "tst_async_statement_queue.moc"
