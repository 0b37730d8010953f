#pragma once
// Helpers shared by the import tests: a full logical dump of a project and a few counters.
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QStringList>
#include <sqlite3.h>

namespace crw::test {

/// The schema and every row of every table, ordered by all columns, as text: equal dumps mean equal projects.
inline QStringList dumpProject(const QString& path)
{
    SqliteDb db(path);
    QStringList tables;
    {
        auto t = db.prepare(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        while (t.step())
            tables << t.columnText(0);
    }
    QStringList out;
    {
        // The schema too (tables, indexes, triggers): an import that rebuilds an index must leave it as it was.
        auto m = db.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
        while (m.step())
            out << QStringLiteral("schema|%1|%2|%3").arg(m.columnText(0), m.columnText(1), m.columnText(2));
    }
    for (const QString& table : tables) {
        sqlite3_stmt* st = nullptr;
        const QByteArray probe = QStringLiteral("SELECT * FROM \"%1\"").arg(table).toUtf8();
        sqlite3_prepare_v2(db.handle(), probe.constData(), -1, &st, nullptr);
        const int n = sqlite3_column_count(st);
        sqlite3_finalize(st);
        QStringList order;
        for (int i = 1; i <= n; ++i)
            order << QString::number(i);
        const QByteArray sql = QStringLiteral("SELECT * FROM \"%1\" ORDER BY %2").arg(table, order.join(',')).toUtf8();
        sqlite3_prepare_v2(db.handle(), sql.constData(), -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
            QStringList row { table };
            for (int i = 0; i < n; ++i) {
                if (sqlite3_column_type(st, i) == SQLITE_NULL)
                    row << QStringLiteral("NULL");
                else if (sqlite3_column_type(st, i) == SQLITE_BLOB)
                    row << QString::fromLatin1(
                        QByteArray(static_cast<const char*>(sqlite3_column_blob(st, i)), sqlite3_column_bytes(st, i))
                            .toHex());
                else
                    row << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
            }
            out << row.join(QLatin1Char('|'));
        }
        sqlite3_finalize(st);
    }
    return out;
}

/// One integer from a query.
inline qint64 scalar(const QString& path, const char* sql)
{
    SqliteDb db(path);
    auto st = db.prepare(sql);
    return st.step() ? st.columnInt(0) : -1;
}

/// One text value from a query (empty if no row or NULL).
inline QString text(const QString& path, const char* sql)
{
    SqliteDb db(path);
    auto st = db.prepare(sql);
    return st.step() && !st.columnIsNull(0) ? st.columnText(0) : QString();
}

} // namespace crw::test
