#pragma once
// Thin RAII wrapper over libpq for the PostgreSQL project store: every statement goes through PQexecParams with
// parameters (never string-built values), bulk rows through COPY FROM STDIN (text format).
#include "store/SqliteDb.h" // StoreError
#include "store/StoreUrl.h"

#include <QByteArray>
#include <optional>
#include <vector>

struct pg_conn;
struct pg_result;

namespace crw {

/// A statement parameter: a text value, or null.
using PgParam = std::optional<QByteArray>;

/// The rows of one statement (text format).
class PgResult {
public:
    explicit PgResult(pg_result* r);
    ~PgResult();
    PgResult(PgResult&& o) noexcept;
    PgResult(const PgResult&) = delete;
    int rows() const;
    bool isNull(int row, int col) const;
    QByteArray text(int row, int col) const;
    qint64 integer(int row, int col) const;

private:
    pg_result* m_r;
};

/// One connection, with search_path set to the URL's schema (and public for extensions).
class PgConnection {
public:
    /// Connects; throws StoreError with libpq's reason (it never holds a password).
    explicit PgConnection(const StoreUrl& url);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// Runs one parameterised statement ($1, $2, ...). Throws StoreError naming `what` on failure.
    PgResult exec(const char* sql, const std::vector<PgParam>& params = {}, const char* what = "statement");
    /// Rolls back an open transaction; never throws.
    void rollback() noexcept;

    /// Starts `COPY table(cols) FROM STDIN`; then put() rows (text format, see CopyRow) and finishCopy().
    void beginCopy(const QByteArray& copySql);
    void put(const QByteArray& data);
    void finishCopy();

    /// Appends one field of a COPY text-format row (escaping \, tab, newline, CR; null as \N).
    static void copyField(QByteArray& row, const PgParam& value, bool first);

    const StoreUrl& url() const { return m_url; }

private:
    void flush();
    pg_conn* m_conn = nullptr;
    StoreUrl m_url;
    QByteArray m_copyBuffer;
};

} // namespace crw
