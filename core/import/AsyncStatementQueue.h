#pragma once
// Runs an import's row inserts on a second thread, in order, so that parsing and identity lookups (the importing
// thread) overlap with SQLite's B-tree work (this queue's thread). Both share one connection and one transaction.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct sqlite3_stmt;
struct sqlite3_context;

namespace crw {

class OpRowsTable;

class AsyncStatementQueue {
public:
    /// One value to bind (1-based parameter index = its position in the op). Text and blobs live in the batch's
    /// arena, so an op is a small fixed-size record.
    struct Value {
        enum Type : uint8_t { Null, Int, Real, Text, Blob } type = Null;
        union {
            int64_t i;
            double d;
            struct {
                uint32_t offset, length;
            } bytes;
        };
    };
    static constexpr int kMaxValues = 7;
    /// One execution of a prepared statement that returns no rows; fill it with the calls below, in order.
    class Op {
    public:
        void null() { values[count++].type = Value::Null; }
        void integer(int64_t v) { set(Value::Int).i = v; }
        void real(double v) { set(Value::Real).d = v; }
        void text(std::string_view s) { setBytes(Value::Text, s); }
        /// Text, or NULL for an empty string.
        void textOrNull(std::string_view s)
        {
            if (s.empty())
                null();
            else
                text(s);
        }
        void blob(std::string_view s) { setBytes(Value::Blob, s); }

    private:
        friend class AsyncStatementQueue;
        Value& set(Value::Type t);
        void setBytes(Value::Type t, std::string_view s);
        sqlite3_stmt* stmt = nullptr;
        std::string* arena = nullptr;
        int count = 0;
        Value values[kMaxValues];
    };

    AsyncStatementQueue();
    /// Discards what was not executed yet and stops the thread (the caller then rolls back).
    ~AsyncStatementQueue();
    AsyncStatementQueue(const AsyncStatementQueue&) = delete;
    AsyncStatementQueue& operator=(const AsyncStatementQueue&) = delete;

    /// A fresh op to fill; it runs after every op returned before it. Throws StoreError if an earlier op failed.
    Op& add(sqlite3_stmt* stmt);
    /// Lets the queue run all ops of `single` in a batch (kBatchOps ops) as one execution of `bulk`, an
    /// `INSERT INTO t(same columns) SELECT c0, c1, ... FROM crw_op_rows` reading `table`: no per-row binding and one
    /// statement start per batch. The ops of `single` keep their order, but run after the batch's ops of other
    /// statements: use it only when no op of another statement depends on them (e.g. foreign keys off, ids
    /// assigned by the caller). A value beyond an op's count reads as NULL. Call before add().
    void setBulk(sqlite3_stmt* single, sqlite3_stmt* bulk, OpRowsTable* table);
    /// Waits until every op added so far has run (the connection is then free for synchronous use on this thread).
    /// Throws StoreError with SQLite's message if one failed.
    void drain();

private:
    struct Batch {
        std::vector<Op> ops;
        std::string arena;
    };
    void submitCurrent();
    void run();
    void throwIfFailed();
    static void bindValues(sqlite3_stmt* st, int first, const Op& op, const std::string& arena);
    static void step(sqlite3_stmt* st);
    void executeBatch(const Batch& batch);
    struct Bulk {
        sqlite3_stmt* single = nullptr;
        sqlite3_stmt* bulk = nullptr;
        OpRowsTable* table = nullptr;
        std::vector<size_t> pending; // indices into the batch being executed (writer thread only)
    };
    std::vector<Bulk> m_bulk;
    struct BulkRows {
        const std::vector<Op>* ops;
        const std::vector<size_t>* rows;
        const std::string* arena;
    };
    static void bulkColumn(const void* context, size_t row, int column, sqlite3_context* out);

    static constexpr size_t kBatchOps = 4096, kMaxQueued = 4;
    Batch m_current;
    std::mutex m_mu;
    std::condition_variable m_cv;
    std::deque<Batch> m_queue, m_spare;
    bool m_busy = false, m_stop = false;
    std::string m_error;
    std::atomic<bool> m_failed { false }; // m_error is set (readable without the lock)
    std::thread m_thread;
};

} // namespace crw
