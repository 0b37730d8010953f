#pragma once
// Turns the queries of a PairTable into the feature matrix every learner sees.
#include "pipeline/PairTable.h"

#include <QJsonObject>

namespace crw {

struct FeatureOptions {
    QString source = QStringLiteral("auto"); // auto (embeddings if imported, else text) | text | embedding
    int dim = 50;                            // TF-IDF SVD dimensions, or PCA dimensions of embeddings (0 = keep all)
    bool lengthFeatures = true;              // log(1+chars), log(1+words)
    bool taskFeatures = true;                // one-hot task indicators
    uint64_t seed = 1;
    QJsonObject toJson() const;
};

struct BuiltFeatures {
    Matrix X;                 // one row per PairTable row
    QJsonObject featurizer;   // complete serialisation of the fitted featurizer
    QString description;      // e.g. "tfidf-svd d=50 + length + 14 tasks"
};

/// Fits the featurizer on every query of the table (unsupervised: texts or embeddings only, never labels) and
/// transforms them. Deterministic for options.seed.
BuiltFeatures buildFeatures(const PairTable& table, const FeatureOptions& options, Progress& progress);

/// log(1 + characters) of each text.
Vector logLengths(const QVector<QString>& texts);

} // namespace crw
