#include "metrics/RunAggregation.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace crw {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

MeanSe meanSe(const std::vector<double>& values)
{
    MeanSe out;
    double sum = 0;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        sum += v;
        ++out.n;
    }
    if (out.n == 0)
        return { kNaN, kNaN, 0 };
    out.mean = sum / out.n;
    if (out.n < 2) {
        out.se = kNaN;
        return out;
    }
    double ss = 0;
    for (double v : values) {
        if (!std::isnan(v))
            ss += (v - out.mean) * (v - out.mean);
    }
    out.se = std::sqrt(ss / (out.n - 1)) / std::sqrt(static_cast<double>(out.n));
    return out;
}

std::vector<MeanSe> curveMeanSe(const std::vector<std::vector<double>>& runs)
{
    if (runs.empty())
        return {};
    const size_t g = runs.front().size();
    std::vector<MeanSe> out(g);
    std::vector<double> column(runs.size());
    for (const auto& run : runs) {
        if (run.size() != g)
            throw std::invalid_argument("curveMeanSe: runs have different grid lengths");
    }
    for (size_t j = 0; j < g; ++j) {
        for (size_t r = 0; r < runs.size(); ++r)
            column[r] = runs[r][j];
        out[j] = meanSe(column);
    }
    return out;
}

PairedDifference pairedDifference(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("pairedDifference: the two routers have a different number of runs");
    std::vector<double> d;
    d.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
        if (!std::isnan(a[i]) && !std::isnan(b[i]))
            d.push_back(a[i] - b[i]);
    }
    const MeanSe m = meanSe(d);
    PairedDifference out;
    out.meanDiff = m.mean;
    out.se = m.se;
    out.n = m.n;
    out.t = std::isnan(m.se) ? kNaN : m.mean / m.se;
    return out;
}

} // namespace crw
