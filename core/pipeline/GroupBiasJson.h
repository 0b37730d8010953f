#pragma once
// The stored form of one group's bias estimate (summary.bias_by_task[] and summary.clusters[], docs/runs.md).
#include "causal/GroupAipw.h"

#include <QJsonObject>

namespace crw {

/// n_gold, n_preference, se, ci_low / ci_high (null without an interval), reason (empty with one), rows,
/// mean_delta_hat, plus the estimate and the mean truth under the given keys (null when not finite).
QJsonObject groupBiasJson(const GroupAipwEstimate& e, QLatin1String estimateKey, QLatin1String truthKey);

} // namespace crw
