#pragma once
// The spread of predictions over model replicates (bootstrap refits): shared by the training-time bootstrap of psi
// and the router runtime.
#include "learn/Regressor.h"

#include <memory>
#include <vector>

namespace crw {

/// Sample variance (n - 1) from a sum and a sum of squares of n values; 0 when n < 2 (and never negative).
double sampleVariance(double sum, double sumSquares, int n);

/// Per row of X, the sample standard deviation of the models' predictions; zeros with fewer than two models.
Vector predictionSd(const std::vector<std::unique_ptr<Regressor>>& models, const Matrix& X);

} // namespace crw
