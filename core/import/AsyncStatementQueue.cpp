#include "import/AsyncStatementQueue.h"

#include "import/OpRowsTable.h"
#include "store/SqliteDb.h"

#include <sqlite3.h>

namespace crw {

AsyncStatementQueue::Value& AsyncStatementQueue::Op::set(Value::Type t)
{
    if (count >= kMaxValues)
        throw StoreError("internal error: too many values for one statement");
    Value& v = values[count++];
    v.type = t;
    return v;
}

void AsyncStatementQueue::Op::setBytes(Value::Type t, std::string_view s)
{
    Value& v = set(t);
    v.bytes.offset = uint32_t(arena->size());
    v.bytes.length = uint32_t(s.size());
    arena->append(s.data(), s.size());
}

AsyncStatementQueue::AsyncStatementQueue()
{
    m_current.ops.reserve(kBatchOps);
    m_thread = std::thread([this] { run(); });
}

AsyncStatementQueue::~AsyncStatementQueue()
{
    {
        std::lock_guard<std::mutex> lock(m_mu);
        m_stop = true;
        m_queue.clear();
    }
    m_cv.notify_all();
    m_thread.join();
}

AsyncStatementQueue::Op& AsyncStatementQueue::add(sqlite3_stmt* stmt)
{
    if (m_failed.load(std::memory_order_acquire)) {
        std::lock_guard<std::mutex> lock(m_mu);
        throwIfFailed();
    }
    // A batch is handed over when it has kBatchOps ops or 4 MB of text (the arena's offsets are 32-bit).
    if (m_current.ops.size() >= kBatchOps || m_current.arena.size() > (size_t(4) << 20))
        submitCurrent();
    Op& op = m_current.ops.emplace_back();
    op.stmt = stmt;
    op.arena = &m_current.arena;
    op.count = 0;
    return op;
}

void AsyncStatementQueue::submitCurrent()
{
    std::unique_lock<std::mutex> lock(m_mu);
    throwIfFailed();
    // Bounded: the importing thread waits when it is far ahead (memory stays small).
    m_cv.wait(lock, [this] { return m_queue.size() < kMaxQueued || !m_error.empty(); });
    throwIfFailed();
    m_queue.push_back(std::move(m_current));
    if (!m_spare.empty()) {
        m_current = std::move(m_spare.front());
        m_spare.pop_front();
    } else {
        m_current = Batch();
        m_current.ops.reserve(kBatchOps);
    }
    lock.unlock();
    m_cv.notify_all();
}

void AsyncStatementQueue::drain()
{
    if (!m_current.ops.empty())
        submitCurrent();
    std::unique_lock<std::mutex> lock(m_mu);
    m_cv.wait(lock, [this] { return (m_queue.empty() && !m_busy) || !m_error.empty(); });
    throwIfFailed();
}

void AsyncStatementQueue::throwIfFailed()
{
    if (!m_error.empty())
        throw StoreError(m_error);
}

void AsyncStatementQueue::run()
{
    for (;;) {
        Batch batch;
        {
            std::unique_lock<std::mutex> lock(m_mu);
            m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop)
                return;
            batch = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
        }
        m_cv.notify_all(); // a queue slot is free
        std::string error;
        try {
            executeBatch(batch);
        } catch (const std::exception& e) {
            error = e.what();
        }
        batch.ops.clear();
        batch.arena.clear();
        {
            std::lock_guard<std::mutex> lock(m_mu);
            m_busy = false;
            if (!error.empty()) {
                m_error = error;
                m_failed.store(true, std::memory_order_release);
                m_queue.clear(); // nothing after a failed op may run
            }
            if (m_spare.size() < kMaxQueued)
                m_spare.push_back(std::move(batch));
        }
        m_cv.notify_all();
    }
}

void AsyncStatementQueue::setBulk(sqlite3_stmt* single, sqlite3_stmt* bulk, OpRowsTable* table)
{
    m_bulk.push_back(Bulk { single, bulk, table, {} });
}

void AsyncStatementQueue::bulkColumn(const void* context, size_t row, int column, sqlite3_context* out)
{
    const auto* b = static_cast<const BulkRows*>(context);
    const Op& op = (*b->ops)[(*b->rows)[row]];
    if (column >= op.count) {
        sqlite3_result_null(out);
        return;
    }
    const Value& v = op.values[column];
    switch (v.type) {
    case Value::Null:
        sqlite3_result_null(out);
        break;
    case Value::Int:
        sqlite3_result_int64(out, v.i);
        break;
    case Value::Real:
        sqlite3_result_double(out, v.d);
        break;
    case Value::Text: // the batch's arena lives until the bulk statement has run
        sqlite3_result_text(out, b->arena->data() + v.bytes.offset, int(v.bytes.length), SQLITE_STATIC);
        break;
    case Value::Blob:
        sqlite3_result_blob(out, b->arena->data() + v.bytes.offset, int(v.bytes.length), SQLITE_STATIC);
        break;
    }
}

void AsyncStatementQueue::executeBatch(const Batch& batch)
{
    // Ops of a bulk statement are collected (per statement, in order) and inserted by one execution of its bulk
    // INSERT ... SELECT at the end of the batch; any other op runs at once. So within a batch, a bulk statement's ops
    // run after later ops of other statements (see setBulk); everything has run when the batch is done.
    const std::vector<Op>& ops = batch.ops;
    for (Bulk& b : m_bulk)
        b.pending.clear();
    for (size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        Bulk* bulk = nullptr;
        for (Bulk& b : m_bulk)
            if (b.single == op.stmt)
                bulk = &b;
        if (bulk) {
            bulk->pending.push_back(i);
            continue;
        }
        bindValues(op.stmt, 0, op, batch.arena);
        step(op.stmt);
    }
    for (Bulk& b : m_bulk) {
        if (b.pending.empty())
            continue;
        const BulkRows rows { &ops, &b.pending, &batch.arena };
        b.table->setSource(OpRowsTable::Source { &rows, b.pending.size(), &AsyncStatementQueue::bulkColumn });
        try {
            step(b.bulk);
        } catch (...) {
            b.table->setSource(OpRowsTable::Source {});
            throw;
        }
        b.table->setSource(OpRowsTable::Source {});
        b.pending.clear();
    }
}

void AsyncStatementQueue::bindValues(sqlite3_stmt* st, int first, const Op& op, const std::string& arena)
{
    for (int i = 0; i < op.count; ++i) {
        const Value& v = op.values[i];
        const int at = first + i + 1;
        switch (v.type) {
        case Value::Null:
            sqlite3_bind_null(st, at);
            break;
        case Value::Int:
            sqlite3_bind_int64(st, at, v.i);
            break;
        case Value::Real:
            sqlite3_bind_double(st, at, v.d);
            break;
        case Value::Text:
            sqlite3_bind_text(st, at, arena.data() + v.bytes.offset, int(v.bytes.length), SQLITE_STATIC);
            break;
        case Value::Blob:
            sqlite3_bind_blob(st, at, arena.data() + v.bytes.offset, int(v.bytes.length), SQLITE_STATIC);
            break;
        }
    }
}

void AsyncStatementQueue::step(sqlite3_stmt* st)
{
    const int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        throw StoreError(std::string("database error while storing imported rows: ") + sqlite3_errstr(rc) + " ("
            + sqlite3_errmsg(sqlite3_db_handle(st)) + ")");
}

} // namespace crw
