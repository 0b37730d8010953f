#include "features/EmbeddingPcaFeaturizer.h"
#include "features/RandomizedSvd.h"
#include "learn/JsonArrays.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace crw {

namespace {
constexpr int kFormatVersion = 1;

// out[j] = sum_k z[k] * L[k * c + j], accumulated from 0.0 in ascending k for every j: a fixed order, independent of
// the batch, so a row's projection is bitwise reproducible. Eight outputs at a time stay in registers over the whole
// k loop (the per-element arithmetic is the same as a plain loop; only loads and stores are saved). Built twice,
// for AVX2 and baseline x86-64; neither contracts into FMA, so both give identical bits.
typedef double Lanes4 __attribute__((vector_size(32))); // GCC vector extension: 4 doubles (2 SSE2 or 1 AVX register)
constexpr Eigen::Index kBlock = 8;
__attribute__((target_clones("avx2", "default"))) void projectRow(
    const double* z, Eigen::Index D, const double* L, Eigen::Index c, double* out)
{
    Eigen::Index j0 = 0;
    for (; j0 + kBlock <= c; j0 += kBlock) {
        Lanes4 acc0 = {}, acc1 = {};
        for (Eigen::Index k = 0; k < D; ++k) {
            const Lanes4 zk = { z[k], z[k], z[k], z[k] };
            Lanes4 r0, r1;
            std::memcpy(&r0, L + k * c + j0, sizeof r0);
            std::memcpy(&r1, L + k * c + j0 + 4, sizeof r1);
            const Lanes4 p0 = zk * r0, p1 = zk * r1; // rounded products, then rounded sums: no FMA
            acc0 += p0;
            acc1 += p1;
        }
        std::memcpy(out + j0, &acc0, sizeof acc0);
        std::memcpy(out + j0 + 4, &acc1, sizeof acc1);
    }
    for (Eigen::Index j = j0; j < c; ++j) {
        double acc = 0.0;
        for (Eigen::Index k = 0; k < D; ++k)
            acc += z[k] * L[k * c + j];
        out[j] = acc;
    }
}
// projectRow for four rows at once (z rows zStride apart, outputs outStride apart): each loaded piece of L serves four
// rows. Per output element the arithmetic and its order are exactly projectRow's, so the bits are the same.
__attribute__((target_clones("avx2", "default"))) void projectFourRows(const double* z, Eigen::Index zStride,
    Eigen::Index D, const double* L, Eigen::Index c, double* out, Eigen::Index outStride)
{
    Eigen::Index j0 = 0;
    for (; j0 + kBlock <= c; j0 += kBlock) {
        Lanes4 acc[4][2] = {};
        for (Eigen::Index k = 0; k < D; ++k) {
            Lanes4 r0, r1;
            std::memcpy(&r0, L + k * c + j0, sizeof r0);
            std::memcpy(&r1, L + k * c + j0 + 4, sizeof r1);
            for (int r = 0; r < 4; ++r) {
                const double v = z[r * zStride + k];
                const Lanes4 zk = { v, v, v, v };
                const Lanes4 p0 = zk * r0, p1 = zk * r1;
                acc[r][0] += p0;
                acc[r][1] += p1;
            }
        }
        for (int r = 0; r < 4; ++r) {
            std::memcpy(out + r * outStride + j0, &acc[r][0], sizeof(Lanes4));
            std::memcpy(out + r * outStride + j0 + 4, &acc[r][1], sizeof(Lanes4));
        }
    }
    for (int r = 0; r < 4; ++r)
        for (Eigen::Index j = j0; j < c; ++j) {
            double a = 0.0;
            for (Eigen::Index k = 0; k < D; ++k)
                a += z[r * zStride + k] * L[k * c + j];
            out[r * outStride + j] = a;
        }
}
}

EmbeddingPcaFeaturizer::EmbeddingPcaFeaturizer(const EmbeddingPcaOptions& options)
    : m_options(options)
    , m_extras(options.lengthFeatures, options.taskOneHot)
{
    if (options.dim < 0)
        throw std::invalid_argument("embedding-pca: dim must be >= 0");
}

void EmbeddingPcaFeaturizer::fit(const QueryBatch& train, uint64_t seed)
{
    const Matrix& E = train.embeddings;
    const Eigen::Index n = E.rows(), D = E.cols();
    if (n < 2 || D < 1)
        throw std::invalid_argument("embedding-pca: need at least 2 embedding rows");
    if (!E.allFinite())
        throw std::invalid_argument("embedding-pca: embeddings must be finite");
    m_inMean = E.colwise().mean().transpose();
    m_inSd = Vector::Ones(D);
    Eigen::MatrixXd Z = E.rowwise() - m_inMean.transpose();
    if (m_options.standardizeInputs) {
        for (Eigen::Index j = 0; j < D; ++j) {
            const double sd = std::sqrt(Z.col(j).squaredNorm() / double(n));
            if (sd > 1e-12 * std::max(1.0, std::abs(m_inMean[j]))) {
                m_inSd[j] = sd;
                Z.col(j) /= sd;
            }
        }
    }
    const double totalVariance = Z.squaredNorm() / double(n - 1);
    m_rotate = m_options.dim > 0;
    m_components = m_rotate ? std::min<Eigen::Index>({ Eigen::Index(m_options.dim), D }) : D;
    Eigen::MatrixXd axes;
    if (!m_rotate) {
        axes = Eigen::MatrixXd::Identity(D, D);
        m_explained = 1.0;
    } else if (D <= m_options.randomizedAbove) {
        const Eigen::MatrixXd cov = (Z.transpose() * Z) / double(n - 1);
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
        if (eig.info() != Eigen::Success)
            throw std::runtime_error("embedding-pca: eigen decomposition failed");
        axes.resize(D, m_components);
        double kept = 0.0;
        for (Eigen::Index j = 0; j < m_components; ++j) {
            axes.col(j) = eig.eigenvectors().col(D - 1 - j); // eigenvalues ascend
            kept += std::max(eig.eigenvalues()[D - 1 - j], 0.0);
        }
        m_explained = totalVariance > 0 ? kept / totalVariance : 0.0;
    } else {
        RandomizedSvdOptions so;
        so.rank = int(m_components);
        const TruncatedSvd svd = randomizedSvd(Z, so, seed);
        axes = Eigen::MatrixXd::Zero(D, m_components);
        axes.leftCols(svd.rightVectors.cols()) = svd.rightVectors;
        m_explained = totalVariance > 0 ? svd.singularValues.squaredNorm() / double(n - 1) / totalVariance : 0.0;
    }
    for (Eigen::Index j = 0; m_rotate && j < axes.cols(); ++j) {
        Eigen::Index arg = 0;
        axes.col(j).cwiseAbs().maxCoeff(&arg);
        if (axes(arg, j) < 0)
            axes.col(j) *= -1.0;
    }
    m_loadings.resize(size_t(D * m_components));
    for (Eigen::Index k = 0; k < D; ++k)
        for (Eigen::Index j = 0; j < m_components; ++j)
            m_loadings[size_t(k * m_components + j)] = axes(k, j);
    Z.resize(0, 0);

    m_extras = QueryExtras(m_options.lengthFeatures, m_options.taskOneHot);
    m_extras.fit(train);
    m_fitted = true;
    m_scaler = ColumnScaler();
    if (m_options.standardize) {
        Matrix raw(n, dim());
        std::vector<double> z;
        for (Eigen::Index i = 0; i < n; ++i)
            rawRow(train, i, raw.row(i).data(), z);
        m_scaler.fit(raw, {});
    }
}

void EmbeddingPcaFeaturizer::standardisedInput(const QueryBatch& batch, qsizetype i, double* dst) const
{
    for (Eigen::Index k = 0; k < m_inMean.size(); ++k)
        dst[k] = (batch.embeddings(i, k) - m_inMean[k]) / m_inSd[k];
}

void EmbeddingPcaFeaturizer::rawRow(const QueryBatch& batch, qsizetype i, double* out, std::vector<double>& z) const
{
    const Eigen::Index D = m_inMean.size(), c = m_components;
    z.resize(size_t(D));
    standardisedInput(batch, i, z.data());
    projectRow(z.data(), D, m_loadings.data(), c, out);
    m_extras.write(batch, i, out + c);
}

Matrix EmbeddingPcaFeaturizer::transform(const QueryBatch& queries) const
{
    if (!m_fitted)
        throw std::logic_error("embedding-pca: transform before fit");
    if (queries.embeddings.cols() != m_inMean.size())
        throw std::invalid_argument("embedding-pca: embedding width differs from the fitted one");
    const Eigen::Index n = queries.embeddings.rows(), D = m_inMean.size(), c = m_components;
    Matrix out(n, dim());
    // Standardised inputs of four rows at a time (a small buffer that stays in cache), then their projection; the
    // last rows one by one. Bitwise equal to rawRow's.
    std::vector<double> z(size_t(4 * D));
    const Eigen::Index oc = out.cols();
    Eigen::Index i = 0;
    for (; i + 4 <= n; i += 4) {
        for (int r = 0; r < 4; ++r)
            standardisedInput(queries, i + r, z.data() + r * D);
        projectFourRows(z.data(), D, D, m_loadings.data(), c, out.row(i).data(), oc);
    }
    for (; i < n; ++i) {
        standardisedInput(queries, i, z.data());
        projectRow(z.data(), D, m_loadings.data(), c, out.row(i).data());
    }
    for (i = 0; i < n; ++i) {
        m_extras.write(queries, i, out.row(i).data() + c);
        if (m_options.standardize)
            m_scaler.transformRow(out.row(i).data());
    }
    return out;
}

Eigen::MatrixXd EmbeddingPcaFeaturizer::loadings() const
{
    Eigen::MatrixXd L(m_inMean.size(), m_components);
    for (Eigen::Index k = 0; k < L.rows(); ++k)
        for (Eigen::Index j = 0; j < L.cols(); ++j)
            L(k, j) = m_loadings[size_t(k * m_components + j)];
    return L;
}

QStringList EmbeddingPcaFeaturizer::featureNames() const
{
    QStringList names;
    for (Eigen::Index j = 0; j < m_components; ++j)
        names << (m_rotate ? QString("pc%1").arg(j + 1) : QString("emb%1").arg(j + 1));
    return names + m_extras.names();
}

QJsonObject EmbeddingPcaFeaturizer::toJson() const
{
    QJsonObject o;
    o["family"] = family();
    o["version"] = kFormatVersion;
    QJsonObject opt;
    opt["dim"] = m_options.dim;
    opt["standardize_inputs"] = m_options.standardizeInputs;
    opt["task_one_hot"] = m_options.taskOneHot;
    opt["length_features"] = m_options.lengthFeatures;
    opt["standardize"] = m_options.standardize;
    opt["randomized_above"] = m_options.randomizedAbove;
    o["options"] = opt;
    o["fitted"] = m_fitted;
    if (!m_fitted)
        return o;
    o["input_dim"] = double(m_inMean.size());
    o["components"] = double(m_components);
    o["input_mean"] = doublesToBase64(m_inMean.data(), m_inMean.size());
    o["input_sd"] = doublesToBase64(m_inSd.data(), m_inSd.size());
    o["loadings"] = doublesToBase64(m_loadings.data(), qsizetype(m_loadings.size()));
    o["explained_variance_ratio"] = m_explained;
    o["extras"] = m_extras.toJson();
    if (m_options.standardize)
        o["scaler"] = m_scaler.toJson();
    return o;
}

std::unique_ptr<EmbeddingPcaFeaturizer> EmbeddingPcaFeaturizer::fromJson(const QJsonObject& json)
{
    if (requireKey(json, "family").toString() != "embedding-pca"
        || requireKey(json, "version").toInt() != kFormatVersion)
        throw std::runtime_error("embedding-pca: unsupported family or version");
    const QJsonObject opt = requireKey(json, "options").toObject();
    EmbeddingPcaOptions o;
    o.dim = requireKey(opt, "dim").toInt();
    o.standardizeInputs = requireKey(opt, "standardize_inputs").toBool();
    o.taskOneHot = requireKey(opt, "task_one_hot").toBool();
    o.lengthFeatures = requireKey(opt, "length_features").toBool();
    o.standardize = requireKey(opt, "standardize").toBool();
    o.randomizedAbove = opt.value("randomized_above").toInt(o.randomizedAbove);
    auto f = std::make_unique<EmbeddingPcaFeaturizer>(o);
    if (!requireKey(json, "fitted").toBool())
        return f;
    const qint64 D = requireKey(json, "input_dim").toInteger(-1), c = requireKey(json, "components").toInteger(-1);
    if (D < 1 || c < 0 || c > D)
        throw std::runtime_error("embedding-pca: invalid shape");
    const auto mean = doublesFromBase64(requireKey(json, "input_mean"), D);
    const auto sd = doublesFromBase64(requireKey(json, "input_sd"), D);
    f->m_inMean = Eigen::Map<const Vector>(mean.data(), D);
    f->m_inSd = Eigen::Map<const Vector>(sd.data(), D);
    f->m_loadings = doublesFromBase64(requireKey(json, "loadings"), D * c);
    f->m_components = c;
    f->m_rotate = o.dim > 0;
    f->m_explained = json.value("explained_variance_ratio").toDouble();
    f->m_extras = QueryExtras::fromJson(requireKey(json, "extras").toObject());
    if (o.standardize) {
        f->m_scaler = ColumnScaler::fromJson(requireKey(json, "scaler").toObject());
        if (f->m_scaler.dim() != f->dim())
            throw std::runtime_error("embedding-pca: scaler width differs from the feature width");
    }
    f->m_fitted = true;
    return f;
}

} // namespace crw
