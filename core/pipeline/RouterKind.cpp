#include "pipeline/RouterKind.h"

#include <QStringList>
#include <algorithm>

namespace crw {

QString routerName(RouterKind k)
{
    switch (k) {
    case RouterKind::MetaR:
        return QStringLiteral("meta_r");
    case RouterKind::MetaDR:
        return QStringLiteral("meta_dr");
    case RouterKind::MetaT:
        return QStringLiteral("meta_t");
    case RouterKind::GoldOnly:
        return QStringLiteral("gold_only");
    case RouterKind::PrefOnly:
        return QStringLiteral("pref_only");
    case RouterKind::Pooled:
        return QStringLiteral("pooled");
    case RouterKind::MeanShift:
        return QStringLiteral("mean_shift");
    case RouterKind::AllGold:
        return QStringLiteral("all_gold");
    case RouterKind::Random:
        return QStringLiteral("random");
    case RouterKind::MetaRReference:
        return QStringLiteral("meta_r_reference");
    case RouterKind::MetaDRReference:
        return QStringLiteral("meta_dr_reference");
    case RouterKind::MetaROverlap:
        return QStringLiteral("meta_r_overlap");
    case RouterKind::MetaDROverlap:
        return QStringLiteral("meta_dr_overlap");
    case RouterKind::Auto:
        return QStringLiteral("auto");
    }
    return {};
}

std::vector<RouterKind> allRouterKinds()
{
    return { RouterKind::Auto, RouterKind::MetaR, RouterKind::MetaDR, RouterKind::MetaT, RouterKind::GoldOnly,
        RouterKind::PrefOnly, RouterKind::Pooled, RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random,
        RouterKind::MetaRReference, RouterKind::MetaDRReference, RouterKind::MetaROverlap, RouterKind::MetaDROverlap };
}

bool needsNuisances(RouterKind k)
{
    return isMetaRouter(k) || k == RouterKind::Auto;
}

bool isMetaRouter(RouterKind k)
{
    return k == RouterKind::MetaR || k == RouterKind::MetaDR || k == RouterKind::MetaT || k == RouterKind::MetaROverlap
        || k == RouterKind::MetaDROverlap;
}

RouterKind mainRouterOf(const std::vector<RouterKind>& routers)
{
    for (RouterKind k : { RouterKind::Auto, RouterKind::MetaR, RouterKind::MetaDR, RouterKind::MetaT,
             RouterKind::MetaROverlap, RouterKind::MetaDROverlap })
        if (std::find(routers.begin(), routers.end(), k) != routers.end())
            return k;
    return routers.empty() ? RouterKind::Random : routers.front();
}

bool parseRouterName(const QString& s, RouterKind* out)
{
    for (RouterKind k : allRouterKinds())
        if (routerName(k) == s) {
            *out = k;
            return true;
        }
    return false;
}

bool parseRouterList(const QString& s, std::vector<RouterKind>* out, QString* error)
{
    out->clear();
    const std::vector<RouterKind> baselines { RouterKind::GoldOnly, RouterKind::PrefOnly, RouterKind::Pooled,
        RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random };
    auto add = [&](RouterKind k) {
        if (std::find(out->begin(), out->end(), k) == out->end())
            out->push_back(k);
    };
    for (const QString& raw : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = raw.trimmed();
        RouterKind k;
        if (t == QLatin1String("r"))
            add(RouterKind::MetaR);
        else if (t == QLatin1String("dr"))
            add(RouterKind::MetaDR);
        else if (t == QLatin1String("t"))
            add(RouterKind::MetaT);
        else if (t == QLatin1String("both")) {
            add(RouterKind::MetaR);
            add(RouterKind::MetaDR);
        } else if (t == QLatin1String("baselines")) {
            for (auto b : baselines)
                add(b);
        } else if (t == QLatin1String("all")) {
            for (auto b : { RouterKind::Auto, RouterKind::MetaR, RouterKind::MetaDR, RouterKind::MetaT })
                add(b);
            for (auto b : baselines)
                add(b);
        } else if (t == QLatin1String("overlap")) {
            add(RouterKind::MetaROverlap);
            add(RouterKind::MetaDROverlap);
        } else if (t == QLatin1String("reference")) {
            add(RouterKind::MetaRReference);
            add(RouterKind::MetaDRReference);
        } else if (parseRouterName(t, &k))
            add(k);
        else {
            *error = QStringLiteral(
                "unknown learner/router '%1' (expected r, dr, t, both, baselines, all, reference, overlap "
                "or router names such as pooled)")
                         .arg(t);
            return false;
        }
    }
    if (out->empty()) {
        *error = QStringLiteral("no learner given");
        return false;
    }
    return true;
}

} // namespace crw
