#include "TestProject.h"

#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

namespace crw::test {

double goldScore(int q, int m)
{
    return double((q * 7 + m * 3) % 11) / 10.0;
}
double prefOutcome(int id)
{
    return double(id % 5) - 2.0;
}

void fillTestProject(const QString& path)
{
    ProjectStore::create(path);
    SqliteDb db(path);
    db.beginImmediate();
    db.exec("INSERT INTO datasets(id, name, kind, format, imported_at, rows) VALUES"
            "(1,'qs','queries','queries-csv','2025-01-01',300),(2,'gold-a','gold','gold-long-csv','2025-01-01',1200),"
            "(3,'gold-b','gold','gold-wide-csv','2025-01-01',100),(4,'prefs','preference','preference-csv','2025-01-01'"
            ",500)");
    for (int m = 1; m <= kModels; ++m) {
        auto st = db.prepare("INSERT INTO models(id, name, usd_per_query) VALUES(?, ?, ?)");
        st.bind(1, int64_t(m));
        st.bind(2, QStringLiteral("model-%1").arg(m).toUtf8());
        st.bind(3, 0.001 * m);
        st.run();
    }
    auto q = db.prepare("INSERT INTO queries(id, external_id, text_key, text, task, dataset_id) VALUES(?,?,?,?,?,1)");
    for (int i = 1; i <= kQueries; ++i) {
        q.bind(1, int64_t(i));
        q.bind(2, QStringLiteral("q%1").arg(i, 4, 10, QLatin1Char('0')).toUtf8());
        q.bind(3, QStringLiteral("key%1").arg(i).toUtf8());
        q.bind(4, QStringLiteral("What is %1\nplus one?").arg(i).toUtf8());
        q.bind(5, QByteArray(i % 2 ? "math" : "chat"));
        q.run();
    }
    auto g = db.prepare("INSERT INTO gold_labels(dataset_id, query_id, model_id, score) VALUES(?,?,?,?)");
    for (int i = 1; i <= kQueries; ++i)
        for (int m = 1; m <= kModels; ++m) {
            g.bind(1, int64_t(2));
            g.bind(2, int64_t(i));
            g.bind(3, int64_t(m));
            g.bind(4, goldScore(i, m));
            g.run();
        }
    for (int i = 1; i <= 100; ++i) {
        g.bind(1, int64_t(3));
        g.bind(2, int64_t(i));
        g.bind(3, int64_t(1));
        g.bind(4, 1.0);
        g.run();
    }
    auto p = db.prepare("INSERT INTO preference_labels(id, dataset_id, query_id, model_a, model_b, outcome, judge) "
                        "VALUES(?,4,?,1,2,?,'judge-x')");
    for (int i = 1; i <= kPrefs; ++i) {
        p.bind(1, int64_t(i));
        p.bind(2, int64_t((i - 1) % kQueries + 1));
        p.bind(3, prefOutcome(i));
        p.run();
    }
    db.commit();
}

} // namespace crw::test
