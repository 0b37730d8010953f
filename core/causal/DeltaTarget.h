#pragma once
// What a bias estimator with normalisation constant c actually estimates, for evaluation against simulated truth
// (issue 13 fix 3: "report Delta_hat RMSE against the target the estimator actually has").
#include "learn/Types.h"

namespace crw {

/// The preference scale C of simulated data y = C (r - Delta) + noise, from the truth: the least-squares slope of y
/// on r - trueDelta through the origin. NaN when r - trueDelta is all zero or sizes differ.
double simulatedScale(const Vector& r, const Vector& y, const Vector& trueDelta);

/// The per-row target of a bias estimator whose preference outcomes were multiplied by c: psi - c*eta with
/// eta = C (r - Delta) on the raw preference scale, i.e. (1 - cC) r + cC Delta. Equal to Delta exactly when c = 1/C.
Vector estimatorTarget(const Vector& r, const Vector& trueDelta, double c, double C);

} // namespace crw
