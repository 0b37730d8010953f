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
    // t, then the Nadeau-Bengio corrected t where known; * marks a difference beyond the t quantile of n - 1 df.
    const QString nb = std::isfinite(d.tNb) ? QStringLiteral(", NB t=%1").arg(d.tNb, 0, 'f', 1) : QString();
    return QStringLiteral("%1%2 (t=%3%4)%5")
        .arg(d.meanDiff >= 0 ? "+" : "")
        .arg(d.meanDiff, 0, 'f', precision)
        .arg(d.t, 0, 'f', 1)
        .arg(nb, d.significant() ? QStringLiteral("*") : QString());
}

} // namespace crw
