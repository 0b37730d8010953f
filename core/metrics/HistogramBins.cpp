#include "metrics/HistogramBins.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crw {

double HistogramBins::density(int sample, int bin) const
{
    const QVector<int>& c = counts[sample];
    qint64 n = 0;
    for (int v : c)
        n += v;
    return n > 0 ? c[bin] / (double(n) * width) : 0.0;
}

HistogramBins histogram(const QVector<QVector<double>>& samples, int bins)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    qsizetype nMax = 0;
    for (const auto& s : samples) {
        qsizetype n = 0;
        for (double x : s)
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
                ++n;
            }
        nMax = std::max(nMax, n);
    }
    HistogramBins h;
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    if (bins <= 0)
        bins = std::clamp(int(std::ceil(std::sqrt(double(nMax)))), 10, 60);
    if (hi <= lo) {
        const double half = 0.5e-3 * (1 + std::abs(lo)) * bins;
        lo -= half;
        hi += half;
    }
    h.low = lo;
    h.bins = bins;
    h.width = (hi - lo) / bins;
    for (const auto& s : samples) {
        QVector<int> c(bins, 0);
        for (double x : s)
            if (std::isfinite(x))
                c[std::clamp(int((x - lo) / h.width), 0, bins - 1)]++;
        h.counts << c;
    }
    return h;
}

} // namespace crw
