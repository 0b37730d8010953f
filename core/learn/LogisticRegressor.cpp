#include "learn/LogisticRegressor.h"
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/WeightCheck.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <stdexcept>

namespace crw {

namespace {
double softplus(double eta)
{
    return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
}
double sigmoid(double eta)
{
    if (eta >= 0)
        return 1.0 / (1.0 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1.0 + e);
}
constexpr Eigen::Index kBlock = 4096;
constexpr int kMaxIterations = 100;
} // namespace

LogisticRegressor::LogisticRegressor(const LearnerSpec& spec)
    : m_spec(spec)
{
}

void LogisticRegressor::fit(const Matrix& X, const Vector& y, const Vector& w)
{
    checkFitInputs(X, y, w, "logistic");
    if ((y.array() < 0).any() || (y.array() > 1).any())
        throw std::invalid_argument("logistic: targets must lie in [0,1]");
    const Eigen::Index n = X.rows(), d = X.cols();
    const Vector weights = w.size() ? w : Vector::Ones(n);
    const double total = weights.sum();
    if (!(total > 0))
        throw std::invalid_argument("logistic: all weights are zero");
    m_scaler.fit(X, weights);
    m_baseRate = weights.dot(y) / total;
    m_iterations = 0;
    m_fitted = true;
    m_constant = m_baseRate <= 1e-12 || m_baseRate >= 1.0 - 1e-12;
    m_coefStd = Vector::Zero(d);
    m_interceptStd = m_constant ? 0.0 : std::log(m_baseRate / (1.0 - m_baseRate));
    if (m_constant) {
        updateOriginalScale();
        return;
    }
    const double l2 = std::max(m_spec.l2, 0.0);

    Matrix block;
    auto loadBlock = [&](Eigen::Index start, Eigen::Index len) {
        block.resize(len, d + 1);
        block.col(0).setOnes();
        block.rightCols(d) = X.middleRows(start, len);
        m_scaler.transformInPlace(block.rightCols(d));
    };
    // One pass over the data gives the penalised log-likelihood at theta and, for the Newton step that follows,
    // its gradient (without the penalty term) and Hessian (without the ridge): an accepted step's pass is reused.
    auto evaluate = [&](const Vector& theta, Vector& grad, Matrix& hess) {
        double ll = 0.0;
        hess = Matrix::Zero(d + 1, d + 1);
        grad = Vector::Zero(d + 1);
        for (Eigen::Index start = 0; start < n; start += kBlock) {
            const Eigen::Index len = std::min(kBlock, n - start);
            loadBlock(start, len);
            const Vector eta = block * theta;
            Vector resid(len), curv(len);
            for (Eigen::Index i = 0; i < len; ++i) {
                ll += weights[start + i] * (y[start + i] * eta[i] - softplus(eta[i]));
                const double p = sigmoid(eta[i]);
                resid[i] = weights[start + i] * (y[start + i] - p);
                curv[i] = weights[start + i] * p * (1.0 - p);
            }
            grad.noalias() += block.transpose() * resid;
            hess.noalias() += block.transpose() * curv.asDiagonal() * block;
        }
        return ll - 0.5 * l2 * theta.tail(d).squaredNorm();
    };

    Vector theta(d + 1);
    theta[0] = m_interceptStd;
    theta.tail(d).setZero();
    Vector grad, nextGrad;
    Matrix hess, nextHess;
    double current = evaluate(theta, grad, hess);
    for (int it = 0; it < kMaxIterations; ++it) {
        grad.tail(d) -= l2 * theta.tail(d);
        const double jitter = 1e-10 * std::max(hess.diagonal().maxCoeff(), 1.0);
        for (Eigen::Index j = 0; j < d; ++j) {
            if (m_scaler.isConstant(j))
                hess(j + 1, j + 1) = 1.0;
            else
                hess(j + 1, j + 1) += l2 + jitter;
        }
        hess(0, 0) += jitter;
        const Vector step = Eigen::LDLT<Matrix>(hess).solve(grad);
        if (!step.allFinite())
            break;
        // Step halving: accept the first step that does not decrease the penalised log-likelihood.
        double t = 1.0, next = current;
        Vector candidate;
        for (; t > 1e-10; t *= 0.5) {
            candidate = theta + t * step;
            next = evaluate(candidate, nextGrad, nextHess);
            if (next >= current)
                break;
        }
        if (t <= 1e-10)
            break;
        theta = candidate;
        grad.swap(nextGrad);
        hess.swap(nextHess);
        m_iterations = it + 1;
        const bool smallStep = (t * step).lpNorm<Eigen::Infinity>() < 1e-9;
        const bool smallGain = next - current <= 1e-12 * (std::abs(current) + 1.0);
        current = next;
        if (smallStep || smallGain)
            break;
    }
    m_interceptStd = theta[0];
    m_coefStd = theta.tail(d);
    updateOriginalScale();
}

void LogisticRegressor::updateOriginalScale()
{
    m_scaler.originalScale(m_coefStd, m_interceptStd, &m_beta, &m_intercept);
}

Vector LogisticRegressor::predict(const Matrix& X) const
{
    if (!m_fitted)
        throw std::logic_error("logistic: predict before fit");
    if (X.cols() != m_beta.size())
        throw std::invalid_argument("logistic: feature count differs from the fitted one");
    if (m_constant)
        return Vector::Constant(X.rows(), m_baseRate);
    // Plain per-row loop with a fixed summation order: a row predicts bitwise the same alone or in a batch.
    Vector out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double* x = X.row(i).data();
        double s = m_intercept;
        for (Eigen::Index j = 0; j < m_beta.size(); ++j)
            s += x[j] * m_beta[j];
        out[i] = sigmoid(s);
    }
    return out;
}

QJsonObject LogisticRegressor::toJson() const
{
    QJsonObject o;
    o["spec"] = learnerSpecToJson(m_spec);
    o["fitted"] = m_fitted;
    if (m_fitted) {
        o["scaler"] = m_scaler.toJson();
        o["coef_std"] = vectorToJson(m_coefStd);
        o["intercept_std"] = m_interceptStd;
        o["constant"] = m_constant;
        o["base_rate"] = m_baseRate;
        o["iterations"] = m_iterations;
    }
    return o;
}

std::unique_ptr<LogisticRegressor> LogisticRegressor::fromJson(const QJsonObject& json)
{
    auto r = std::make_unique<LogisticRegressor>(learnerSpecFromJson(requireKey(json, "spec").toObject()));
    if (!requireKey(json, "fitted").toBool())
        return r;
    r->m_scaler = ColumnScaler::fromJson(requireKey(json, "scaler").toObject());
    r->m_coefStd = vectorFromJson(requireKey(json, "coef_std"), r->m_scaler.dim());
    r->m_interceptStd = requireKey(json, "intercept_std").toDouble();
    r->m_constant = requireKey(json, "constant").toBool();
    r->m_baseRate = requireKey(json, "base_rate").toDouble();
    r->m_iterations = json.value("iterations").toInt();
    r->updateOriginalScale();
    r->m_fitted = true;
    return r;
}

} // namespace crw
