#pragma once
// The one split function of the workbench: training, pool training, the experiment and the acquisition study all
// draw their test, gold and preference rows here, from a seeded permutation.
#include "learn/Types.h"

#include <vector>

namespace crw {

/// How many rows of each kind a split takes.
struct SplitPlan {
    int testSize = 0; ///< held out from the gold-labelled rows (0 = none)
    int goldSize = 0; ///< trained on from the rest (0 = every remaining gold-labelled row)
    double goldSkew = 0; ///< 0: a random subset; > 0: mostly from some groups (chooseGoldRows)
    int maxPref = 0; ///< cap on the preference rows (0 = every eligible one)
    /// True (training on a project): a query trained on as gold can also be a preference row. False (the protocol
    /// of the experiment, on queries that have both labels): gold and preference rows are disjoint.
    bool goldQueriesGivePreference = true;
};

/// Rows of one split. test keeps permutation order; gold and pref are ascending.
struct RowSplit {
    std::vector<int> test, gold, pref;
};

/// Draws a split of rows 0..hasPreference.size()-1. goldLabelled: the rows with a gold label, in any order; a
/// permutation of them seeded by (seed, SeedPurpose::TrainSplit) gives the test set (its first testSize rows) and,
/// from the rest in permutation order, the gold rows. For one seed the test set does not depend on goldSize and the
/// gold sets are nested across gold sizes (also with a skew: the sampling keys do not depend on goldSize), as in the
/// paper's protocol. exclude: rows that take no part at all. group / X: see chooseGoldRows (only with a skew).
/// Throws std::invalid_argument when testSize or goldSize is negative.
RowSplit drawRowSplit(const std::vector<int>& goldLabelled, const std::vector<bool>& hasPreference,
    const SplitPlan& plan, uint64_t seed, const IntVector& group = IntVector(), const Matrix& X = Matrix(),
    const std::vector<int>& exclude = {});

/// Chooses n of the candidate rows `rest` as gold rows. skew = 0: the first n (rest is already a random order).
/// skew in (0, 1]: half of the groups (chosen at random) keep sampling weight 1, the others get weight 1 - skew, so
/// with skew 0.9 gold comes mostly from some groups while preference labels cover all (a gold set chosen by a rule,
/// with limited overlap). Groups: `group` per row when it has at least two values, else the halves of the first
/// feature column (split at its median). Weighted sampling without replacement (Efraimidis-Spirakis keys), so the
/// first n of a larger draw are the draw of n. Deterministic for seed.
std::vector<int> chooseGoldRows(
    const std::vector<int>& rest, int n, double skew, const IntVector& group, const Matrix& X, uint64_t seed);

} // namespace crw
