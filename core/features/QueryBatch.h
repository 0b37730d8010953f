#pragma once
// The inputs a featurizer sees for a set of queries.
#include "learn/Types.h"

#include <QStringList>

namespace crw {

/// One entry per query in each non-empty member (texts for text featurizers, embeddings for embedding
/// featurizers; tasks optional, used for task indicators).
struct QueryBatch {
    QStringList texts;
    QStringList tasks;
    Matrix embeddings;

    /// Number of queries (the largest member size).
    qsizetype size() const { return std::max({ texts.size(), tasks.size(), qsizetype(embeddings.rows()) }); }
};

} // namespace crw
