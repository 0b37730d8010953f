#pragma once
// K-fold assignment for cross-fitting, stratified by source (gold / preference).
#include "learn/Types.h"

#include <vector>

namespace crw {

/// Assigns each row to one of k folds (0..k-1) so that every fold holds an equal share (+-1) of each source.
/// Deterministic for a seed. t holds the source of each row (1 gold, 0 preference).
IntVector stratifiedFolds(const IntVector& t, int k, uint64_t seed);

/// As stratifiedFolds, then every preference row whose group (query id) also has a gold row is moved into that gold
/// row's fold, so no model trained outside fold k has seen the query of a fold-k row (issue 13: a query labelled in
/// both sources leaked its preference label into mu0_hat at its own gold row). groups empty: stratifiedFolds.
IntVector groupedStratifiedFolds(const IntVector& t, const IntVector& groups, int k, uint64_t seed);

/// Row indices with fold == f (inFold = true) or fold != f (inFold = false).
std::vector<int> foldRows(const IntVector& folds, int f, bool inFold);

/// Rows of X selected by idx.
Matrix selectRows(const Matrix& X, const std::vector<int>& idx);
/// Entries of v selected by idx.
Vector selectRows(const Vector& v, const std::vector<int>& idx);

} // namespace crw
