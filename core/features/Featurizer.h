#pragma once
// Turns queries into fixed-length numeric feature rows, learned on training queries and replayable later.
#include "features/QueryBatch.h"

#include <QJsonObject>
#include <QStringList>
#include <memory>

namespace crw {

class Featurizer {
public:
    virtual ~Featurizer() = default;
    /// Learns the featurizer on training queries; every random choice is drawn from `seed`.
    virtual void fit(const QueryBatch& train, uint64_t seed) = 0;
    /// One row of dim() features per query. Each row depends only on its own query and the fitted state,
    /// so a query embedded alone gives bitwise the same row as inside a batch. Requires a prior fit().
    virtual Matrix transform(const QueryBatch& queries) const = 0;
    /// Output width (fixed after fit).
    virtual Eigen::Index dim() const = 0;
    /// Short column names, dim() of them.
    virtual QStringList featureNames() const = 0;
    /// Stable family name stored in JSON ("tfidf-svd", "embedding-pca").
    virtual QString family() const = 0;
    /// Complete fitted state: makeFeaturizerFromJson(toJson()) transforms bit-identically.
    virtual QJsonObject toJson() const = 0;
};

/// Restores a featurizer from Featurizer::toJson(); throws std::runtime_error on malformed input.
std::unique_ptr<Featurizer> makeFeaturizerFromJson(const QJsonObject& json);

} // namespace crw
