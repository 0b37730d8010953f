#pragma once
// Plain-language remarks on a finished training run for the training log: the run's own warnings plus positivity
// checks (too many clipped propensities, too few effective gold rows).
#include <QJsonObject>
#include <QStringList>

namespace crw {

/// Above this share of clipped propensities the overlap between gold and preference queries is poor.
inline constexpr double kClippedShareLimit = 0.10;
/// Below this effective number of gold rows the bias correction rests on too little gold data.
inline constexpr double kEssGoldLimit = 30.0;

/// The remarks for a `runTraining` summary (docs/runs.md), in order: diagnostics.warnings, then one remark when
/// diagnostics.propensity_clipped_share > 10%, then one per CATE learner whose ess_gold < 30.
QStringList trainingRemarks(const QJsonObject& summary);

} // namespace crw
