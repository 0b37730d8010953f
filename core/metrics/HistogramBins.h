#pragma once
// Equal-width histogram bins shared by several samples, so their shapes can be overlaid.
#include <QVector>

namespace crw {

struct HistogramBins {
    double low = 0, width = 1; ///< bin i covers [low + i*width, low + (i+1)*width); the last bin is closed
    int bins = 0;
    QVector<QVector<int>> counts; ///< counts[sample][bin]
    /// Density of one sample in one bin: count / (n * width), so each sample integrates to 1.
    double density(int sample, int bin) const;
    double edge(int i) const { return low + i * width; }
};

/// Bins every sample on one common range [min, max] of all finite values. bins <= 0 picks
/// clamp(ceil(sqrt(n_max)), 10, 60). A degenerate range (all values equal) gets a width of 1e-3*(1+|v|).
HistogramBins histogram(const QVector<QVector<double>>& samples, int bins = 0);

} // namespace crw
