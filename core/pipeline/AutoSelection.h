#pragma once
// `auto`, the cross-validated default router (issue 13): it picks, by held-out gold loss, how much of the preference
// data to trust. Candidates: gold_only; mean_shift; meta_t, meta_r and meta_dr with their Delta_hat shrunk toward
// its mean (shrink 0 or 0.5); mean_shift and the meta candidates with the corrected preference rows weighted
// lambda = 1 or 0.25 in the final fit (the paper's unused lambda; power tuning in the spirit of PPI++). The loss is
// the out-of-fold MSE of psi_hat against the gold gain on the cross-fitting folds' held-out gold rows; a one-SE rule
// prefers the simpler candidate (gold_only, then mean_shift, then shrunk, then unshrunk corrections).
#include "pipeline/RouterRelabeling.h"

#include <QJsonObject>
#include <vector>

namespace crw {

/// One candidate's recipe and its cross-validated loss.
struct AutoCandidate {
    QString name; ///< e.g. "meta_r shrink 0.5 lambda 1"
    RouterKind base = RouterKind::GoldOnly; ///< GoldOnly, MeanShift, MetaT, MetaR or MetaDR
    double shrink = 0; ///< Delta_hat = mean + (1 - shrink)(Delta_hat - mean)
    double lambda = 0; ///< weight of a corrected preference row in the psi fit (0: not used)
    int complexity = 0; ///< 0 gold_only, 1 mean_shift, 2 shrunk correction, 3 full correction
    double loss = 0; ///< out-of-fold MSE on the gold rows
    double diffVsGold = 0, diffVsGoldSe = 0; ///< paired loss difference against gold_only, and its SE
    double diffVsBestSe = 0; ///< SE of the paired difference against the lowest-loss candidate
};

struct AutoSelection {
    std::vector<AutoCandidate> candidates;
    int chosen = 0; ///< index into candidates
    int best = 0; ///< the lowest loss
    int goldRows = 0, prefRowsPerFit = 0, folds = 0;
    QString reason; ///< the choice in words a user can check
    /// {candidates: [{name, base, shrink, lambda, loss, diff_vs_gold_only, diff_se}], chosen, best, reason, ...}
    QJsonObject toJson() const;
};

/// Runs the selection on a suite whose nuisances are fitted (b.res.nuisances); fits the CATEs of meta_t, meta_r and
/// meta_dr that the suite has not fitted yet (into b.res.cates). For fold k the candidates are fitted on the gold rows
/// outside k and at most maxPrefPerFit preference rows inside k whose query has no gold row in k (their Delta_hat was
/// learnt without fold k's gold labels, so nothing the fit sees depends on the held-out labels), and scored on fold
/// k's gold rows. Deterministic for the suite's seed, whatever the thread count.
AutoSelection selectAuto(SuiteBuild& b, Progress& progress, int maxPrefPerFit = 20000);

/// Queues auto's psi fit: the chosen candidate on every gold row and every preference row (weighted lambda).
void queueAutoFit(SuiteBuild& b, const AutoSelection& s);

} // namespace crw
