// Project store: creation, schema version, migration from version 1, info counts, refusal of foreign files.
#include "store/ProjectStore.h"
#include "store/Schema.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace crw;

class TstStore : public QObject {
    Q_OBJECT
private slots:
    void createAndOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.crw");
        ProjectStore::create(path);
        ProjectStore s(path);
        QCOMPARE(s.schemaVersion(), kSchemaVersion);
        const auto info = s.info();
        QCOMPARE(info.queries, 0);
        QCOMPARE(info.datasets.size(), 0);
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore::create(path));
    }
    void migratesFromVersion1()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("v1.crw");
        {
            SqliteDb db(path, true);
            db.beginImmediate();
            for (const QString& sql : schemaMigration(0))
                db.exec(sql.toUtf8().constData());
            db.exec("INSERT INTO meta VALUES('schema_version','1')");
            db.exec("INSERT INTO models(name) VALUES('m1')");
            db.commit();
        }
        ProjectStore s(path);
        QCOMPARE(s.schemaVersion(), kSchemaVersion);
        QCOMPARE(s.info().models, 1);
        QCOMPARE(s.info().runs, 0);
    }
    void refusesForeignAndFutureFiles()
    {
        QTemporaryDir dir;
        const QString foreign = dir.filePath("f.db");
        {
            SqliteDb db(foreign, true);
            db.exec("CREATE TABLE x(a)");
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore s(foreign));
        const QString future = dir.filePath("future.crw");
        ProjectStore::create(future);
        {
            SqliteDb db(future);
            db.exec("UPDATE meta SET value='99' WHERE key='schema_version'");
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore s(future));
        QVERIFY_THROWS_EXCEPTION(StoreError, ProjectStore s(dir.filePath("missing.crw")));
    }
};

QTEST_GUILESS_MAIN(TstStore)
#include "tst_store.moc"
