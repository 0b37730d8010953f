#pragma once
// Imported embedding vectors, optionally standardised, reduced by PCA, plus task columns, standardised.
#include "features/Featurizer.h"
#include "features/QueryExtras.h"
#include "learn/ColumnScaler.h"

#include <vector>

namespace crw {

struct EmbeddingPcaOptions {
    int dim = 50; // principal components; 0 keeps the (centred) input columns unrotated
    bool standardizeInputs = false; // scale each input column to unit variance before PCA
    bool taskOneHot = true;
    bool lengthFeatures = false; // log(1+chars), log(1+words); needs texts in every batch
    bool standardize = true; // standardise every output column
    int randomizedAbove = 2000; // input widths above this use randomised SVD instead of the covariance
};

class EmbeddingPcaFeaturizer final : public Featurizer {
public:
    explicit EmbeddingPcaFeaturizer(const EmbeddingPcaOptions& options = {});

    /// Learns input means (and sds), then the top principal axes (covariance eigenvectors, or randomised SVD for
    /// wide inputs); each axis's sign is fixed so its largest |loading| is positive.
    void fit(const QueryBatch& train, uint64_t seed) override;
    Matrix transform(const QueryBatch& queries) const override;
    Eigen::Index dim() const override { return m_components + m_extras.count(); }
    QStringList featureNames() const override;
    QString family() const override { return QStringLiteral("embedding-pca"); }
    QJsonObject toJson() const override;

    static std::unique_ptr<EmbeddingPcaFeaturizer> fromJson(const QJsonObject& json);

    /// Share of the total (standardised) input variance captured by the kept components.
    double explainedVarianceRatio() const { return m_explained; }
    /// Input width seen at fit.
    Eigen::Index inputDim() const { return m_inMean.size(); }
    /// Loadings, inputDim() x components, column j = axis j.
    Eigen::MatrixXd loadings() const;

private:
    void rawRow(const QueryBatch& batch, qsizetype i, double* out, std::vector<double>& z) const;
    /// Row i's embedding, centred and scaled by the input statistics, into dst (D values).
    void standardisedInput(const QueryBatch& batch, qsizetype i, double* dst) const;

    EmbeddingPcaOptions m_options;
    Vector m_inMean, m_inSd;
    std::vector<double> m_loadings; // inputDim x components, row-major
    Eigen::Index m_components = 0;
    bool m_rotate = true;
    double m_explained = 0.0;
    QueryExtras m_extras;
    ColumnScaler m_scaler;
    bool m_fitted = false;
};

} // namespace crw
