#pragma once
// The routers the workbench trains and compares (names are the `experiment --json` contract).
#include <QString>
#include <vector>

namespace crw {

enum class RouterKind { MetaR, MetaDR, MetaT, GoldOnly, PrefOnly, Pooled, MeanShift, AllGold, Random, MetaRReference,
    MetaDRReference };

/// Contract names: meta_r, meta_dr, meta_t, gold_only, pref_only, pooled, mean_shift, all_gold, random,
/// meta_r_reference, meta_dr_reference.
QString routerName(RouterKind k);
bool parseRouterName(const QString& s, RouterKind* out);
/// Every router kind, in display order.
std::vector<RouterKind> allRouterKinds();
/// Parses a --learner value: r | dr | t | both (r,dr) | all (every router) | a comma list of router names.
bool parseRouterList(const QString& s, std::vector<RouterKind>* out, QString* error);

} // namespace crw
