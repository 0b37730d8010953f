#include "pipeline/GroupBiasJson.h"

#include "runs/RunKeys.h"

#include <cmath>

namespace crw {

namespace {
QJsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}
}

QJsonObject groupBiasJson(const GroupAipwEstimate& e, QLatin1String estimateKey, QLatin1String truthKey)
{
    namespace k = runkey;
    return QJsonObject { { estimateKey, finiteOrNull(e.estimate) }, { k::se, finiteOrNull(e.se) },
        { k::ciLow, e.hasInterval() ? finiteOrNull(e.ciLow) : QJsonValue() },
        { k::ciHigh, e.hasInterval() ? finiteOrNull(e.ciHigh) : QJsonValue() }, { k::reason, e.reason },
        { k::nGold, e.nGold }, { k::nPreference, e.nPreference }, { k::rows, e.nGold + e.nPreference },
        { k::meanDeltaHat, finiteOrNull(e.meanDeltaHat) }, { truthKey, finiteOrNull(e.truth) } };
}

} // namespace crw
