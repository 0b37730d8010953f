// Item models of the GUI: the lazily paged SQL tables and the dataset list, checked with QAbstractItemModelTester
// and against the rows inserted by the test (known truth), including a 10^6-row table.
#include "DataTabs.h"
#include "DatasetListModel.h"
#include "SqlPagedTableModel.h"
#include "helpers/TestProject.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

using namespace crw;
using namespace crw::ui;

using namespace crw::test;

namespace {
int columnOf(const SqlPagedTableModel& m, const QString& header)
{
    for (int c = 0; c < m.columnCount(); ++c)
        if (m.headerData(c, Qt::Horizontal).toString() == header)
            return c;
    return -1;
}
}

class TstModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<ProjectStore> m_store;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath("models.crw");
        fillTestProject(m_path);
        m_store = std::make_unique<ProjectStore>(m_path);
    }
    void cleanupTestCase() { m_store.reset(); }

    void pagedModelsPassTester_data()
    {
        QTest::addColumn<int>("tab");
        QTest::addColumn<qint64>("dataset");
        QTest::addColumn<int>("rows");
        QTest::newRow("queries") << int(DataTabs::Queries) << qint64(-1) << kQueries;
        QTest::newRow("queries of dataset 1") << int(DataTabs::Queries) << qint64(1) << kQueries;
        QTest::newRow("gold") << int(DataTabs::GoldLabels) << qint64(-1) << kQueries * kModels + 100;
        QTest::newRow("gold of dataset 2") << int(DataTabs::GoldLabels) << qint64(2) << kQueries * kModels;
        QTest::newRow("gold of dataset 3") << int(DataTabs::GoldLabels) << qint64(3) << 100;
        QTest::newRow("gold of preference dataset") << int(DataTabs::GoldLabels) << qint64(4) << 0;
        QTest::newRow("preference") << int(DataTabs::PreferenceLabels) << qint64(-1) << kPrefs;
        QTest::newRow("preference of dataset 4") << int(DataTabs::PreferenceLabels) << qint64(4) << kPrefs;
        QTest::newRow("models") << int(DataTabs::Models) << qint64(-1) << kModels;
        QTest::newRow("models ignore the filter") << int(DataTabs::Models) << qint64(2) << kModels;
    }
    void pagedModelsPassTester()
    {
        QFETCH(int, tab);
        QFETCH(qint64, dataset);
        QFETCH(int, rows);
        DataTabs tabs;
        tabs.setDatabase(m_store->database());
        SqlPagedTableModel* model = tabs.model(DataTabs::Tab(tab));
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tabs.setDatasetFilter(dataset);
        QCOMPARE(model->rowCount(), rows);
        QVERIFY2(model->lastError().isEmpty(), qPrintable(model->lastError()));
        // Touch every cell once (crosses every page boundary) and check no row is missing.
        for (int r = 0; r < model->rowCount(); ++r)
            for (int c = 0; c < model->columnCount(); ++c)
                model->data(model->index(r, c));
        QVERIFY(model->lastError().isEmpty());
        if (rows > 0)
            QVERIFY(model->data(model->index(rows - 1, 0)).isValid());
        tabs.refresh();
        QCOMPARE(model->rowCount(), rows);
    }

    void goldRowsMatchInsertedValuesInKeyOrder()
    {
        SqlPagedTableModel m(SqlTableSpec::goldLabels());
        m.setDatabase(m_store->database());
        m.setDatasetFilter(2);
        const int query = columnOf(m, "Query"), model = columnOf(m, "Model"), score = columnOf(m, "Score"),
                  text = columnOf(m, "Query text");
        QVERIFY(query >= 0 && model >= 0 && score >= 0 && text >= 0);
        // Jump far first (seek without a known page start), then go back: both must give the right rows.
        for (int row : { 1199, 777, 256, 255, 0, 1024, 513 }) {
            const int q = row / kModels + 1, mo = row % kModels + 1;
            QCOMPARE(m.data(m.index(row, query)).toString(), QStringLiteral("q%1").arg(q, 4, 10, QLatin1Char('0')));
            QCOMPARE(m.data(m.index(row, model)).toString(), QStringLiteral("model-%1").arg(mo));
            QCOMPARE(m.data(m.index(row, score), Qt::EditRole).toDouble(), goldScore(q, mo));
            QCOMPARE(m.data(m.index(row, text)).toString(), QStringLiteral("What is %1 plus one?").arg(q));
        }
        QVERIFY(!m.data(m.index(0, score), Qt::TextAlignmentRole).isNull());
    }

    void preferenceRowsAndPageCache()
    {
        SqlPagedTableModel m(SqlTableSpec::preferenceLabels());
        m.setDatabase(m_store->database());
        const int id = columnOf(m, "Id"), outcome = columnOf(m, "Outcome (A - B)"), a = columnOf(m, "Model A");
        for (int row = kPrefs - 1; row >= 0; row -= 37) {
            QCOMPARE(m.data(m.index(row, id)).toInt(), row + 1);
            QCOMPARE(m.data(m.index(row, outcome), Qt::EditRole).toDouble(), prefOutcome(row + 1));
            QCOMPARE(m.data(m.index(row, a)).toString(), QStringLiteral("model-1"));
        }
        const int fetches = m.pageFetches();
        QCOMPARE(fetches, 2); // 500 rows = 2 pages, each fetched once and then served from the cache
        m.data(m.index(3, id));
        QCOMPARE(m.pageFetches(), fetches);
        m.refresh();
        m.data(m.index(3, id));
        QCOMPARE(m.pageFetches(), fetches + 1);
        QVERIFY(!m.data(m.index(0, columnOf(m, "True delta"))).isValid()); // NULL shows as empty
    }

    void datasetListModel()
    {
        DatasetListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setDatasets(m_store->datasets());
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.data(m.index(1, DatasetListModel::Name)).toString(), QStringLiteral("gold-a"));
        QCOMPARE(m.data(m.index(1, DatasetListModel::Kind)).toString(), QStringLiteral("gold"));
        QCOMPARE(m.data(m.index(1, DatasetListModel::Format)).toString(), QStringLiteral("gold-long-csv"));
        QCOMPARE(m.data(m.index(1, DatasetListModel::Rows), Qt::EditRole).toLongLong(), 1200);
        QCOMPARE(m.data(m.index(3, 0), DatasetListModel::IdRole).toLongLong(), 4);
        QCOMPARE(m.rowOf(3), 2);
        QCOMPARE(m.rowOf(99), -1);
        m.setDatasets({});
        QCOMPARE(m.rowCount(), 0);
    }

    void millionRows()
    {
        const QString path = m_dir.filePath("million.crw");
        ProjectStore::create(path);
        constexpr int n = 1000000;
        {
            SqliteDb db(path);
            db.beginImmediate();
            db.exec("INSERT INTO datasets(id, name, kind, format, imported_at, rows) VALUES"
                    "(1,'big','preference','preference-csv','2025-01-01',1000000)");
            db.exec("INSERT INTO models(id, name) VALUES(1,'a'),(2,'b')");
            db.exec("INSERT INTO queries(id, external_id, text) VALUES(1,'only','t')");
            auto p = db.prepare("INSERT INTO preference_labels(id, dataset_id, query_id, model_a, model_b, outcome) "
                                "VALUES(?,1,1,1,2,?)");
            for (int i = 1; i <= n; ++i) {
                p.bind(1, int64_t(i));
                p.bind(2, double(i % 1000) / 1000.0);
                p.run();
            }
            db.commit();
        }
        ProjectStore store(path);
        SqlPagedTableModel m(SqlTableSpec::preferenceLabels());
        m.setDatabase(store.database());
        QCOMPARE(m.rowCount(), n);
        const int id = columnOf(m, "Id"), outcome = columnOf(m, "Outcome (A - B)");
        QElapsedTimer t;
        t.start();
        QCOMPARE(m.data(m.index(n - 1, id)).toInt(), n);
        QCOMPARE(m.data(m.index(n - 1, outcome), Qt::EditRole).toDouble(), 0.0);
        QCOMPARE(m.data(m.index(654321, id)).toInt(), 654322);
        QCOMPARE(m.data(m.index(654321, outcome), Qt::EditRole).toDouble(), 0.322);
        QCOMPARE(m.data(m.index(654321 + 300, id)).toInt(), 654622); // next page: start key known from the last fetch
        qInfo("far rows of a 10^6-row table: %lld ms for 3 page fetches", qint64(t.elapsed()));
        m.setDatasetFilter(1);
        QCOMPARE(m.rowCount(), n);
        QCOMPARE(m.data(m.index(999000, id)).toInt(), 999001);
    }

    void millionGoldRowsWithCompositeKey()
    {
        const QString path = m_dir.filePath("million-gold.crw");
        ProjectStore::create(path);
        constexpr int queries = 250000, models = 4, n = queries * models;
        {
            SqliteDb db(path);
            db.beginImmediate();
            db.exec("INSERT INTO datasets(id, name, kind, format, imported_at, rows) VALUES"
                    "(1,'small','gold','gold-long-csv','2025-01-01',4),(2,'big','gold','gold-long-csv','2025-01-01',"
                    "1000000)");
            db.exec("INSERT INTO models(id, name) VALUES(1,'m1'),(2,'m2'),(3,'m3'),(4,'m4')");
            auto q = db.prepare("INSERT INTO queries(id, external_id) VALUES(?, ?)");
            for (int i = 1; i <= queries; ++i) {
                q.bind(1, int64_t(i));
                q.bind(2, QByteArray("x") + QByteArray::number(i));
                q.run();
            }
            auto g = db.prepare("INSERT INTO gold_labels(dataset_id, query_id, model_id, score) VALUES(?,?,?,?)");
            for (int i = 1; i <= queries; ++i)
                for (int m = 1; m <= models; ++m) {
                    g.bind(1, int64_t(2));
                    g.bind(2, int64_t(i));
                    g.bind(3, int64_t(m));
                    g.bind(4, double((i + m) % 7));
                    g.run();
                }
            db.exec("INSERT INTO gold_labels(dataset_id, query_id, model_id, score) "
                    "VALUES(1,1,1,9),(1,1,2,9),(1,2,1,9),(1,2,2,9)");
            db.commit();
        }
        ProjectStore store(path);
        SqlPagedTableModel m(SqlTableSpec::goldLabels());
        m.setDatabase(store.database());
        QCOMPARE(m.rowCount(), n + 4);
        m.setDatasetFilter(2);
        QCOMPARE(m.rowCount(), n);
        const int query = columnOf(m, "Query"), model = columnOf(m, "Model"), score = columnOf(m, "Score");
        for (int row : { n - 1, 777777, 777777 + 256, 3 }) {
            const int qi = row / models + 1, mi = row % models + 1;
            QCOMPARE(m.data(m.index(row, query)).toString(), QStringLiteral("x%1").arg(qi));
            QCOMPARE(m.data(m.index(row, model)).toString(), QStringLiteral("m%1").arg(mi));
            QCOMPARE(m.data(m.index(row, score), Qt::EditRole).toDouble(), double((qi + mi) % 7));
        }
        QVERIFY(m.lastError().isEmpty());
        m.setDatasetFilter(1);
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.data(m.index(3, score), Qt::EditRole).toDouble(), 9.0);
    }
};

QTEST_MAIN(TstModels)
#include "tst_models.moc"
