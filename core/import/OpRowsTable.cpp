#include "import/OpRowsTable.h"

#include "store/SqliteDb.h"

#include <sqlite3.h>
#include <string>

namespace crw {

namespace {

struct Table {
    sqlite3_vtab base;
    OpRowsTable* owner;
};
struct Cursor {
    sqlite3_vtab_cursor base;
    size_t row;
};

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**)
{
    std::string sql = "CREATE TABLE x(";
    for (int c = 0; c < OpRowsTable::kColumns; ++c)
        sql += (c ? ",c" : "c") + std::to_string(c);
    sql += ")";
    const int rc = sqlite3_declare_vtab(db, sql.c_str());
    if (rc != SQLITE_OK)
        return rc;
    auto* t = new Table {};
    t->owner = static_cast<OpRowsTable*>(aux);
    *out = &t->base;
    return SQLITE_OK;
}
int disconnect(sqlite3_vtab* v)
{
    delete reinterpret_cast<Table*>(v);
    return SQLITE_OK;
}
int bestIndex(sqlite3_vtab*, sqlite3_index_info* info)
{
    info->estimatedCost = 4096;
    info->estimatedRows = 4096;
    return SQLITE_OK;
}
int open(sqlite3_vtab*, sqlite3_vtab_cursor** out)
{
    auto* c = new Cursor {};
    *out = &c->base;
    return SQLITE_OK;
}
int close(sqlite3_vtab_cursor* c)
{
    delete reinterpret_cast<Cursor*>(c);
    return SQLITE_OK;
}
int filter(sqlite3_vtab_cursor* c, int, const char*, int, sqlite3_value**)
{
    reinterpret_cast<Cursor*>(c)->row = 0;
    return SQLITE_OK;
}
int next(sqlite3_vtab_cursor* c)
{
    ++reinterpret_cast<Cursor*>(c)->row;
    return SQLITE_OK;
}
int eof(sqlite3_vtab_cursor* c)
{
    const auto* t = reinterpret_cast<const Table*>(c->pVtab);
    return reinterpret_cast<Cursor*>(c)->row >= t->owner->source().rows;
}
int column(sqlite3_vtab_cursor* c, sqlite3_context* out, int col)
{
    const auto* t = reinterpret_cast<const Table*>(c->pVtab);
    const OpRowsTable::Source& s = t->owner->source();
    s.column(s.context, reinterpret_cast<Cursor*>(c)->row, col, out);
    return SQLITE_OK;
}
int rowid(sqlite3_vtab_cursor* c, sqlite3_int64* out)
{
    *out = sqlite3_int64(reinterpret_cast<Cursor*>(c)->row);
    return SQLITE_OK;
}

sqlite3_module makeModule()
{
    sqlite3_module m {};
    m.iVersion = 0;
    m.xCreate = nullptr; // eponymous-only: usable as "crw_op_rows" without CREATE VIRTUAL TABLE
    m.xConnect = connect;
    m.xBestIndex = bestIndex;
    m.xDisconnect = disconnect;
    m.xDestroy = disconnect;
    m.xOpen = open;
    m.xClose = close;
    m.xFilter = filter;
    m.xNext = next;
    m.xEof = eof;
    m.xColumn = column;
    m.xRowid = rowid;
    return m;
}
const sqlite3_module kModule = makeModule();

} // namespace

OpRowsTable::OpRowsTable(sqlite3* db)
{
    if (sqlite3_create_module_v2(db, "crw_op_rows", &kModule, this, nullptr) != SQLITE_OK)
        throw StoreError(std::string("cannot register the import row table: ") + sqlite3_errmsg(db));
}

} // namespace crw
