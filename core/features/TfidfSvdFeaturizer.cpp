#include "features/TfidfSvdFeaturizer.h"
#include "features/RandomizedSvd.h"
#include "learn/JsonArrays.h"

#include <QJsonArray>
#include <immintrin.h>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

namespace {
constexpr int kFormatVersion = 1;

using Term = std::pair<int32_t, double>;

/// out[j] += v * p[j] over the terms in order, for each j: the sum the plain loop computes, rounded the same way
/// (a multiply then an add, no fused multiply-add), only 4 columns per instruction and accumulators in registers.
__attribute__((target("avx2"))) void projectTermsAvx2(
    const Term* terms, size_t n, const float* projection, int d, double* out)
{
    int j = 0;
    for (; j + 16 <= d; j += 16) {
        __m256d a0 = _mm256_loadu_pd(out + j), a1 = _mm256_loadu_pd(out + j + 4);
        __m256d a2 = _mm256_loadu_pd(out + j + 8), a3 = _mm256_loadu_pd(out + j + 12);
        for (size_t t = 0; t < n; ++t) {
            const float* p = projection + size_t(terms[t].first) * size_t(d) + j;
            const __m256d v = _mm256_set1_pd(terms[t].second);
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(v, _mm256_cvtps_pd(_mm_loadu_ps(p))));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(v, _mm256_cvtps_pd(_mm_loadu_ps(p + 4))));
            a2 = _mm256_add_pd(a2, _mm256_mul_pd(v, _mm256_cvtps_pd(_mm_loadu_ps(p + 8))));
            a3 = _mm256_add_pd(a3, _mm256_mul_pd(v, _mm256_cvtps_pd(_mm_loadu_ps(p + 12))));
        }
        _mm256_storeu_pd(out + j, a0);
        _mm256_storeu_pd(out + j + 4, a1);
        _mm256_storeu_pd(out + j + 8, a2);
        _mm256_storeu_pd(out + j + 12, a3);
    }
    for (; j + 4 <= d; j += 4) {
        __m256d a = _mm256_loadu_pd(out + j);
        for (size_t t = 0; t < n; ++t) {
            const float* p = projection + size_t(terms[t].first) * size_t(d) + j;
            a = _mm256_add_pd(a, _mm256_mul_pd(_mm256_set1_pd(terms[t].second), _mm256_cvtps_pd(_mm_loadu_ps(p))));
        }
        _mm256_storeu_pd(out + j, a);
    }
    for (; j < d; ++j) {
        double a = out[j];
        for (size_t t = 0; t < n; ++t)
            a += terms[t].second * double(projection[size_t(terms[t].first) * size_t(d) + size_t(j)]);
        out[j] = a;
    }
}

/// The portable loop (the reference the AVX2 version reproduces).
void projectTermsPlain(const Term* terms, size_t n, const float* projection, int d, double* out)
{
    for (size_t t = 0; t < n; ++t) {
        const float* p = projection + size_t(terms[t].first) * size_t(d);
        const double v = terms[t].second;
        for (int j = 0; j < d; ++j)
            out[j] += v * double(p[j]);
    }
}

void projectTerms(const Term* terms, size_t n, const float* projection, int d, double* out)
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2)
        projectTermsAvx2(terms, n, projection, d, out);
    else
        projectTermsPlain(terms, n, projection, d, out);
}
constexpr uint64_t kSvdSeedSalt = 0x51f15e5d7a1e0001ULL;

QJsonObject optionsToJson(const TfidfSvdOptions& o)
{
    QJsonObject j;
    j["hash_bits"] = o.hashing.hashBits;
    j["word_unigrams"] = o.hashing.wordUnigrams;
    j["word_bigrams"] = o.hashing.wordBigrams;
    j["char_min"] = o.hashing.charMin;
    j["char_max"] = o.hashing.charMax;
    j["dim"] = o.dim;
    j["min_df"] = o.minDf;
    j["max_features"] = o.maxFeatures;
    j["max_svd_docs"] = o.maxSvdDocs;
    j["oversample"] = o.oversample;
    j["power_iterations"] = o.powerIterations;
    j["length_features"] = o.lengthFeatures;
    j["task_one_hot"] = o.taskOneHot;
    j["standardize"] = o.standardize;
    return j;
}

TfidfSvdOptions optionsFromJson(const QJsonObject& j)
{
    TfidfSvdOptions o;
    o.hashing.hashBits = requireKey(j, "hash_bits").toInt();
    o.hashing.wordUnigrams = requireKey(j, "word_unigrams").toBool();
    o.hashing.wordBigrams = requireKey(j, "word_bigrams").toBool();
    o.hashing.charMin = requireKey(j, "char_min").toInt();
    o.hashing.charMax = requireKey(j, "char_max").toInt();
    o.dim = requireKey(j, "dim").toInt();
    o.minDf = j.value("min_df").toInt(o.minDf);
    o.maxFeatures = j.value("max_features").toInt(o.maxFeatures);
    o.maxSvdDocs = j.value("max_svd_docs").toInt(o.maxSvdDocs);
    o.oversample = j.value("oversample").toInt(o.oversample);
    o.powerIterations = j.value("power_iterations").toInt(o.powerIterations);
    o.lengthFeatures = requireKey(j, "length_features").toBool();
    o.taskOneHot = requireKey(j, "task_one_hot").toBool();
    o.standardize = requireKey(j, "standardize").toBool();
    if (o.hashing.hashBits < 1 || o.hashing.hashBits > 30 || o.dim < 0)
        throw std::runtime_error("tfidf-svd: invalid options");
    return o;
}
} // namespace

TfidfSvdFeaturizer::TfidfSvdFeaturizer(const TfidfSvdOptions& options)
    : m_options(options)
    , m_extras(options.lengthFeatures, options.taskOneHot)
{
    if (options.hashing.hashBits < 1 || options.hashing.hashBits > 30 || options.dim < 0)
        throw std::invalid_argument("tfidf-svd: hashBits must be in [1,30] and dim >= 0");
}

void TfidfSvdFeaturizer::buildLookup()
{
    m_lookup.assign(size_t(1) << m_options.hashing.hashBits, -1);
    for (size_t c = 0; c < m_vocab.size(); ++c)
        m_lookup[size_t(m_vocab[c])] = int32_t(c);
}

size_t TfidfSvdFeaturizer::weightedTerms(const QString& text, Scratch& s) const
{
    s.buckets.clear();
    s.terms.clear();
    const size_t words = hashTerms(text, m_options.hashing, s.buckets);
    // Buckets to vocabulary columns first, dropping unknown ones, then sort: columns ascend with buckets (the
    // vocabulary is sorted), so the terms come out in the same order as sorting the buckets, with fewer to sort.
    size_t kept = 0;
    for (const uint32_t b : s.buckets) {
        const int32_t col = m_lookup[b];
        if (col >= 0)
            s.buckets[kept++] = uint32_t(col);
    }
    s.buckets.resize(kept);
    std::sort(s.buckets.begin(), s.buckets.end());
    double norm2 = 0.0;
    for (size_t i = 0; i < s.buckets.size();) {
        size_t e = i;
        while (e < s.buckets.size() && s.buckets[e] == s.buckets[i])
            ++e;
        const int32_t col = int32_t(s.buckets[i]);
        // Sublinear tf; a term seen once has 1 + log(1) = 1 exactly, so its weight is the idf itself.
        const double v = e - i == 1 ? m_idf[size_t(col)] : (1.0 + std::log(double(e - i))) * m_idf[size_t(col)];
        s.terms.push_back({ col, v });
        norm2 += v * v;
        i = e;
    }
    if (norm2 > 0) {
        const double inv = 1.0 / std::sqrt(norm2);
        for (auto& t : s.terms)
            t.second *= inv;
    }
    return words;
}

void TfidfSvdFeaturizer::rawRow(const QueryBatch& batch, qsizetype i, double* out, Scratch& s) const
{
    const int d = m_options.dim;
    std::fill(out, out + d, 0.0);
    const size_t words = weightedTerms(batch.texts[i], s);
    projectTerms(s.terms.data(), s.terms.size(), m_projection.data(), d, out);
    m_extras.write(batch, i, out + d, qsizetype(words));
}

void TfidfSvdFeaturizer::fit(const QueryBatch& train, uint64_t seed)
{
    const qsizetype n = train.texts.size();
    if (n == 0)
        throw std::invalid_argument("tfidf-svd: no training texts");
    if (!train.tasks.isEmpty() && train.tasks.size() != n)
        throw std::invalid_argument("tfidf-svd: tasks must be empty or one per text");
    const size_t buckets = size_t(1) << m_options.hashing.hashBits;

    // Pass 1: document frequencies.
    std::vector<int32_t> df(buckets, 0);
    Scratch s;
    for (const QString& text : train.texts) {
        s.buckets.clear();
        hashTerms(text, m_options.hashing, s.buckets);
        std::sort(s.buckets.begin(), s.buckets.end());
        s.buckets.erase(std::unique(s.buckets.begin(), s.buckets.end()), s.buckets.end());
        for (uint32_t b : s.buckets)
            ++df[b];
    }
    std::vector<int32_t> kept;
    for (int minDf : { std::max(m_options.minDf, 1), 1 }) {
        kept.clear();
        for (size_t b = 0; b < buckets; ++b)
            if (df[b] >= minDf)
                kept.push_back(int32_t(b));
        if (qsizetype(kept.size()) >= 2 * qsizetype(m_options.dim))
            break; // enough vocabulary; otherwise (tiny corpus) retry with every seen bucket
    }
    if (m_options.maxFeatures > 0 && kept.size() > size_t(m_options.maxFeatures)) {
        std::stable_sort(kept.begin(), kept.end(), [&](int32_t a, int32_t b) { return df[a] > df[b]; });
        kept.resize(size_t(m_options.maxFeatures));
        std::sort(kept.begin(), kept.end());
    }
    m_vocab = kept;
    m_idf.resize(m_vocab.size());
    for (size_t c = 0; c < m_vocab.size(); ++c)
        m_idf[c] = std::log((1.0 + double(n)) / (1.0 + double(df[size_t(m_vocab[c])]))) + 1.0;
    df = {};
    buildLookup();

    // Pass 2: TF-IDF rows of a seeded sample of texts, then the SVD.
    std::vector<qsizetype> docs(static_cast<size_t>(n));
    std::iota(docs.begin(), docs.end(), qsizetype(0));
    if (m_options.maxSvdDocs > 0 && n > m_options.maxSvdDocs) {
        std::mt19937_64 rng(seed);
        std::shuffle(docs.begin(), docs.end(), rng);
        docs.resize(size_t(m_options.maxSvdDocs));
        std::sort(docs.begin(), docs.end());
    }
    SparseRowMatrix A(Eigen::Index(docs.size()), Eigen::Index(m_vocab.size()));
    {
        std::vector<std::vector<std::pair<int32_t, double>>> rows(docs.size());
        size_t nnz = 0;
        for (size_t r = 0; r < docs.size(); ++r) {
            weightedTerms(train.texts[docs[r]], s);
            rows[r] = s.terms;
            nnz += s.terms.size();
        }
        A.reserve(Eigen::Index(nnz));
        for (size_t r = 0; r < rows.size(); ++r) {
            A.startVec(Eigen::Index(r));
            for (const auto& [col, v] : rows[r]) // columns ascending: buckets were sorted
                A.insertBack(Eigen::Index(r), col) = v;
        }
        A.finalize();
    }
    RandomizedSvdOptions so;
    so.rank = m_options.dim;
    so.oversample = m_options.oversample;
    so.powerIterations = m_options.powerIterations;
    const TruncatedSvd svd = randomizedSvd(A, so, seed ^ kSvdSeedSalt);
    A = SparseRowMatrix();
    m_singular = svd.singularValues;
    const size_t d = size_t(m_options.dim);
    m_projection.assign(m_vocab.size() * d, 0.0f);
    for (size_t c = 0; c < m_vocab.size(); ++c)
        for (Eigen::Index j = 0; j < svd.rightVectors.cols(); ++j)
            m_projection[c * d + size_t(j)] = float(svd.rightVectors(Eigen::Index(c), j));

    m_extras = QueryExtras(m_options.lengthFeatures, m_options.taskOneHot);
    m_extras.fit(train);
    m_fitted = true;
    m_scaler = ColumnScaler();
    if (m_options.standardize) {
        Matrix raw(n, dim());
        for (qsizetype i = 0; i < n; ++i)
            rawRow(train, i, raw.row(i).data(), s);
        m_scaler.fit(raw, {});
    }
}

Matrix TfidfSvdFeaturizer::transform(const QueryBatch& queries) const
{
    if (!m_fitted)
        throw std::logic_error("tfidf-svd: transform before fit");
    const qsizetype n = queries.texts.size();
    Matrix out(n, dim());
    thread_local Scratch s; // reused: no allocation per query once the buffers have grown
    for (qsizetype i = 0; i < n; ++i) {
        rawRow(queries, i, out.row(i).data(), s);
        if (m_options.standardize)
            m_scaler.transformRow(out.row(i).data());
    }
    return out;
}

QStringList TfidfSvdFeaturizer::featureNames() const
{
    QStringList names;
    for (int j = 0; j < m_options.dim; ++j)
        names << QString("svd%1").arg(j + 1);
    return names + m_extras.names();
}

QJsonObject TfidfSvdFeaturizer::toJson() const
{
    QJsonObject o;
    o["family"] = family();
    o["version"] = kFormatVersion;
    o["hash"] = "fnv1a64-u32le-fold";
    o["options"] = optionsToJson(m_options);
    o["fitted"] = m_fitted;
    if (!m_fitted)
        return o;
    const qsizetype v = qsizetype(m_vocab.size());
    o["vocab_size"] = double(v);
    o["vocab_buckets"] = intsToBase64(m_vocab.data(), v);
    o["idf"] = doublesToBase64(m_idf.data(), v);
    o["projection_f32"] = floatsToBase64(m_projection.data(), qsizetype(m_projection.size()));
    o["singular_values"] = vectorToJson(m_singular);
    o["extras"] = m_extras.toJson();
    if (m_options.standardize)
        o["scaler"] = m_scaler.toJson();
    return o;
}

std::unique_ptr<TfidfSvdFeaturizer> TfidfSvdFeaturizer::fromJson(const QJsonObject& json)
{
    if (requireKey(json, "family").toString() != "tfidf-svd" || requireKey(json, "version").toInt() != kFormatVersion)
        throw std::runtime_error("tfidf-svd: unsupported family or version");
    auto f = std::make_unique<TfidfSvdFeaturizer>(optionsFromJson(requireKey(json, "options").toObject()));
    if (!requireKey(json, "fitted").toBool())
        return f;
    const qint64 v = requireKey(json, "vocab_size").toInteger(-1);
    if (v < 0)
        throw std::runtime_error("tfidf-svd: invalid vocabulary size");
    f->m_vocab = intsFromBase64(requireKey(json, "vocab_buckets"), v);
    const int32_t maxBucket = int32_t((int64_t(1) << f->m_options.hashing.hashBits) - 1);
    for (size_t c = 0; c < f->m_vocab.size(); ++c)
        if (f->m_vocab[c] < 0 || f->m_vocab[c] > maxBucket || (c > 0 && f->m_vocab[c] <= f->m_vocab[c - 1]))
            throw std::runtime_error("tfidf-svd: invalid vocabulary");
    f->m_idf = doublesFromBase64(requireKey(json, "idf"), v);
    f->m_projection = floatsFromBase64(requireKey(json, "projection_f32"), v * f->m_options.dim);
    f->m_singular = vectorFromJson(requireKey(json, "singular_values"));
    f->m_extras = QueryExtras::fromJson(requireKey(json, "extras").toObject());
    if (f->m_options.standardize) {
        f->m_scaler = ColumnScaler::fromJson(requireKey(json, "scaler").toObject());
        if (f->m_scaler.dim() != f->dim())
            throw std::runtime_error("tfidf-svd: scaler width differs from the feature width");
    }
    f->buildLookup();
    f->m_fitted = true;
    return f;
}

} // namespace crw
