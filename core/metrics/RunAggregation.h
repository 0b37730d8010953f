#pragma once
// Aggregation of per-run metrics over Monte-Carlo splits (METHOD.md §10 step 5, §15.2).
#include <limits>
#include <vector>

namespace crw {

struct MeanSe {
    double mean = 0; ///< mean of the non-missing values (NaN if none)
    double se = 0; ///< sample sd (n-1) / sqrt(n); NaN when fewer than two values
    int n = 0; ///< number of non-missing values used
};

/// Mean and standard error of a scalar over runs, ignoring NaN (missing) values.
MeanSe meanSe(const std::vector<double>& values);

/// Per grid point mean and SE over runs (runs[r][g]); NaN entries (missing points) are ignored point by point, so
/// late grid points average only the runs whose curve reached them (the paper's survivorship rule). All runs must
/// have the same length.
std::vector<MeanSe> curveMeanSe(const std::vector<std::vector<double>>& runs);

/// Paired comparison of two routers on identical splits: d_r = a_r - b_r.
struct PairedDifference {
    double meanDiff = 0; ///< mean of d over the runs where both values are present
    double se = 0; ///< sd(d, n-1) / sqrt(n); NaN when n < 2
    double t = 0; ///< meanDiff / se (NaN when se is NaN; +-inf when se = 0 and meanDiff != 0)
    int n = 0; ///< number of complete pairs
    /// Nadeau & Bengio (2003): the runs' training sets overlap, so the variance of the mean difference is
    /// (1/n + n_test/n_train) sd(d)^2, not sd(d)^2 / n. NaN unless a test/train size ratio was given.
    double seNb = 0, tNb = 0;
    /// The two-sided 95% quantile of Student's t with n - 1 degrees of freedom (NaN when n < 2): the threshold
    /// |t| (or |tNb|) must pass for a verdict, instead of 2.
    double tCritical = 0;
    /// |tNb| > tCritical when the NB correction is known, else |t| > tCritical.
    bool significant() const;
};

/// Paired difference a - b over runs (same run order in both). Pairs with a NaN on either side are skipped.
/// testOverTrain: n_test / n_train of one run's split, for the Nadeau-Bengio correction (NaN: not corrected).
/// Throws std::invalid_argument when the lengths differ.
PairedDifference pairedDifference(const std::vector<double>& a, const std::vector<double>& b,
    double testOverTrain = std::numeric_limits<double>::quiet_NaN());

/// The p-quantile of Student's t distribution with df >= 1 degrees of freedom, for p in [0.9, 0.9995] (exact
/// table values for the common df, else the Cornish-Fisher expansion; relative error below 1e-3 for df >= 1).
double studentTQuantile(double p, int df);

} // namespace crw
