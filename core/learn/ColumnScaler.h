#pragma once
// Per-column (weighted) standardisation learned on training data and replayed exactly on new rows.
#include "learn/Types.h"

#include <QJsonObject>

namespace crw {

class ColumnScaler {
public:
    /// Learns weighted means and population standard deviations of X's columns (w empty = equal weights).
    /// Columns whose sd is zero (or negligible next to their scale) are "constant": sd is stored as 1
    /// and isConstant() reports them, so transform maps them to exactly 0.
    void fit(const Matrix& X, const Vector& w);
    /// As fit(X, w), then every column that takes exactly two distinct values a < b gets sd = b - a, so it is
    /// standardised to an indicator minus its mean (unit range) instead of unit variance: a penalty on the
    /// standardised coefficient is then a penalty on the group difference itself, however rare the group.
    void fitIndicatorsUnitRange(const Matrix& X, const Vector& w);
    /// (X - mean) / sd column-wise. Requires X.cols() == dim().
    Matrix transform(const Matrix& X) const;
    /// Same on one row in place (same arithmetic as transform, so results are bitwise equal).
    void transformRow(double* row) const;
    /// Same on every row of a block in place, vectorised (bitwise equal to transformRow row by row).
    void transformInPlace(Eigen::Ref<Matrix> rows) const;

    Eigen::Index dim() const { return m_mean.size(); }
    const Vector& mean() const { return m_mean; }
    const Vector& sd() const { return m_sd; }
    bool isConstant(Eigen::Index j) const { return m_constant[j] != 0; }

    /// Coefficients on the standardised scale mapped back to the original one: beta_j = coefStd_j / sd_j (0 for a
    /// constant column) and intercept = interceptStd - sum_j beta_j mean_j, so beta'x + intercept equals the
    /// standardised model's prediction. Used by every linear learner.
    void originalScale(const Vector& coefStd, double interceptStd, Vector* beta, double* intercept) const;

    QJsonObject toJson() const;
    /// Restores toJson output; throws std::runtime_error when malformed.
    static ColumnScaler fromJson(const QJsonObject& json);

private:
    Vector m_mean, m_sd;
    Eigen::VectorXi m_constant;
};

} // namespace crw
