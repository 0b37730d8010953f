#pragma once
// Scale normalisation of preference outcomes onto the gold scale (METHOD.md §6, plus a regression option).
#include "learn/Types.h"

#include <QString>

namespace crw {

enum class NormalizationMethod { None, Variance, Amplitude, Wasserstein2, Regression };
QString normalizationName(NormalizationMethod m);
bool parseNormalization(const QString& s, NormalizationMethod* out);

/// The constant c by which preference outcomes y are multiplied to sit on the gold scale of r.
///  - Variance: c = sd(r) / sd(y).
///  - Amplitude: c = mean|r| / mean|y|.
///  - Wasserstein2: c minimising the 2-Wasserstein distance between c*y and r (closed form over matched quantiles,
///    c = sum q_r(u) q_y(u) / sum q_y(u)^2 on a 1,000-point quantile grid).
///  - Regression: c = cov(r, etaAtGold) / var(etaAtGold), where etaAtGold are out-of-fold predictions of the raw
///    preference outcome on the gold queries: the c that leaves the bias Delta = psi - c*eta with least variance.
///    Falls back to Variance if etaAtGold is empty or constant.
///  - None: 1.
/// Returns 1 when a scale is degenerate (zero spread). Never returns a non-positive or non-finite value.
double normalizationConstant(NormalizationMethod m, const Vector& r, const Vector& y, const Vector& etaAtGold = {});

} // namespace crw
