#pragma once
// Weighted ridge regression with an unpenalised intercept on internally standardised features.
#include "learn/ColumnScaler.h"
#include "learn/Regressor.h"

namespace crw {

class RidgeRegressor final : public Regressor {
public:
    explicit RidgeRegressor(const LearnerSpec& spec);

    /// Minimises sum_i w_i (y_i - a - z_i'b)^2 + l2 |b|^2 where z are the columns of X standardised with their
    /// UNWEIGHTED means and sds over all rows given (the weights do not move the penalty's scale). Weights enter the
    /// loss as given, so with l2 = 0 an integer weight equals duplicating the row; with l2 > 0 it does not, because
    /// duplicating rows changes the unweighted sds. Constant columns get b = 0.
    /// With spec.cvFolds > 1, l2 is first chosen from a grid by weighted K-fold cross-validation (seeded by
    /// spec.seed); spec().l2 then reports the chosen value.
    void fit(const Matrix& X, const Vector& y, const Vector& w) override;
    /// X * coefficients() + intercept().
    Vector predict(const Matrix& X) const override;
    QJsonObject toJson() const override;
    const LearnerSpec& spec() const override { return m_spec; }

    /// Restores a model written by toJson(); throws std::runtime_error when malformed.
    static std::unique_ptr<RidgeRegressor> fromJson(const QJsonObject& json);

    /// Slopes on the original feature scale.
    const Vector& coefficients() const { return m_beta; }
    /// Intercept on the original feature scale.
    double intercept() const { return m_intercept; }

private:
    void updateOriginalScale();
    Vector solve(const Matrix& gram, const Vector& rhs, double l2) const;

    LearnerSpec m_spec;
    ColumnScaler m_scaler;
    Vector m_coefStd; // slopes on the standardised scale
    double m_interceptStd = 0.0;
    Vector m_beta;
    double m_intercept = 0.0;
    bool m_fitted = false;
};

} // namespace crw
