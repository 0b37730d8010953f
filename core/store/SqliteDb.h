#pragma once
// Thin RAII wrapper over the SQLite C API, used on bulk paths (imports, run results).
#include <QByteArray>
#include <QString>
#include <cstdint>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace crw {

/// Any storage failure; the message is user-facing.
struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class SqliteStmt;

/// One SQLite connection with WAL, foreign keys and a busy timeout set.
class SqliteDb {
public:
    /// Opens (and, if create is true, creates) the file. Throws StoreError.
    explicit SqliteDb(const QString& path, bool create = false);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    /// Runs one or more statements with no parameters. Throws StoreError.
    void exec(const char* sql);
    /// Prepares a statement bound to this connection.
    SqliteStmt prepare(const char* sql);
    /// Begins an IMMEDIATE transaction; throws StoreError("project is busy ...") if another writer holds it.
    void beginImmediate();
    void commit();
    /// Rolls back if a transaction is open; never throws.
    void rollback() noexcept;
    int64_t lastInsertId() const;
    sqlite3* handle() const { return m_db; }
    const QString& path() const { return m_path; }
    QString errorMessage() const;

private:
    sqlite3* m_db = nullptr;
    QString m_path;
};

/// A prepared statement; bind with 1-based indices, step(), reset().
class SqliteStmt {
public:
    SqliteStmt(sqlite3* db, sqlite3_stmt* st)
        : m_db(db)
        , m_st(st)
    {
    }
    SqliteStmt(SqliteStmt&& o) noexcept
        : m_db(o.m_db)
        , m_st(o.m_st)
    {
        o.m_st = nullptr;
    }
    SqliteStmt& operator=(SqliteStmt&& o) noexcept;
    ~SqliteStmt();
    SqliteStmt(const SqliteStmt&) = delete;

    void bind(int i, int64_t v);
    void bind(int i, double v);
    void bind(int i, const QByteArray& utf8); // text
    void bind(int i, std::string_view utf8); // text
    void bindBlob(int i, const void* data, int bytes);
    void bindNull(int i);
    /// Steps once; returns true if a row is available. Throws StoreError on error.
    bool step();
    /// Steps a statement that returns no rows, then resets it.
    void run();
    void reset();
    /// The raw statement (for AsyncStatementQueue, which binds and steps it on its own thread).
    sqlite3_stmt* handle() const { return m_st; }
    int64_t columnInt(int i) const;
    double columnDouble(int i) const;
    bool columnIsNull(int i) const;
    QString columnText(int i) const;
    QByteArray columnBlob(int i) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_st;
};

} // namespace crw
