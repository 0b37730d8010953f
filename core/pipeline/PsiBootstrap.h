#pragma once
// Uncertainty of the quality gain psi_hat(q): a bootstrap of the final-stage regression (METHOD.md §13, issue
// "uncertainty on every routing decision"). docs/uncertainty.md says what the intervals mean.
#include "learn/Regressor.h"
#include "util/Progress.h"

#include <memory>
#include <vector>

namespace crw {

/// B refits of the psi model on multinomial bootstrap resamples of its training rows (drawn as integer sample
/// weights, so no data is copied), plus the noise level of a gold label around psi from out-of-bag residuals.
struct PsiBootstrap {
    std::vector<std::unique_ptr<Regressor>> models;
    double residualSd = 0; // sd of gold label noise around psi: sqrt(max(0, OOB MSE - mean bootstrap variance))
    double oobRmse = 0; // out-of-bag RMSE of the bootstrap models on the gold rows
    int oobRows = 0; // gold rows with at least one out-of-bag prediction
    std::vector<double>
        oobScores; // sorted |r - oob prediction| / predictive sd over those gold rows (conformal scores)
    /// Bootstrap standard error of psi_hat for each row of X (zeros with fewer than two models).
    Vector se(const Matrix& X) const;
    /// sd of a new gold label around psi_hat: sqrt(se^2 + residualSd^2), per row.
    Vector predictiveSd(const Vector& se) const;
    /// The multiplier z of predictiveSd for a central interval of `level` around psi_hat: the conformal quantile of
    /// the out-of-bag scores (the ceil((n+1) level)-th smallest of n), so that a new gold label falls inside with at
    /// least that frequency on exchangeable data; the normal quantile when fewer than 20 scores exist.
    double intervalZ(double level) const;
};

/// The conformal multiplier for a central interval of `level` from sorted non-negative scores |r - psi| / sd: the
/// ceil((n+1) level)-th smallest of the n scores (the largest when that exceeds n); the normal quantile when fewer
/// than 20 scores are given.
double conformalQuantile(const std::vector<double>& sortedScores, double level);

/// Fits `replicates` bootstrap models of spec on (X, y). Rows [0, goldRows) are gold rows, used for the out-of-bag
/// noise estimate. cluster (optional, one id >= 0 per row) ties rows of the same query (a gold row and a preference
/// row of one query): whole clusters are resampled, and a gold row is out of bag only when no row of its query is in
/// the resample, so its out-of-bag residual is an honest estimate for a new query. Deterministic for seed whatever
/// spec.nthread. baseWeights (optional, one per row) multiply the resampling counts (a weighted psi fit). Reports
/// progress and honours cancel.
PsiBootstrap fitPsiBootstrap(const LearnerSpec& spec, const Matrix& X, const Vector& y, Eigen::Index goldRows,
    int replicates, uint64_t seed, Progress& progress, const IntVector& cluster = IntVector(),
    const Vector& baseWeights = Vector());

} // namespace crw
