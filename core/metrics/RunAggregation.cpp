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

PairedDifference pairedDifference(const std::vector<double>& a, const std::vector<double>& b, double testOverTrain)
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
    out.tCritical = m.n >= 2 ? studentTQuantile(0.975, m.n - 1) : kNaN;
    if (std::isfinite(testOverTrain) && !std::isnan(m.se)) {
        // se^2 = sd^2 / n, so the corrected variance (1/n + ratio) sd^2 is se^2 (1 + n ratio).
        out.seNb = m.se * std::sqrt(1.0 + double(m.n) * testOverTrain);
        out.tNb = m.mean / out.seNb;
    } else {
        out.seNb = kNaN;
        out.tNb = kNaN;
    }
    return out;
}

bool PairedDifference::significant() const
{
    const double stat = std::isnan(tNb) ? t : tNb;
    return std::isfinite(tCritical) && std::abs(stat) > tCritical;
}

double studentTQuantile(double p, int df)
{
    if (df < 1 || !(p >= 0.9 && p <= 0.9995))
        throw std::invalid_argument("studentTQuantile: df >= 1 and p in [0.9, 0.9995]");
    if (p == 0.975 && df <= 30) {
        static const double t975[30] = { 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
            2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
            2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423 };
        return t975[df - 1];
    }
    // The normal quantile (Acklam's rational approximation, upper tail) and the Cornish-Fisher expansion in 1/df.
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    const double z = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                           - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
        / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
               + 3.754408661907416e+00) * q + 1.0);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, v = double(df);
    return -(z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v));
}

} // namespace crw
