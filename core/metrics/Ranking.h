#pragma once
// Ranking of queries by a router score (psi_hat), shared by every curve metric.
#include "learn/Types.h"

#include <vector>

namespace crw {

/// Returns the query indices 0..N-1 ordered by score, highest first. Ties keep their index order (stable), so the
/// query with the smaller index is routed first. Throws std::invalid_argument if a score is NaN.
std::vector<int> rankDescending(const Vector& score);

/// Throws std::invalid_argument naming `what` unless a and b have the same length.
void requireSameLength(const Vector& a, const Vector& b, const char* what);

} // namespace crw
