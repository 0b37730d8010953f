#pragma once
// Cross-fitted R-, DR- and T-learners for the preference bias Delta(q) (METHOD.md §2, §5, §12, §15).
#include "causal/CateOptions.h"
#include "util/Progress.h"

namespace crw {

/// Fits the nuisances with K-fold cross-fitting stratified by source: mu0 on preference rows, mu1 on gold rows
/// (as mu0 plus a stage-2-family correction when mu1Offset), and p (estimated or design). Every prediction is out
/// of fold. X: pooled features, o: raw outcomes, t: 1 gold / 0 preference. The preference outcomes are first put on
/// the gold scale with opt.normalization (the constant and the normalised outcomes are returned in the result).
/// groups (optional, one query id per row): a query's gold and preference rows share a fold
/// (groupedStratifiedFolds), so its preference label never enters mu0_hat at its own gold row.
Nuisances fitNuisances(const Matrix& X, const Vector& o, const IntVector& t, const CateOptions& opt,
    Progress& progress, const IntVector* groups = nullptr);

/// Builds the learner's pseudo-outcomes from the nuisances and fits the stage-2 model, cross-fitted on the same folds,
/// so Delta_hat on every row is out of fold. R: Z=(o-mu)/(t-p), W=(t-p)^2 with mu = p*mu1 + (1-p)*mu0.
/// DR: the AIPW pseudo-outcome (weights 1, or p(1-p) with overlap weights). T: mu1 - mu0.
/// Uses the normalised outcomes nu.o. With rowMask (one entry per row), rows whose entry is false get weight 0 in the
/// stage-2 fits (the overlap-restricted Meta-Router); Delta_hat is still predicted on every row.
CateFit fitCate(CateLearner learner, const Matrix& X, const IntVector& t, const Nuisances& nu, const CateOptions& opt,
    Progress& progress, const std::vector<bool>* rowMask = nullptr);

/// Effective sample size (sum w)^2 / sum w^2 of the weights w over rows with mask true.
double effectiveSampleSize(const Vector& w, const IntVector& t, int source);

} // namespace crw
