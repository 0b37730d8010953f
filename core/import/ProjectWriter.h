#pragma once
// The database side of one import: its own SQLite connection, one IMMEDIATE transaction, reused prepared
// statements and in-memory identity maps (external id, text key, model name -> row id) loaded at the start.
// Row inserts run on a second thread (AsyncStatementQueue), overlapping with parsing on the importing thread.
#include "import/AsyncStatementQueue.h"
#include "import/ImportTypes.h"
#include "import/LabelSet.h"
#include "import/NameCache.h"
#include "import/OpRowsTable.h"
#include "import/RepeatedKeyCounter.h"
#include "store/SqliteDb.h"

#include <QString>
#include <QStringList>
#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crw {

/// A row-level problem; the importer turns it into an ImportError or a skipped row.
struct RowError {
    RowError(int column, QString message, QString path = {})
        : column(column)
        , message(std::move(message))
        , path(std::move(path))
    {
    }
    int column = -1; // source column index (0-based) or -1
    QString message;
    QString path; // JSON path of the value ("$[3].scores.m"), when known
};

/// Hash and equality that let unordered_map<std::string, V> be searched with a string_view.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
};
struct StringEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
};
template <class V> using StringMap = std::unordered_map<std::string, V, StringHash, StringEq>;

/// Longest accepted query id, model name, judge name and task (UTF-8 bytes): longer values are row errors.
constexpr size_t kMaxIdBytes = 1024;
/// Longest accepted query text (UTF-8 bytes); longer is a row error.
constexpr size_t kMaxTextBytes = size_t(16) << 20;

class ProjectWriter {
public:
    /// Opens the project, begins the transaction and loads the identity maps. Throws StoreError.
    explicit ProjectWriter(const QString& projectPath);
    /// Rolls back unless commit() ran.
    ~ProjectWriter();

    /// Inserts the datasets row under a unique name (base, "base (2)", ...); returns its id.
    qint64 createDataset(const QString& baseName, const QString& kind, const QString& format, const QString& source);
    /// Sets rows and sha256 of the dataset, then commits.
    void finishAndCommit(qint64 rows, const QString& sha256);
    const QString& datasetName() const { return m_datasetName; }

    /// The query for an external id and/or a text (either may be empty, not both). Creates it when new;
    /// fills a missing task/text/id of an existing one (never overwrites). Throws RowError if both are empty.
    qint64 query(std::string_view externalId, std::string_view text, std::string_view task);
    /// The model with this exact (trimmed) name, created when new. Throws RowError for an empty name.
    qint64 model(std::string_view name);
    /// Updates the given prices (NaN = leave as is) of a model, creating it when new.
    void setPrices(std::string_view name, double inputPerMtok, double outputPerMtok, double perQuery);

    /// Stores a gold label; returns false for an exact duplicate within this dataset (not stored).
    /// Throws RowError if the dataset already has a different score for (query, model).
    bool gold(qint64 queryId, qint64 modelId, double score, double costUsd = std::numeric_limits<double>::quiet_NaN(),
        qint64 inputTokens = -1, qint64 outputTokens = -1);
    /// Checks a gold label without storing it: 0 new, 1 exact duplicate; throws RowError on conflict.
    int checkGold(qint64 queryId, qint64 modelId, double score) const;
    /// What preference() did with a label.
    enum class Stored { New, Duplicate, Merged };
    /// How repeated (query, a, b, judge) keys are handled (ImportOptions::duplicates; Auto is resolved by the
    /// caller). Default Refuse.
    void setDuplicatePolicy(DuplicatePolicy p) { m_policy = p; }
    /// Stores a preference label (outcome = a-minus-b gain). Refuse: Duplicate (not stored) for an exact repeat within
    /// this dataset, RowError for a different outcome of the same (query, a, b, judge). Keep: always New (a repeated
    /// vote is a label of its own). Mean: New for the first vote of a key, Merged for later ones; the mean of a key's
    /// outcomes is written by finishAndCommit().
    Stored preference(qint64 queryId, qint64 modelA, qint64 modelB, double outcome, std::string_view judge);
    /// Stores an "imported" embedding; throws RowError if its dimension differs from the project's.
    void embedding(qint64 queryId, const std::vector<double>& vector);

    /// Expects about n labels (sizes the duplicate check once instead of growing it). For a preference dataset of at
    /// least kRebuildIndexMin labels, more than the project already has, the dataset index is dropped now and created
    /// again before the commit (inside the transaction, so a failed import leaves it as it was).
    void expectLabels(qint64 n);
    static constexpr qint64 kRebuildIndexMin = 50000;

    qint64 newQueries() const { return m_newQueries; }
    qint64 newModels() const { return m_newModels; }
    /// Non-fatal notes collected while writing (text conflicts, repeated votes). Counts the repeated votes of a Keep
    /// import (a sort of the keys), so call it once, after the last row.
    QStringList warnings();

private:
    /// The constructor's work after the statements are prepared: pragmas, the write transaction, the identity maps.
    /// (If it throws, the members are destroyed in reverse order: the queue's thread stops before the statements.)
    void init();
    struct QueryState {
        bool hasId, hasText, hasTask;
    };
    qint64 insertQuery(
        std::string_view externalId, std::string_view text, const std::string& key, std::string_view task);
    void fillMissing(qint64 id, std::string_view externalId, std::string_view text, std::string_view task);

    std::unique_ptr<SqliteDb> m_db;
    bool m_committed = false;
    qint64 m_datasetId = 0;
    QString m_datasetName;
    StringMap<qint64> m_byExternalId, m_byTextKey, m_models, m_judges;
    std::unordered_map<qint64, QueryState> m_queryState;
    LabelSet m_labels;
    std::string m_lastExternalId;
    qint64 m_lastQueryId = 0;
    NameCache m_modelCache; // recent model names (in front of m_models)
    RepeatedKeyCounter m_keepKeys; // DuplicatePolicy::Keep: the keys, counted once by warnings()
    std::unique_ptr<OpRowsTable> m_opRows; // registered before the bulk statements below are prepared
    SqliteStmt m_insPrefBulk, m_insGoldBulk;
    SqliteStmt m_insQuery, m_insModel, m_insGold, m_insPref, m_setTask, m_setText,
        m_setExternalId, m_insFeature, m_setPrices;
    qint64 m_newQueries = 0, m_newModels = 0, m_textClashes = 0;
    qint64 m_nextQueryId = 1;
    qint64 m_existingPreferenceRows = 0; // max(id) at the start: an upper bound of the project's preference labels
    QString m_kind; // of the dataset being imported
    bool m_rebuildPreferenceIndex = false;
    // Row inserts (queries, labels, embeddings) run on this queue's thread; every other statement drains it first.
    // Declared last: destroyed (thread stopped) first.
    std::unique_ptr<AsyncStatementQueue> m_async = std::make_unique<AsyncStatementQueue>();
    int m_embeddingDim = -1;
    DuplicatePolicy m_policy = DuplicatePolicy::Refuse;
    qint64 m_repeatedVotes = -1; // Keep: labels whose key was seen before in this import (-1: not counted yet)
    struct MeanVote {
        qint64 q, a, b;
        std::string judge;
        double sum;
        qint64 n;
    };
    std::vector<MeanVote> m_means; // Mean: one entry per key, in order of first appearance
    void writeMeans();
};

} // namespace crw
