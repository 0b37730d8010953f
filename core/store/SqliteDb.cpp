#include "store/SqliteDb.h"

#include <sqlite3.h>

namespace crw {

namespace {
[[noreturn]] void fail(sqlite3* db, const QString& what)
{
    const int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
    QString msg = what + QStringLiteral(": ") + QString::fromUtf8(db ? sqlite3_errmsg(db) : "unknown error");
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        msg = QStringLiteral("project is busy: another window or process is writing to it; try again when it has finished");
    throw StoreError(msg.toStdString());
}
}

SqliteDb::SqliteDb(const QString& path, bool create) : m_path(path)
{
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK) {
        QString msg = QStringLiteral("cannot open project %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(msg.toStdString());
    }
    sqlite3_busy_timeout(m_db, 5000);
    exec("PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
}

SqliteDb::~SqliteDb()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

void SqliteDb::exec(const char* sql)
{
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        sqlite3_free(err);
        fail(m_db, QStringLiteral("database error"));
    }
}

SqliteStmt SqliteDb::prepare(const char* sql)
{
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK)
        fail(m_db, QStringLiteral("cannot prepare statement"));
    return SqliteStmt(m_db, st);
}

void SqliteDb::beginImmediate() { exec("BEGIN IMMEDIATE"); }
void SqliteDb::commit() { exec("COMMIT"); }

void SqliteDb::rollback() noexcept
{
    if (m_db && !sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

int64_t SqliteDb::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
QString SqliteDb::errorMessage() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& o) noexcept
{
    if (this != &o) {
        if (m_st)
            sqlite3_finalize(m_st);
        m_db = o.m_db;
        m_st = o.m_st;
        o.m_st = nullptr;
    }
    return *this;
}

SqliteStmt::~SqliteStmt()
{
    if (m_st)
        sqlite3_finalize(m_st);
}

void SqliteStmt::bind(int i, int64_t v) { sqlite3_bind_int64(m_st, i, v); }
void SqliteStmt::bind(int i, double v) { sqlite3_bind_double(m_st, i, v); }
void SqliteStmt::bind(int i, const QByteArray& s) { sqlite3_bind_text(m_st, i, s.constData(), int(s.size()), SQLITE_TRANSIENT); }
void SqliteStmt::bind(int i, std::string_view s) { sqlite3_bind_text(m_st, i, s.data(), int(s.size()), SQLITE_TRANSIENT); }
void SqliteStmt::bindBlob(int i, const void* d, int n) { sqlite3_bind_blob(m_st, i, d, n, SQLITE_TRANSIENT); }
void SqliteStmt::bindNull(int i) { sqlite3_bind_null(m_st, i); }

bool SqliteStmt::step()
{
    const int rc = sqlite3_step(m_st);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const QString sqlErr = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_st);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        throw StoreError("project is busy: another window or process is writing to it; try again when it has finished");
    throw StoreError(std::string("database error: ") + sqlite3_errstr(rc) + " (" + sqlErr.toStdString() + ")");
}

void SqliteStmt::run()
{
    step();
    reset();
}

void SqliteStmt::reset()
{
    sqlite3_reset(m_st);
    sqlite3_clear_bindings(m_st);
}

int64_t SqliteStmt::columnInt(int i) const { return sqlite3_column_int64(m_st, i); }
double SqliteStmt::columnDouble(int i) const { return sqlite3_column_double(m_st, i); }
bool SqliteStmt::columnIsNull(int i) const { return sqlite3_column_type(m_st, i) == SQLITE_NULL; }
QString SqliteStmt::columnText(int i) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_st, i));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_st, i)) : QString();
}
QByteArray SqliteStmt::columnBlob(int i) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_st, i));
    return p ? QByteArray(p, sqlite3_column_bytes(m_st, i)) : QByteArray();
}

} // namespace crw
