#pragma once
// Trains every requested router of one split on the same base learner and features.
#include "causal/CateEstimator.h"
#include "causal/OverlapRegion.h"
#include "causal/ReferenceMode.h"
#include "pipeline/PsiBootstrap.h"
#include "pipeline/RouterKind.h"

#include <QJsonObject>
#include <map>
#include <optional>

namespace crw {

/// One training split: pooled features with the gold rows first, the gold gain r of the first r.size() rows and the
/// raw preference gain y of the remaining rows.
struct SplitData {
    Matrix X; // (n + m) x d, gold rows first
    Vector r; // n gold gains
    Vector y; // m preference gains (raw scale)
    Vector rAtPref; // gold gain on the preference rows when known (enables the all_gold oracle); else empty
    IntVector query; // optional: a query id per pooled row (rows of one query share it; used by the bootstrap)
    Eigen::Index goldRows() const { return r.size(); }
    Eigen::Index prefRows() const { return y.size(); }
};

/// Builds a SplitData from separate gold and preference feature matrices.
SplitData makeSplit(const Matrix& Xg, const Vector& r, const Matrix& Xp, const Vector& y, const Vector& rAtPref = {});

struct SuiteOptions {
    std::vector<RouterKind> routers { RouterKind::MetaR, RouterKind::MetaDR, RouterKind::GoldOnly, RouterKind::Pooled };
    LearnerSpec finalSpec; // the psi model of every router (same base learner for all)
    CateOptions cate;
    uint64_t seed = 1;
    int bootstrap = 0; // >0: bootstrap replicates of the main router's psi model (uncertainty)
    double overlapMinRatio = 0.1; // meta_*_overlap: minimum gold/preference density ratio of a used preference row
};

/// A trained router: a psi model (none for random).
struct TrainedRouter {
    RouterKind kind;
    std::unique_ptr<Regressor> psi;
    uint64_t seed = 0;
    std::shared_ptr<PsiBootstrap> bootstrap; // the main router with SuiteOptions::bootstrap > 0
};

struct SuiteResult {
    std::vector<TrainedRouter> routers;
    std::optional<Nuisances> nuisances; // when a meta router was trained
    std::map<RouterKind, CateFit> cates; // meta_r, meta_dr, meta_t
    std::map<RouterKind, ReferenceFit> references; // *_reference
    std::map<RouterKind, OverlapRegion> overlaps; // meta_*_overlap: the region used
    double normConstant = 1;
    QStringList warnings;
    QJsonObject autoSelection; ///< with auto: its candidates' CV table, the choice and why (AutoSelection::toJson)
    RouterKind autoBase = RouterKind::GoldOnly; ///< with auto: the base of the chosen candidate
    QJsonObject calibration; ///< BLP / GATES calibration test of the main Delta_hat (causal/CalibrationTest.h)

    /// The CATE fit behind router k's psi: its own for a Meta-Router, the chosen candidate's for auto; else nullptr.
    const CateFit* cateOf(RouterKind k) const;
    /// The Delta_hat to report for router k (the bias view): cateOf(k), else for auto the first of meta_r, meta_dr,
    /// meta_t fitted as its candidates; else nullptr.
    const CateFit* biasCate(RouterKind k) const;

    /// psi_hat of router k on X (random: seeded uniform scores). Throws if k was not trained.
    Vector predict(RouterKind k, const Matrix& X) const;
    bool has(RouterKind k) const;
    /// The bootstrap of router k, or nullptr when it has none.
    const PsiBootstrap* bootstrapOf(RouterKind k) const;
    /// Diagnostics of the run: normalisation constant, per-learner CATE diagnostics, reference shares, warnings.
    QJsonObject diagnosticsJson() const;
};

/// Trains the routers in opt.routers on split. Pooled rows are ordered gold first, then preference, in every
/// CateFit / Nuisances vector. Reports progress and honours cancel.
SuiteResult trainRouterSuite(const SplitData& split, const SuiteOptions& opt, Progress& progress);

/// Default learner specs of the workbench (documented in docs/method.md).
LearnerSpec defaultOutcomeSpec(int nthread = 1);
LearnerSpec defaultFinalSpec(int nthread = 1);

} // namespace crw
