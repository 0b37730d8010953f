#pragma once
// Formatting of aggregated Monte-Carlo results shared by the experiment and the acquisition study (JSON keys,
// numbers for JSON, markdown cells).
#include "metrics/RunAggregation.h"

#include <QString>

namespace crw {

/// The JSON key of a usage share, e.g. "0.3" (3 significant digits).
QString shareKey(double share);
/// v, or 0 when v is not finite (JSON has no NaN).
double jsonNumber(double v);
/// "mean ± se" with `precision` decimals (se 0 when it is not finite).
QString formatMeanSe(const MeanSe& m, int precision);
/// "+d (t=x)" / "-d (t=x)" with `precision` decimals for d and one for t.
QString formatPaired(const PairedDifference& d, int precision);

} // namespace crw
