#pragma once
// An eponymous virtual table, "crw_op_rows", whose rows are supplied by C++ code just before a statement reading it
// is stepped. AsyncStatementQueue uses it to insert a whole batch of label rows with one execution of
// `INSERT INTO t(...) SELECT c0, c1, ... FROM crw_op_rows`: no parameters to bind per row and one statement start
// per batch instead of one per row (or per 128 rows).
#include <cstddef>

struct sqlite3;
struct sqlite3_context;

namespace crw {

class OpRowsTable {
public:
    /// The rows the table holds: `rows` rows, of which column c of row r is written by column(context, r, c, out)
    /// (with sqlite3_result_*; a value that must outlive the call, e.g. text, has to stay valid until the reading
    /// statement's step returns).
    struct Source {
        const void* context = nullptr;
        size_t rows = 0;
        void (*column)(const void* context, size_t row, int column, sqlite3_context* out) = nullptr;
    };
    /// Columns c0..c(kColumns-1).
    static constexpr int kColumns = 8;

    /// Registers the module on db (before statements that read it are prepared). Throws StoreError on failure.
    /// The table must outlive every statement that reads it.
    explicit OpRowsTable(sqlite3* db);
    OpRowsTable(const OpRowsTable&) = delete;
    OpRowsTable& operator=(const OpRowsTable&) = delete;

    /// Sets what the next scan returns (call on the thread that steps the reading statement).
    void setSource(const Source& s) { m_source = s; }
    const Source& source() const { return m_source; }

private:
    Source m_source;
};

} // namespace crw
