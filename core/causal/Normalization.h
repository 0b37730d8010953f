#pragma once
// Scale normalisation of preference outcomes onto the gold scale (METHOD.md §6, plus a regression option).
#include "learn/Types.h"

#include <QJsonObject>
#include <QString>
#include <cmath>

namespace crw {

enum class NormalizationMethod { None, Variance, Amplitude, Wasserstein2, Regression };
QString normalizationName(NormalizationMethod m);
bool parseNormalization(const QString& s, NormalizationMethod* out);

/// The constant c by which preference outcomes y are multiplied to sit on the gold scale of r.
///  - Variance: c = sd(r) / sd(y).
///  - Amplitude: c = mean|r| / mean|y|.
///  - Wasserstein2: c minimising the 2-Wasserstein distance between c*y and r (closed form over matched quantiles,
///    c = sum q_r(u) q_y(u) / sum q_y(u)^2 on a 1,000-point quantile grid).
///  - Regression: needs the features and out-of-fold mu0 of both sources, see regressionScale(); here (r, y and
///    etaAtGold only) it falls back to Variance. (Until issue 13 it was the marginal slope cov(r, eta)/var(eta),
///    which converges to about var(psi)/(var(psi)+var(Delta)) / C, not to the scale 1/C.)
///  - None: 1.
/// Returns 1 when a scale is degenerate (zero spread). Never returns a non-positive or non-finite value.
double normalizationConstant(NormalizationMethod m, const Vector& r, const Vector& y, const Vector& etaAtGold = {});

/// The partial slope of r on eta in the joint fit r ~ a + c*eta + z'b, where z are the features x standardised like
/// the ridge second stage (unweighted moments, two-valued columns at unit range) and only b is penalised (ridge, the
/// penalty chosen from {0.1, 1, ..., 1e5} by seeded 5-fold CV on the rows; reported in *l2Chosen). With x empty (or
/// of another row count) it is the marginal slope. NaN when fewer than 3 rows.
/// *se: its standard error (sandwich form of the penalised fit, residual variance on n - effective df).
double partialRegressionSlope(const Vector& r, const Vector& eta, const Matrix& x, uint64_t seed,
    double* l2Chosen = nullptr, double* se = nullptr);

/// The "regression" constant (issue 13 fix 3): a ratio of two partial slopes on the out-of-fold mu0,
///   c = slope(r ~ mu0 | x, gold rows) / slope(y ~ mu0 | x, preference rows).
/// Model: psi = c*eta + Delta with Delta in the span of the linear correction x'b. The gold slope alone estimates
/// c times the calibration slope of mu0_hat (a shrunk mu0_hat inflates it); the preference slope estimates that
/// calibration slope, so the ratio cancels it. Controlling for x removes the omitted-variable bias of the marginal
/// slope (mu0 carries -Delta). Not identified when Delta has a part that is neither linear in x nor orthogonal to
/// eta: then c absorbs it and Delta_hat estimates psi - c*eta for that c (the target the estimator actually has).
/// Precision gate: when the delta-method relative SE of the ratio exceeds kMaxRelativeSe (the slopes rest on the part
/// of mu0_hat the linear correction cannot express, which on weakly predictable real gains is small and noisy), the
/// ratio is reported but not used and variance matching is used instead.
constexpr double kMaxRelativeSe = 0.15;
struct RegressionScale {
    double c = 1.0;
    double slopeGold = std::nan(""), slopePref = std::nan(""), l2Gold = std::nan(""), l2Pref = std::nan("");
    double seGold = std::nan(""), sePref = std::nan(""), relSe = std::nan("");
    double fallbackRatio = std::nan(""); // the ratio when it failed the precision gate
    QString fallback; // non-empty when variance matching was used instead, with the reason
    QJsonObject toJson() const;
};
RegressionScale regressionScale(const Vector& r, const Vector& y, const Vector& etaAtGold, const Matrix& xGold,
    const Vector& etaAtPref, const Matrix& xPref, uint64_t seed);

} // namespace crw
