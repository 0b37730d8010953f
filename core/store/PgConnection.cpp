#include "store/PgConnection.h"

#include <libpq-fe.h>

namespace crw {

namespace {
QString pgMessage(pg_conn* c) { return QString::fromUtf8(PQerrorMessage(c)).simplified(); }
}

PgResult::PgResult(pg_result* r) : m_r(r) { }
PgResult::~PgResult()
{
    if (m_r)
        PQclear(m_r);
}
PgResult::PgResult(PgResult&& o) noexcept : m_r(o.m_r) { o.m_r = nullptr; }
int PgResult::rows() const { return PQntuples(m_r); }
bool PgResult::isNull(int row, int col) const { return PQgetisnull(m_r, row, col) != 0; }
QByteArray PgResult::text(int row, int col) const
{
    return QByteArray(PQgetvalue(m_r, row, col), PQgetlength(m_r, row, col));
}
qint64 PgResult::integer(int row, int col) const { return text(row, col).toLongLong(); }

PgConnection::PgConnection(const StoreUrl& url) : m_url(url)
{
    const auto params = url.connectParams();
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : params) {
        keys.push_back(k.constData());
        values.push_back(v.constData());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    m_conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        const QString why = m_conn ? pgMessage(m_conn) : QStringLiteral("out of memory");
        if (m_conn)
            PQfinish(m_conn);
        m_conn = nullptr;
        throw StoreError(QStringLiteral("cannot connect to %1: %2").arg(url.display, why).toStdString());
    }
    exec("SET client_encoding = 'UTF8'");
    exec("SET client_min_messages = warning");
    // The schema name is checked by parseStoreUrl ([a-z_][a-z0-9_]*), and passed as a parameter all the same.
    exec("SELECT set_config('search_path', $1, false)", { QByteArray("\"" + url.schema.toUtf8() + "\", public") },
        "setting the schema");
}

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

PgResult PgConnection::exec(const char* sql, const std::vector<PgParam>& params, const char* what)
{
    std::vector<const char*> values;
    std::vector<int> lengths;
    for (const auto& p : params) {
        values.push_back(p ? p->constData() : nullptr);
        lengths.push_back(p ? int(p->size()) : 0);
    }
    PGresult* r = PQexecParams(m_conn, sql, int(params.size()), nullptr, values.data(), lengths.data(), nullptr, 0);
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN) {
        const QString why = QString::fromUtf8(PQresultErrorMessage(r)).simplified();
        PQclear(r);
        throw StoreError(QStringLiteral("%1 failed on %2: %3").arg(QLatin1String(what), m_url.display, why).toStdString());
    }
    return PgResult(r);
}

void PgConnection::rollback() noexcept
{
    if (m_conn && PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        PQclear(PQexec(m_conn, "ROLLBACK"));
}

void PgConnection::beginCopy(const QByteArray& copySql)
{
    PGresult* r = PQexec(m_conn, copySql.constData());
    const bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    const QString why = QString::fromUtf8(PQresultErrorMessage(r)).simplified();
    PQclear(r);
    if (!ok)
        throw StoreError(QStringLiteral("COPY failed on %1: %2").arg(m_url.display, why).toStdString());
    m_copyBuffer.clear();
}

void PgConnection::put(const QByteArray& data)
{
    m_copyBuffer += data;
    if (m_copyBuffer.size() >= (1 << 20))
        flush();
}

void PgConnection::flush()
{
    if (!m_copyBuffer.isEmpty() && PQputCopyData(m_conn, m_copyBuffer.constData(), int(m_copyBuffer.size())) != 1)
        throw StoreError(QStringLiteral("COPY failed on %1: %2").arg(m_url.display, pgMessage(m_conn)).toStdString());
    m_copyBuffer.clear();
}

void PgConnection::finishCopy()
{
    flush();
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        throw StoreError(QStringLiteral("COPY failed on %1: %2").arg(m_url.display, pgMessage(m_conn)).toStdString());
    QString why;
    while (PGresult* r = PQgetResult(m_conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            why = QString::fromUtf8(PQresultErrorMessage(r)).simplified();
        PQclear(r);
    }
    if (!why.isEmpty())
        throw StoreError(QStringLiteral("COPY failed on %1: %2").arg(m_url.display, why).toStdString());
}

void PgConnection::copyField(QByteArray& row, const PgParam& value, bool first)
{
    if (!first)
        row += '\t';
    if (!value) {
        row += "\\N";
        return;
    }
    for (char c : *value) {
        switch (c) {
        case '\\':
            row += "\\\\";
            break;
        case '\t':
            row += "\\t";
            break;
        case '\n':
            row += "\\n";
            break;
        case '\r':
            row += "\\r";
            break;
        default:
            row += c;
        }
    }
}

} // namespace crw
