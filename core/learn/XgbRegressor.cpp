#include "learn/XgbRegressor.h"

#include "util/CancelScope.h"

#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/WeightCheck.h"
#include "learn/XgbModelCheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>

namespace crw {

namespace {
constexpr double kHoldoutShare = 0.2;
constexpr double kForestLambda = 1e-5; // XGBoost's own random-forest default; spec.l2 is not used by RF kinds

std::string fmt(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

Matrix gatherRows(const Matrix& X, const std::vector<Eigen::Index>& rows)
{
    Matrix out(Eigen::Index(rows.size()), X.cols());
    for (size_t i = 0; i < rows.size(); ++i)
        out.row(Eigen::Index(i)) = X.row(rows[i]);
    return out;
}

Vector gather(const Vector& v, const std::vector<Eigen::Index>& rows)
{
    if (v.size() == 0)
        return v;
    Vector out(Eigen::Index(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i)
        out[Eigen::Index(i)] = v[rows[i]];
    return out;
}

int maxDepthOf(const QJsonArray& left, const QJsonArray& right)
{
    // Iterative depth of the tree rooted at node 0 (leaves have left child -1).
    int best = 0;
    std::vector<std::pair<int, int>> stack { { 0, 0 } };
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        best = std::max(best, depth);
        const int l = left[node].toInt(-1), r = right[node].toInt(-1);
        if (l >= 0)
            stack.push_back({ l, depth + 1 });
        if (r >= 0)
            stack.push_back({ r, depth + 1 });
    }
    return best;
}
} // namespace

XgbRegressor::XgbRegressor(const LearnerSpec& spec)
    : m_spec(spec)
{
    if (spec.kind != LearnerKind::XgbGbm && spec.kind != LearnerKind::XgbRf
        && spec.kind != LearnerKind::XgbGbmClassifier && spec.kind != LearnerKind::XgbRfClassifier)
        throw std::invalid_argument("XgbRegressor: not an XGBoost kind");
}

int XgbRegressor::maxBin() const
{
    return std::clamp(m_spec.maxBin, 2, 256);
}

bool XgbRegressor::isForest() const
{
    return m_spec.kind == LearnerKind::XgbRf || m_spec.kind == LearnerKind::XgbRfClassifier;
}

bool XgbRegressor::isClassifier() const
{
    return isClassifierKind(m_spec.kind);
}

std::vector<std::pair<std::string, std::string>> XgbRegressor::xgbParams(double baseScore) const
{
    const bool rf = isForest();
    std::vector<std::pair<std::string, std::string>> p;
    p.push_back({ "booster", "gbtree" });
    p.push_back({ "objective", isClassifier() ? "binary:logistic" : "reg:squarederror" });
    p.push_back({ "eval_metric", isClassifier() ? "logloss" : "rmse" });
    p.push_back({ "tree_method", "hist" });
    p.push_back({ "max_bin", std::to_string(maxBin()) });
    p.push_back({ "verbosity", "0" });
    p.push_back({ "seed", std::to_string(m_spec.seed & 0x7fffffffULL) });
    p.push_back({ "nthread", std::to_string(std::max(m_spec.nthread, 1)) });
    p.push_back({ "base_score", fmt(baseScore) });
    p.push_back({ "min_child_weight", fmt(m_spec.minChildWeight) });
    if (rf) {
        const double subsample = (m_spec.subsample > 0 && m_spec.subsample < 1) ? m_spec.subsample : 0.632;
        p.push_back({ "max_depth", std::to_string(std::clamp(m_spec.maxDepth, 1, kMaxRfDepth)) });
        p.push_back({ "num_parallel_tree", std::to_string(std::max(m_spec.rounds, 1)) });
        p.push_back({ "eta", "1" });
        p.push_back({ "subsample", fmt(subsample) });
        p.push_back({ "colsample_bynode", fmt(std::clamp(m_spec.colsample, 0.01, 1.0)) });
        p.push_back({ "lambda", fmt(kForestLambda) });
    } else {
        p.push_back({ "max_depth", std::to_string(std::max(m_spec.maxDepth, 1)) });
        p.push_back({ "eta", fmt(m_spec.eta) });
        p.push_back({ "subsample", fmt(std::clamp(m_spec.subsample, 0.01, 1.0)) });
        p.push_back({ "colsample_bytree", fmt(std::clamp(m_spec.colsample, 0.01, 1.0)) });
        p.push_back({ "lambda", fmt(std::max(m_spec.l2, 0.0)) });
    }
    return p;
}

XgbBooster XgbRegressor::train(DMatrixHandle trainM, DMatrixHandle validM, const Vector& validY, const Vector& validW,
    int rounds, double baseScore, int* bestRounds) const
{
    const DMatrixHandle cache[2] = { trainM, validM };
    XgbBooster booster = XgbBooster::create(cache, validM ? 2 : 1);
    for (const auto& [k, v] : xgbParams(baseScore))
        booster.setParam(k.c_str(), v);

    double bestLoss = std::numeric_limits<double>::infinity();
    int best = rounds;
    const char* predictConfig
        = "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}";
    for (int it = 0; it < rounds; ++it) {
        CancelScope::check(); // a cancelled job stops within one boosting round
        xgbCheck(XGBoosterUpdateOneIter(booster.get(), it, trainM), "boosting round");
        if (!validM)
            continue;
        // Held-out loss from the booster's incremental prediction cache, computed in double.
        bst_ulong const* shape = nullptr;
        bst_ulong dim = 0;
        const float* pred = nullptr;
        xgbCheck(XGBoosterPredictFromDMatrix(booster.get(), validM, predictConfig, &shape, &dim, &pred),
            "predict held-out rows");
        double loss = 0.0, total = 0.0;
        for (Eigen::Index i = 0; i < validY.size(); ++i) {
            const double wi = validW.size() ? validW[i] : 1.0;
            const double p = pred[i];
            if (isClassifier()) {
                const double q = std::clamp(p, 1e-15, 1.0 - 1e-15);
                loss -= wi * (validY[i] * std::log(q) + (1.0 - validY[i]) * std::log(1.0 - q));
            } else {
                loss += wi * (validY[i] - p) * (validY[i] - p);
            }
            total += wi;
        }
        loss /= std::max(total, 1e-300);
        if (loss < bestLoss) {
            bestLoss = loss;
            best = it + 1;
        } else if (it + 1 - best >= m_spec.earlyStoppingRounds) {
            break;
        }
    }
    if (bestRounds)
        *bestRounds = best;
    return booster;
}

void XgbRegressor::fit(const Matrix& X, const Vector& y, const Vector& w)
{
    checkFitInputs(X, y, w, "xgboost", true);
    if (isClassifier() && ((y.array() < 0).any() || (y.array() > 1).any()))
        throw std::invalid_argument("xgboost classifier: targets must lie in [0,1]");
    const Eigen::Index n = X.rows();
    const double total = w.size() ? w.sum() : double(n);
    if (!(total > 0))
        throw std::invalid_argument("xgboost: all weights are zero");
    double baseScore = (w.size() ? w.dot(y) : y.sum()) / total;
    if (isClassifier())
        baseScore = std::clamp(baseScore, 1e-6, 1.0 - 1e-6);

    m_booster.reset();
    m_flat.reset(); // flattened trees are built for restored models only (routers); a fit predicts in bulk
    m_features = X.cols();
    const int nthread = std::max(m_spec.nthread, 1);
    int rounds = isForest() ? 1 : std::max(m_spec.rounds, 1);

    if (!isForest() && m_spec.earlyStoppingRounds > 0 && n >= 10) {
        std::vector<Eigen::Index> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), Eigen::Index(0));
        std::mt19937_64 rng(m_spec.seed ^ 0x9e3779b97f4a7c15ULL);
        std::shuffle(order.begin(), order.end(), rng);
        const size_t nValid = size_t(std::ceil(kHoldoutShare * double(n)));
        std::vector<Eigen::Index> valid(order.begin(), order.begin() + nValid);
        std::vector<Eigen::Index> trainRows(order.begin() + nValid, order.end());
        std::sort(valid.begin(), valid.end());
        std::sort(trainRows.begin(), trainRows.end());
        const Vector validY = gather(y, valid), validW = gather(w, valid);
        int best = rounds;
        {
            XgbDMatrix trainM, validM;
            {
                const Matrix Xt = gatherRows(X, trainRows);
                trainM
                    = XgbDMatrix::quantileFromDense(Xt, gather(y, trainRows), gather(w, trainRows), nthread, maxBin());
            }
            {
                const Matrix Xv = gatherRows(X, valid);
                validM = XgbDMatrix::fromDense(Xv, validY, validW, nthread);
            }
            train(trainM.get(), validM.get(), validY, validW, rounds, baseScore, &best);
        }
        rounds = best;
    }
    // Quantised training matrix: XGBoost keeps bin indices only, not its own 8-byte-per-cell copy of X.
    XgbDMatrix all = XgbDMatrix::quantileFromDense(X, y, w, nthread, maxBin());
    m_booster = train(all.get(), nullptr, {}, {}, rounds, baseScore, nullptr);
    m_rounds = rounds;
}

Vector XgbRegressor::predict(const Matrix& X) const
{
    if (!m_booster)
        throw std::logic_error("xgboost: predict before fit");
    if (X.cols() != m_features)
        throw std::invalid_argument("xgboost: feature count differs from the fitted one");
    if (X.rows() == 0)
        return Vector();
    if (m_flat && X.rows() <= kFlatMaxRows) {
        Vector pred(X.rows());
        m_flat->predict(X, pred.data());
        return pred;
    }
    return predictWithXgboost(X);
}

Vector XgbRegressor::predictWithXgboost(const Matrix& X) const
{
    if (!m_booster)
        throw std::logic_error("xgboost: predict before fit");
    if (X.cols() != m_features)
        throw std::invalid_argument("xgboost: feature count differs from the fitted one");
    if (X.rows() == 0)
        return Vector();
    const std::string iface = denseArrayInterface(X.data(), X.rows(), X.cols());
    // "cache_id":0 is required by XGBoost 1.7's in-place prediction although c_api.h does not document it.
    const char* config = "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
                         "\"strict_shape\":false,\"cache_id\":0,\"missing\":NaN}";
    bst_ulong const* shape = nullptr;
    bst_ulong dim = 0;
    const float* out = nullptr;
    xgbCheck(XGBoosterPredictFromDense(m_booster.get(), iface.c_str(), config, nullptr, &shape, &dim, &out), "predict");
    Vector pred(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i)
        pred[i] = out[i];
    return pred;
}

void XgbRegressor::buildFlatTrees(const QByteArray& json)
{
    m_flat.reset();
    if (isClassifier())
        return;
    auto flat = FlatTreeEnsemble::fromXgboostJson(json, m_features);
    if (!flat || m_features == 0)
        return;
    // Proof on this model: probe rows on, just below and just above every split threshold, random values and
    // missing ones must give XGBoost's floats exactly; otherwise predictions stay with XGBoost.
    constexpr Eigen::Index kProbeRows = 64;
    Matrix probe(kProbeRows, m_features);
    std::mt19937_64 rng(0x5eed0f1a7ULL);
    std::normal_distribution<double> normal(0.0, 2.0);
    for (Eigen::Index j = 0; j < m_features; ++j) {
        const std::vector<float> t = flat->thresholdsOf(int(j));
        for (Eigen::Index i = 0; i < kProbeRows; ++i) {
            const unsigned pick = unsigned(rng() % 8);
            double v = normal(rng);
            if (!t.empty() && pick < 5) {
                const float c = t[size_t(rng() % t.size())];
                v = pick == 0 ? double(c)
                    : pick == 1 ? double(std::nextafter(c, -INFINITY))
                    : pick == 2 ? double(std::nextafter(c, INFINITY))
                    : pick == 3 ? std::nextafter(double(c), -INFINITY)
                                : std::nextafter(double(c), INFINITY);
            } else if (pick == 7 && i % 3 == 0) {
                v = std::numeric_limits<double>::quiet_NaN();
            }
            probe(i, j) = v;
        }
    }
    const Vector expected = predictWithXgboost(probe);
    for (Eigen::Index i = 0; i < kProbeRows; ++i) {
        const double got = double(flat->predictRow(probe.row(i).data()));
        if (std::memcmp(&got, &expected[i], sizeof got) != 0)
            return;
    }
    m_flat = std::move(flat);
}

QByteArray XgbRegressor::modelJson() const
{
    bst_ulong len = 0;
    const char* buf = nullptr;
    xgbCheck(XGBoosterSaveModelToBuffer(m_booster.get(), "{\"format\":\"json\"}", &len, &buf), "save model");
    return QByteArray(buf, qsizetype(len));
}

QJsonObject XgbRegressor::toJson() const
{
    QJsonObject o;
    o["spec"] = learnerSpecToJson(m_spec);
    o["fitted"] = bool(m_booster);
    if (m_booster) {
        o["num_features"] = double(m_features);
        o["boosted_rounds"] = m_rounds;
        o["xgboost_json_base64"] = QString::fromLatin1(modelJson().toBase64());
    }
    return o;
}

std::unique_ptr<XgbRegressor> XgbRegressor::fromJson(const QJsonObject& json)
{
    auto r = std::make_unique<XgbRegressor>(learnerSpecFromJson(requireKey(json, "spec").toObject()));
    if (!requireKey(json, "fitted").toBool())
        return r;
    r->m_features = requireKey(json, "num_features").toInteger(-1);
    r->m_rounds = requireKey(json, "boosted_rounds").toInt(-1);
    if (r->m_features < 0 || r->m_rounds < 0)
        throw std::runtime_error("xgboost model: invalid shape fields");
    const auto decoded = QByteArray::fromBase64Encoding(
        requireKey(json, "xgboost_json_base64").toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || (*decoded).isEmpty())
        throw std::runtime_error("xgboost model: invalid base64");
    checkXgbModelJson(*decoded, r->m_features);
    r->m_booster = XgbBooster::create(nullptr, 0);
    xgbCheck(XGBoosterLoadModelFromBuffer(r->m_booster.get(), (*decoded).constData(), bst_ulong((*decoded).size())),
        "load model");
    r->m_booster.setParam("nthread", std::to_string(std::max(r->m_spec.nthread, 1)));
    r->buildFlatTrees(*decoded);
    return r;
}

int XgbRegressor::fittedMaxDepth() const
{
    if (!m_booster)
        return 0;
    const QJsonObject root = QJsonDocument::fromJson(modelJson()).object();
    const QJsonArray trees
        = root["learner"].toObject()["gradient_booster"].toObject()["model"].toObject()["trees"].toArray();
    int depth = 0;
    for (const auto& t : trees) {
        const QJsonObject tree = t.toObject();
        depth = std::max(depth, maxDepthOf(tree["left_children"].toArray(), tree["right_children"].toArray()));
    }
    return depth;
}

} // namespace crw
