#pragma once
// The routers the workbench trains and compares (names are the `experiment --json` contract).
#include <QString>
#include <vector>

namespace crw {

enum class RouterKind {
    MetaR,
    MetaDR,
    MetaT,
    GoldOnly,
    PrefOnly,
    Pooled,
    MeanShift,
    AllGold,
    Random,
    MetaRReference,
    MetaDRReference,
    MetaROverlap,
    MetaDROverlap,
    Auto ///< cross-validated choice among gold_only, mean_shift and the corrected Meta-Routers (pipeline/AutoSelection.h)
};

/// Contract names: meta_r, meta_dr, meta_t, gold_only, pref_only, pooled, mean_shift, all_gold, random,
/// meta_r_reference, meta_dr_reference, meta_r_overlap, meta_dr_overlap, auto.
QString routerName(RouterKind k);
bool parseRouterName(const QString& s, RouterKind* out);
/// Every router kind, in display order.
std::vector<RouterKind> allRouterKinds();
/// True for routers that need the cross-fitted nuisances: the Meta-Routers and auto.
bool needsNuisances(RouterKind k);
/// True for the Meta-Routers that correct preference labels with a cross-fitted CATE (r, dr, t, and the overlap ones).
bool isMetaRouter(RouterKind k);
/// The router whose Delta_hat, psi_hat and uncertainty a run reports per query: auto when trained, else the first of
/// meta_r, meta_dr, meta_t, meta_r_overlap, meta_dr_overlap in routers, else the first router.
RouterKind mainRouterOf(const std::vector<RouterKind>& routers);
/// Parses a --learner value: r | dr | t | both (r,dr) | all (meta r/dr/t and every baseline) | reference |
/// overlap (meta_r_overlap, meta_dr_overlap) | a comma list of router names.
bool parseRouterList(const QString& s, std::vector<RouterKind>* out, QString* error);

} // namespace crw
