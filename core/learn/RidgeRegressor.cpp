#include "learn/RidgeRegressor.h"
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/WeightCheck.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

RidgeRegressor::RidgeRegressor(const LearnerSpec& spec)
    : m_spec(spec)
{
}

void RidgeRegressor::fit(const Matrix& X, const Vector& y, const Vector& w)
{
    checkFitInputs(X, y, w, "ridge");
    const Eigen::Index n = X.rows(), d = X.cols();
    const Vector weights = w.size() ? w : Vector::Ones(n);
    // Standardise with UNWEIGHTED column moments, so the penalty is on a scale that the sample weights cannot
    // move. With the R-learner's weights (t-p)^2, a column that is non-zero almost only on preference rows (a task
    // with no gold row) has a weighted sd of ~0.01; its penalty then vanishes and its coefficient explodes
    // (issue 13; docs/learners.md). Nie & Wager penalise the coefficients on the original scale as well.
    m_scaler.fitIndicatorsUnitRange(X, Vector());

    // Normal equations of [1 Z] accumulated over row blocks, so no n x d standardised copy is held.
    // With cross-validation, one Gram matrix per fold (the training Gram of fold f is the total minus fold f's).
    const int K = m_spec.cvFolds > 1 && n >= 2 * m_spec.cvFolds ? m_spec.cvFolds : 1;
    std::vector<int> foldOf(size_t(n), 0);
    if (K > 1) {
        std::vector<int> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 rng(m_spec.seed * 7 + 3);
        std::shuffle(order.begin(), order.end(), rng);
        for (size_t j = 0; j < order.size(); ++j)
            foldOf[size_t(order[j])] = int(j % size_t(K));
    }
    std::vector<Matrix> grams(size_t(K), Matrix::Zero(d + 1, d + 1));
    std::vector<Vector> rhss(size_t(K), Vector::Zero(d + 1));
    std::vector<double> yy(size_t(K), 0.0); // weighted sum of y^2 per fold, for the CV error below
    constexpr Eigen::Index kBlock = 4096;
    Matrix block;
    std::vector<std::vector<Eigen::Index>> rowsOfFold(static_cast<size_t>(K));
    for (Eigen::Index start = 0; start < n; start += kBlock) {
        const Eigen::Index len = std::min(kBlock, n - start);
        block.resize(len, d + 1);
        block.col(0).setOnes();
        block.rightCols(d) = X.middleRows(start, len);
        m_scaler.transformInPlace(block.rightCols(d));
        const auto wb = weights.segment(start, len);
        const auto yb = y.segment(start, len);
        if (K == 1) {
            grams[0].noalias() += block.transpose() * wb.asDiagonal() * block;
            rhss[0].noalias() += block.transpose() * (wb.array() * yb.array()).matrix();
            continue;
        }
        for (auto& r : rowsOfFold)
            r.clear();
        for (Eigen::Index i = 0; i < len; ++i)
            rowsOfFold[size_t(foldOf[size_t(start + i)])].push_back(i);
        for (int f = 0; f < K; ++f) {
            const auto& idx = rowsOfFold[size_t(f)];
            if (idx.empty())
                continue;
            const Matrix bf = block(idx, Eigen::all);
            const Vector wf = wb(idx), yf = yb(idx);
            grams[size_t(f)].noalias() += bf.transpose() * wf.asDiagonal() * bf;
            rhss[size_t(f)].noalias() += bf.transpose() * (wf.array() * yf.array()).matrix();
            yy[size_t(f)] += (wf.array() * yf.array().square()).sum();
        }
    }
    Matrix gram = grams[0];
    Vector rhs = rhss[0];
    for (int f = 1; f < K; ++f) {
        gram += grams[size_t(f)];
        rhs += rhss[size_t(f)];
    }
    if (K > 1) {
        // Held-out error of fold f from its sufficient statistics, with no second pass over the data:
        // sum_{i in f} w_i (y_i - z_i'b)^2 = yy_f - 2 b'r_f + b'G_f b.
        const double grid[] = { 0.1, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5 };
        double bestErr = std::numeric_limits<double>::infinity(), bestL2 = m_spec.l2;
        for (double l2 : grid) {
            double err = 0;
            for (int f = 0; f < K; ++f) {
                const size_t fi = size_t(f);
                const Vector b = solve(gram - grams[fi], rhs - rhss[fi], l2);
                err += yy[fi] - 2.0 * b.dot(rhss[fi]) + b.dot(grams[fi] * b);
            }
            if (err < bestErr) {
                bestErr = err;
                bestL2 = l2;
            }
        }
        m_spec.l2 = bestL2;
    }
    const Vector sol = solve(gram, rhs, m_spec.l2);
    m_interceptStd = sol[0];
    m_coefStd = sol.tail(d);
    updateOriginalScale();
    m_fitted = true;
}

Vector RidgeRegressor::solve(const Matrix& gramIn, const Vector& rhs, double l2) const
{
    Matrix gram = gramIn;
    const Eigen::Index d = gram.rows() - 1;
    const double maxDiag = gram.diagonal().maxCoeff();
    const double jitter = l2 > 0 ? 0.0 : 1e-12 * std::max(maxDiag, 1.0);
    for (Eigen::Index j = 0; j < d; ++j) {
        if (m_scaler.isConstant(j)) {
            gram.row(j + 1).setZero();
            gram.col(j + 1).setZero();
            gram(j + 1, j + 1) = 1.0; // pins b_j = 0
        } else
            gram(j + 1, j + 1) += std::max(l2, 0.0) + jitter;
    }
    const Eigen::LDLT<Matrix> ldlt(gram);
    if (ldlt.info() != Eigen::Success)
        throw std::runtime_error("ridge: normal equations could not be factorised");
    Vector sol = ldlt.solve(rhs);
    for (Eigen::Index j = 0; j < d; ++j)
        if (m_scaler.isConstant(j))
            sol[j + 1] = 0.0;
    if (!sol.allFinite())
        throw std::runtime_error("ridge: non-finite solution (all weights zero?)");
    return sol;
}

void RidgeRegressor::updateOriginalScale()
{
    m_scaler.originalScale(m_coefStd, m_interceptStd, &m_beta, &m_intercept);
}

Vector RidgeRegressor::predict(const Matrix& X) const
{
    if (!m_fitted)
        throw std::logic_error("ridge: predict before fit");
    if (X.cols() != m_beta.size())
        throw std::invalid_argument("ridge: feature count differs from the fitted one");
    // Plain per-row loop with a fixed summation order: a row predicts bitwise the same alone or in a batch.
    Vector out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double* x = X.row(i).data();
        double s = m_intercept;
        for (Eigen::Index j = 0; j < m_beta.size(); ++j)
            s += x[j] * m_beta[j];
        out[i] = s;
    }
    return out;
}

QJsonObject RidgeRegressor::toJson() const
{
    QJsonObject o;
    o["spec"] = learnerSpecToJson(m_spec);
    o["fitted"] = m_fitted;
    if (m_fitted) {
        o["scaler"] = m_scaler.toJson();
        o["coef_std"] = vectorToJson(m_coefStd);
        o["intercept_std"] = m_interceptStd;
    }
    return o;
}

std::unique_ptr<RidgeRegressor> RidgeRegressor::fromJson(const QJsonObject& json)
{
    auto r = std::make_unique<RidgeRegressor>(learnerSpecFromJson(requireKey(json, "spec").toObject()));
    if (!requireKey(json, "fitted").toBool())
        return r;
    r->m_scaler = ColumnScaler::fromJson(requireKey(json, "scaler").toObject());
    r->m_coefStd = vectorFromJson(requireKey(json, "coef_std"), r->m_scaler.dim());
    r->m_interceptStd = requireKey(json, "intercept_std").toDouble();
    r->updateOriginalScale();
    r->m_fitted = true;
    return r;
}

} // namespace crw
