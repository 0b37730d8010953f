#include "metrics/IntervalCoverage.h"

#include <cmath>
#include <stdexcept>

namespace crw {

double normalQuantile(double p)
{
    if (!(p > 0.0 && p < 1.0))
        throw std::invalid_argument("normalQuantile: p must be in (0, 1)");
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double twoSidedZ(double level)
{
    if (!(level > 0.0 && level < 1.0))
        throw std::invalid_argument("interval level must be in (0, 1)");
    return normalQuantile(0.5 + 0.5 * level);
}

std::vector<CoverageAtLevel> intervalCoverage(
    const Vector& truth, const Vector& center, const Vector& sd, const std::vector<double>& levels)
{
    return intervalCoverage(truth, center, sd, levels, [](double level) { return twoSidedZ(level); });
}

std::vector<CoverageAtLevel> intervalCoverage(const Vector& truth, const Vector& center, const Vector& sd,
    const std::vector<double>& levels, const std::function<double(double)>& zOf)
{
    if (truth.size() != center.size() || truth.size() != sd.size())
        throw std::invalid_argument("intervalCoverage: vectors differ in length");
    std::vector<CoverageAtLevel> out;
    for (double level : levels) {
        CoverageAtLevel c;
        if (!(level > 0.0 && level < 1.0))
            throw std::invalid_argument("interval level must be in (0, 1)");
        c.level = level;
        const double z = zOf(level);
        int inside = 0;
        double width = 0;
        for (Eigen::Index i = 0; i < truth.size(); ++i) {
            if (!std::isfinite(truth[i]) || !std::isfinite(center[i]) || !std::isfinite(sd[i]))
                continue;
            ++c.rows;
            width += z * sd[i];
            inside += std::abs(truth[i] - center[i]) <= z * sd[i];
        }
        c.coverage = c.rows ? double(inside) / c.rows : 0.0;
        c.meanHalfWidth = c.rows ? width / c.rows : 0.0;
        out.push_back(c);
    }
    return out;
}

QJsonObject coverageJson(const std::vector<CoverageAtLevel>& rows)
{
    QJsonObject o;
    for (const auto& c : rows)
        o[QString::number(c.level, 'g', 3)]
            = QJsonObject { { "coverage", c.coverage }, { "mean_half_width", c.meanHalfWidth }, { "rows", c.rows } };
    return o;
}

} // namespace crw
