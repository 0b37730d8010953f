#pragma once
// Shared argument checks of Regressor::fit implementations.
#include "learn/Types.h"

namespace crw {

/// Throws std::invalid_argument unless y has X.rows() entries, w is empty or has X.rows() finite non-negative
/// entries, y is finite and (unless allowMissingX, for models that treat NaN as missing) X is finite.
/// `who` prefixes the message.
void checkFitInputs(const Matrix& X, const Vector& y, const Vector& w, const char* who, bool allowMissingX = false);

} // namespace crw
