#pragma once
// Per-query view of a project for one (primary, alternative) model pair: gold gain, preference gain, truth.
#include "learn/Types.h"
#include "util/Progress.h"

#include <QString>
#include <QVector>

namespace crw {

/// Every query that has a gold gain or a preference label for the pair, in query-id order.
/// Missing values are NaN. Gold scores from several datasets are averaged; preference rows are oriented
/// primary-minus-alternative and averaged per query.
struct PairTable {
    QString primary, alternative;
    QVector<qint64> queryIds;
    QVector<QString> texts, tasks;
    Vector goldPrimary, goldAlternative; // per-model gold scores
    Vector gain;                          // goldPrimary - goldAlternative
    Vector pref;                          // preference gain (raw scale)
    Vector trueDelta;                     // simulator truth, when stored
    Vector costPrimary, costAlternative;  // USD per query: gold cost_usd, else gold tokens x token prices, else the
                                          // per-query price, else the mean costed gold row; NaN if unknown
    Matrix embeddings;                    // imported embeddings (rows = queries) when every query has one; else 0 cols
    int size() const { return int(queryIds.size()); }
    int goldCount() const;
    int prefCount() const;
};

/// Loads the table through its own SQLite connection (usable from a worker thread).
/// Throws StoreError if a model is unknown or the pair has no labels.
PairTable loadPairTable(const QString& projectPath, const QString& primary, const QString& alternative,
    Progress& progress);

} // namespace crw
