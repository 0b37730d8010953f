#include "learn/RidgeRegressor.h"
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/WeightCheck.h"

#include <Eigen/Cholesky>
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
    m_scaler.fit(X, weights);

    // Normal equations of [1 Z] accumulated over row blocks, so no n x d standardised copy is held.
    Matrix gram = Matrix::Zero(d + 1, d + 1);
    Vector rhs = Vector::Zero(d + 1);
    constexpr Eigen::Index kBlock = 4096;
    Matrix block;
    for (Eigen::Index start = 0; start < n; start += kBlock) {
        const Eigen::Index len = std::min(kBlock, n - start);
        block.resize(len, d + 1);
        block.col(0).setOnes();
        block.rightCols(d) = X.middleRows(start, len);
        for (Eigen::Index i = 0; i < len; ++i)
            m_scaler.transformRow(block.row(i).data() + 1);
        const auto wb = weights.segment(start, len);
        gram.noalias() += block.transpose() * wb.asDiagonal() * block;
        rhs.noalias() += block.transpose() * (wb.array() * y.segment(start, len).array()).matrix();
    }
    double maxDiag = gram.diagonal().maxCoeff();
    const double jitter = m_spec.l2 > 0 ? 0.0 : 1e-12 * std::max(maxDiag, 1.0);
    for (Eigen::Index j = 0; j < d; ++j) {
        if (m_scaler.isConstant(j))
            gram(j + 1, j + 1) = 1.0; // its row/column are zero: pins b_j = 0
        else
            gram(j + 1, j + 1) += std::max(m_spec.l2, 0.0) + jitter;
    }
    const Eigen::LDLT<Matrix> ldlt(gram);
    if (ldlt.info() != Eigen::Success)
        throw std::runtime_error("ridge: normal equations could not be factorised");
    const Vector sol = ldlt.solve(rhs);
    if (!sol.allFinite())
        throw std::runtime_error("ridge: non-finite solution (all weights zero?)");
    m_interceptStd = sol[0];
    m_coefStd = sol.tail(d);
    updateOriginalScale();
    m_fitted = true;
}

void RidgeRegressor::updateOriginalScale()
{
    const Eigen::Index d = m_coefStd.size();
    m_beta.resize(d);
    m_intercept = m_interceptStd;
    for (Eigen::Index j = 0; j < d; ++j) {
        m_beta[j] = m_scaler.isConstant(j) ? 0.0 : m_coefStd[j] / m_scaler.sd()[j];
        m_intercept -= m_beta[j] * m_scaler.mean()[j];
    }
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
