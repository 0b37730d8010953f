#pragma once
// How each router turns the gold and preference labels of a split into the training set of its psi model (the
// "relabeling strategy" of grf's trainer / predictor / relabeling separation). The trainer (RouterSuite.cpp) fits
// the queued psi models; SuiteResult::predict is the predictor.
#include "pipeline/RouterSuite.h"

namespace crw {

/// The training set of one router's psi model: rows of the split's X and their labels.
struct FinalFit {
    size_t router = 0; ///< index into SuiteResult::routers
    Eigen::Index first = 0, count = 0; ///< with rows empty: the contiguous rows [first, first + count) of X
    std::vector<int> rows; ///< the rows of X, when not contiguous
    Vector labels;
    Eigen::Index goldInXf = 0; ///< the first goldInXf rows of the design are gold rows (bootstrap noise estimate)
    Vector weights; ///< per row of the design; empty: every row weight 1
    /// The rows of X this fit trains on: X itself when it is all of X, else a copy in storage.
    const Matrix& design(const Matrix& X, Matrix& storage) const;
};

/// What the strategies share while a suite is built.
struct SuiteBuild {
    const SplitData& split;
    const SuiteOptions& opt;
    CateOptions cate; ///< opt.cate with the suite's seed
    SuiteResult res;
    IntVector t; ///< 1 for gold rows, 0 for preference rows
    Vector yNorm; ///< preference gains times the normalisation constant
    std::vector<FinalFit> finals; ///< queued psi fits
    SuiteBuild(const SplitData& s, const SuiteOptions& o);
    Eigen::Index n() const { return split.goldRows(); }
    Eigen::Index m() const { return split.prefRows(); }
    /// Queues the psi fit of the router about to be appended to res.routers.
    void queue(Eigen::Index first, Eigen::Index count, Vector labels, Eigen::Index goldInXf,
        std::vector<int> rows = {}, Vector weights = {});
};

/// Cross-fits the nuisances when fitNu (a Meta-Router, or the regression constant for a router that uses the
/// normalised preference labels; folds grouped by split.query when given), else computes the constant directly.
void fitSuiteNuisances(SuiteBuild& b, bool fitNu, Progress& progress);

/// The CATE fit of meta_r, meta_dr, meta_t (and the overlap kinds' learners): fitted on first use, then shared.
const CateFit& ensureCate(SuiteBuild& b, RouterKind k, Progress& progress);
/// meta_r / meta_dr / meta_t: learns Delta_hat, queues a fit on gold labels plus corrected preference labels.
void relabelMeta(SuiteBuild& b, RouterKind k, Progress& progress);
/// meta_r_overlap / meta_dr_overlap: the same, restricted to preference rows in the overlap region.
void relabelOverlap(SuiteBuild& b, RouterKind k, Progress& progress);
/// gold_only, pref_only, pooled, mean_shift, all_gold, random: queues their fit (random has none). Returns false
/// when the router cannot be trained on this split (all_gold without gold labels on the preference rows).
bool relabelBaseline(SuiteBuild& b, RouterKind k);
/// meta_r_reference / meta_dr_reference: the authors' procedure, fitted at once (its psi model is a forest).
void fitReference(SuiteBuild& b, TrainedRouter& tr, Progress& progress);

} // namespace crw
