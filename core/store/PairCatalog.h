#pragma once
// Which models of a project can be trained on: models with gold or preference labels, the preference pairs with
// their label counts, and the number of gold queries of a pair. Reads through its own SQLite connection, so it can run
// on a worker thread.
#include <QString>
#include <QStringList>
#include <QVector>

namespace crw {

struct PreferencePair {
    QString modelA, modelB; ///< as stored: the outcome is the gain of modelA over modelB
    qint64 labels = 0;
};

struct PairCatalog {
    QStringList models; ///< models with at least one gold or preference label, by name
    QVector<PreferencePair> pairs; ///< unordered preference pairs, most labels first (ties by names)

    /// The pair with the most preference labels (modelA as primary), or false when there is none.
    bool defaultPair(QString* primary, QString* alternative) const;
};

/// Scans the project (one pass over gold and preference labels). Throws StoreError.
PairCatalog scanPairCatalog(const QString& projectPath);

/// Number of queries with gold scores for both models. Throws StoreError.
qint64 countPairGoldQueries(const QString& projectPath, const QString& primary, const QString& alternative);

} // namespace crw
