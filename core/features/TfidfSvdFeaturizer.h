#pragma once
// Offline text featurizer: hashed word/character-n-gram TF-IDF, randomised truncated SVD, plus length and task
// columns, standardised. Never touches the network.
#include "features/Featurizer.h"
#include "features/QueryExtras.h"
#include "features/TextHashing.h"
#include "learn/ColumnScaler.h"

#include <vector>

namespace crw {

struct TfidfSvdOptions {
    TextHashingOptions hashing;
    int dim = 50; // SVD components (columns beyond the attainable rank are all zero)
    int minDf = 2; // keep buckets seen in at least this many training texts (1 for tiny corpora)
    int maxFeatures = 1 << 15; // keep at most this many buckets, most frequent first
    int maxSvdDocs = 20000; // the SVD is fitted on a seeded sample of at most this many texts
    int oversample = 10;
    int powerIterations = 2;
    bool lengthFeatures = true; // log(1+chars), log(1+words)
    bool taskOneHot = true; // one column per training task (when tasks are given)
    bool standardize = true; // standardise every output column with training means/sds
};

class TfidfSvdFeaturizer final : public Featurizer {
public:
    explicit TfidfSvdFeaturizer(const TfidfSvdOptions& options = {});

    /// Learns idf on all training texts (sublinear tf, smooth idf, L2-normalised rows), then the SVD projection.
    void fit(const QueryBatch& train, uint64_t seed) override;
    Matrix transform(const QueryBatch& queries) const override;
    Eigen::Index dim() const override { return m_options.dim + m_extras.count(); }
    QStringList featureNames() const override;
    QString family() const override { return QStringLiteral("tfidf-svd"); }
    QJsonObject toJson() const override;

    static std::unique_ptr<TfidfSvdFeaturizer> fromJson(const QJsonObject& json);

    /// Buckets kept after document-frequency filtering.
    qsizetype vocabularySize() const { return qsizetype(m_vocab.size()); }
    /// Singular values of the training TF-IDF matrix (descending; fewer than dim when the rank is lower).
    const Vector& singularValues() const { return m_singular; }
    const TfidfSvdOptions& options() const { return m_options; }

private:
    struct Scratch {
        std::vector<uint32_t> buckets; // hashed buckets, then (weightedTerms) the known ones as sorted columns
        std::vector<std::pair<int32_t, double>> terms;
    };
    size_t weightedTerms(const QString& text, Scratch& s) const;
    void rawRow(const QueryBatch& batch, qsizetype i, double* out, Scratch& s) const;
    void buildLookup();

    TfidfSvdOptions m_options;
    std::vector<int32_t> m_vocab; // kept buckets, ascending
    std::vector<double> m_idf; // per kept bucket
    std::vector<float> m_projection; // vocab x dim, row-major (float halves the size; used as stored)
    Vector m_singular;
    QueryExtras m_extras;
    ColumnScaler m_scaler;
    std::vector<int32_t> m_lookup; // bucket -> vocabulary column or -1
    bool m_fitted = false;
};

} // namespace crw
