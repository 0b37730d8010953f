#pragma once
// Readable names for query clusters: each cluster's most distinctive words against the other clusters.
#include "learn/Types.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace crw {

/// For each cluster j in [0, k): up to `terms` words ranked by (share of the cluster's queries containing the word
/// - share of the other queries containing it) * idf, idf = log(N / document frequency). Words are tokenizeWords()
/// tokens of at least 3 characters, not all digits, not a common English function word or instruction verb
/// ("the", "which", "write", "explain", ...), in at least 2 of the cluster's queries (1 when the cluster has
/// fewer than 4). Ties broken alphabetically, so the names are deterministic. A cluster without such a word gets an
/// empty list.
QVector<QStringList> distinctiveTerms(const QVector<QString>& texts, const IntVector& label, int k, int terms = 3);

/// "word1, word2, word3", or "cluster j+1" when the list is empty.
QString clusterName(const QStringList& terms, int id);

} // namespace crw
