#include "learn/ColumnScaler.h"
#include "learn/JsonArrays.h"

#include <cmath>
#include <stdexcept>

namespace crw {

void ColumnScaler::fit(const Matrix& X, const Vector& w)
{
    const Eigen::Index n = X.rows(), d = X.cols();
    if (w.size() != 0 && w.size() != n)
        throw std::invalid_argument("ColumnScaler: weight length differs from row count");
    Vector weights = w.size() ? w : Vector::Ones(n);
    double total = weights.sum();
    if (!(total > 0)) {
        weights = Vector::Ones(n);
        total = double(n);
    }
    m_mean = Vector::Zero(d);
    m_sd = Vector::Ones(d);
    m_constant = Eigen::VectorXi::Ones(d);
    if (n == 0)
        return;
    m_mean = (X.transpose() * weights) / total;
    for (Eigen::Index j = 0; j < d; ++j) {
        const auto centred = X.col(j).array() - m_mean[j];
        const double var = (weights.array() * centred.square()).sum() / total;
        const double sd = std::sqrt(std::max(var, 0.0));
        const double scale = std::max(1.0, std::abs(m_mean[j]));
        if (sd > 1e-12 * scale && std::isfinite(sd)) {
            m_sd[j] = sd;
            m_constant[j] = 0;
        }
    }
}

void ColumnScaler::fitIndicatorsUnitRange(const Matrix& X, const Vector& w)
{
    fit(X, w);
    for (Eigen::Index j = 0; j < dim(); ++j) {
        if (m_constant[j])
            continue;
        const double a = X(0, j);
        double b = a;
        bool two = true;
        for (Eigen::Index i = 1; i < X.rows() && two; ++i) {
            const double v = X(i, j);
            if (v == a || v == b)
                continue;
            if (b == a)
                b = v;
            else
                two = false;
        }
        if (two && b != a)
            m_sd[j] = std::abs(b - a);
    }
}

Matrix ColumnScaler::transform(const Matrix& X) const
{
    if (X.cols() != dim())
        throw std::invalid_argument("ColumnScaler: column count differs from the fitted one");
    Matrix out = X;
    transformInPlace(out);
    return out;
}

void ColumnScaler::transformInPlace(Eigen::Ref<Matrix> rows) const
{
    if (rows.cols() != dim())
        throw std::invalid_argument("ColumnScaler: column count differs from the fitted one");
    rows = (rows.rowwise() - m_mean.transpose()).array().rowwise() / m_sd.transpose().array();
    for (Eigen::Index j = 0; j < dim(); ++j)
        if (m_constant[j])
            rows.col(j).setZero();
}

void ColumnScaler::transformRow(double* row) const
{
    for (Eigen::Index j = 0; j < m_mean.size(); ++j)
        row[j] = m_constant[j] ? 0.0 : (row[j] - m_mean[j]) / m_sd[j];
}

QJsonObject ColumnScaler::toJson() const
{
    QJsonObject o;
    o["mean"] = vectorToJson(m_mean);
    o["sd"] = vectorToJson(m_sd);
    Vector c = m_constant.cast<double>();
    o["constant"] = vectorToJson(c);
    return o;
}

ColumnScaler ColumnScaler::fromJson(const QJsonObject& json)
{
    ColumnScaler s;
    s.m_mean = vectorFromJson(requireKey(json, "mean"));
    s.m_sd = vectorFromJson(requireKey(json, "sd"), s.m_mean.size());
    s.m_constant = vectorFromJson(requireKey(json, "constant"), s.m_mean.size()).cast<int>();
    return s;
}

void ColumnScaler::originalScale(const Vector& coefStd, double interceptStd, Vector* beta, double* intercept) const
{
    const Eigen::Index d = coefStd.size();
    beta->resize(d);
    *intercept = interceptStd;
    for (Eigen::Index j = 0; j < d; ++j) {
        (*beta)[j] = isConstant(j) ? 0.0 : coefStd[j] / m_sd[j];
        *intercept -= (*beta)[j] * m_mean[j];
    }
}

} // namespace crw
