#pragma once
// L2-penalised weighted logistic regression (Newton / IRLS with step halving) on standardised features.
#include "learn/ColumnScaler.h"
#include "learn/Regressor.h"

namespace crw {

class LogisticRegressor final : public Regressor {
public:
    explicit LogisticRegressor(const LearnerSpec& spec);

    /// Maximises sum_i w_i [y_i eta_i - log(1 + exp eta_i)] - (l2/2)|b|^2 with eta = a + z'b on standardised z
    /// (intercept unpenalised). y must lie in [0,1] (soft labels allowed). When the weighted base rate is 0 or 1
    /// the model predicts that base rate everywhere.
    void fit(const Matrix& X, const Vector& y, const Vector& w) override;
    /// Probabilities P(y = 1 | x).
    Vector predict(const Matrix& X) const override;
    QJsonObject toJson() const override;
    const LearnerSpec& spec() const override { return m_spec; }

    /// Restores a model written by toJson(); throws std::runtime_error when malformed.
    static std::unique_ptr<LogisticRegressor> fromJson(const QJsonObject& json);

    /// Slopes of the log-odds on the original feature scale.
    const Vector& coefficients() const { return m_beta; }
    /// Log-odds intercept on the original feature scale.
    double intercept() const { return m_intercept; }
    /// Newton iterations used by the last fit (0 for a constant model).
    int iterations() const { return m_iterations; }

private:
    void updateOriginalScale();

    LearnerSpec m_spec;
    ColumnScaler m_scaler;
    Vector m_coefStd;
    double m_interceptStd = 0.0;
    Vector m_beta;
    double m_intercept = 0.0;
    bool m_constant = false; // degenerate target: predict m_baseRate
    double m_baseRate = 0.5;
    int m_iterations = 0;
    bool m_fitted = false;
};

} // namespace crw
