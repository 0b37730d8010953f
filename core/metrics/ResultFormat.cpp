#include "metrics/ResultFormat.h"

#include <cmath>

namespace crw {

QString shareKey(double share)
{
    return QString::number(share, 'g', 3);
}

double jsonNumber(double v)
{
    return std::isfinite(v) ? v : 0.0;
}

QString formatMeanSe(const MeanSe& m, int precision)
{
    return QStringLiteral("%1 ± %2")
        .arg(m.mean, 0, 'f', precision)
        .arg(std::isfinite(m.se) ? m.se : 0.0, 0, 'f', precision);
}

QString formatPaired(const PairedDifference& d, int precision)
{
    return QStringLiteral("%1%2 (t=%3)")
        .arg(d.meanDiff >= 0 ? "+" : "")
        .arg(d.meanDiff, 0, 'f', precision)
        .arg(d.t, 0, 'f', 1);
}

} // namespace crw
