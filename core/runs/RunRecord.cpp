#include "runs/RunRecord.h"

#include "runs/RunViewPrecompute.h"

#include <algorithm>
#include <cmath>

namespace crw {

bool TestTruth::hasCosts() const
{
    if (costPrimary.isEmpty() || costPrimary.size() != costAlternative.size())
        return false;
    auto finite = [](double x) { return std::isfinite(x); };
    return std::all_of(costPrimary.begin(), costPrimary.end(), finite)
        && std::all_of(costAlternative.begin(), costAlternative.end(), finite);
}

void RunRecord::precompute()
{
    precomputed = std::make_shared<const RunViewPrecompute>(precomputeRunViews(*this));
}

const RouterCurves* RunRecord::router(const QString& name) const
{
    for (const RouterCurves& c : routers)
        if (c.router == name)
            return &c;
    return nullptr;
}

QStringList RunRecord::evaluatedRouters() const
{
    QStringList out;
    for (const RouterCurves& c : routers)
        if (c.hasTest())
            out << c.router;
    return out;
}

const CateDiagnosticsView* RunRecord::biasDiagnostics() const
{
    // The main router's Delta_hat is the one stored; older runs only name its learner.
    const QString key = diagnostics.cate.contains(mainRouter) ? mainRouter
        : biasLearner == "dr"                                 ? "meta_dr"
        : biasLearner == "t"                                  ? "meta_t"
                                                              : "meta_r";
    auto it = diagnostics.cate.constFind(key);
    if (it != diagnostics.cate.constEnd())
        return &it.value();
    return diagnostics.cate.isEmpty() ? nullptr : &diagnostics.cate.first();
}

QString RunRecord::defaultRouter() const
{
    const QStringList names = evaluatedRouters();
    if (names.contains(mainRouter))
        return mainRouter;
    for (const char* pref : { "meta_r", "meta_dr", "meta_t", "meta_r_overlap", "meta_dr_overlap" })
        if (names.contains(pref))
            return pref;
    return names.isEmpty() ? QString() : names.first();
}

QString routerDisplayName(const QString& router)
{
    static const QMap<QString, QString> names {
        { "meta_r", "Meta-Router (R)" },
        { "meta_dr", "Meta-Router (DR)" },
        { "meta_t", "Meta-Router (T)" },
        { "gold_only", "Gold only" },
        { "pref_only", "Preference only" },
        { "pooled", "Pooled labels" },
        { "mean_shift", "Mean shift" },
        { "all_gold", "All gold (oracle)" },
        { "random", "Random" },
        { "meta_r_reference", "Meta-Router (R, reference)" },
        { "meta_dr_reference", "Meta-Router (DR, reference)" },
        { "meta_r_overlap", "Meta-Router (R, overlap)" },
        { "meta_dr_overlap", "Meta-Router (DR, overlap)" },
        { "auto", "Auto (cross-validated)" },
    };
    return names.value(router, router);
}

} // namespace crw
