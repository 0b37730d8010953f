#pragma once
// Efficiency-gain (EG) curve of the Meta-Router paper (METHOD.md §7, §10 Evaluation).
//
// Queries are ranked by psi_hat (descending, ties by index). Total efficiency at k = sum of the TRUE gains r of the
// top k queries, plotted at usage ratio PMUR = k/N. EG(p) = TotalEff(p) - Random(p), in the paper's units (summed true
// gain over the N test queries, not divided by N and not normalised by the plot constant 17.61891).
#include "learn/Types.h"

#include <cstdint>
#include <vector>

namespace crw {

/// How the random router's total efficiency is computed.
enum class RandomReference {
    Expected, ///< deterministic expectation of a uniformly random subset of size k: (k/N) * sum(r).
    Permutation ///< the authors' code: cumulative sum of r over ONE random permutation (seeded), k = 0..N.
};

struct EgOptions {
    /// Paper rule: only queries with psi_hat > 0 are admitted; the curve ends at PMUR = #positive/N and grid points
    /// beyond it are missing (NaN). false gives the full-ranking curve, defined on the whole grid.
    bool cutoffPositive = true;
    std::vector<double> grid; ///< PMUR grid; empty means paperPmurGrid() = linspace(0.2, 0.8, 61).
    RandomReference random = RandomReference::Expected;
    std::uint64_t seed = 0; ///< seed of std::mt19937_64 for RandomReference::Permutation.
};

/// One run's curve on the grid. Vectors are indexed like `grid`; missing points are NaN in totalEff and eg
/// (randomEff is always defined).
struct EgCurve {
    std::vector<double> grid;
    std::vector<double> totalEff;
    std::vector<double> randomEff;
    std::vector<double> eg;
    int n = 0; ///< number of test queries N
    int admitted = 0; ///< K: queries admitted (psi_hat > 0 with the cut-off, else N)
    double curveEnd = 0; ///< K/N, the last PMUR where the curve is defined
};

/// Cumulative true gain of the top-k queries by psi_hat, k = 0..K (element 0 is 0). K = #{psi_hat > 0} with the
/// cut-off, else N. Throws std::invalid_argument on length mismatch or NaN psi_hat.
std::vector<double> cumulativeTrueGain(const Vector& psiHat, const Vector& r, bool cutoffPositive);

/// The EG curve of one run, linearly interpolated on the grid between the knots (k/N, cumulative gain).
EgCurve efficiencyGainCurve(const Vector& psiHat, const Vector& r, const EgOptions& options = {});

/// The full-ranking curve: efficiencyGainCurve with the cut-off switched off (defined on the whole grid).
EgCurve fullRankingCurve(const Vector& psiHat, const Vector& r, EgOptions options = {});

} // namespace crw
