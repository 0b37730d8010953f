#include "causal/CalibrationTest.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace crw {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QJsonValue num(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

} // namespace

QJsonObject BlpCalibration::toJson() const
{
    return QJsonObject { { "intercept", num(intercept) }, { "intercept_se", num(interceptSe) },
        { "slope", num(slope) }, { "slope_se", num(slopeSe) }, { "rows", rows } };
}

BlpCalibration blpCalibration(const Vector& pseudo, const Vector& deltaHat)
{
    BlpCalibration b;
    const Eigen::Index n = pseudo.size();
    b.rows = int(n);
    b.intercept = b.interceptSe = b.slope = b.slopeSe = kNaN;
    if (n < 3 || deltaHat.size() != n)
        return b;
    const Vector x = deltaHat.array() - deltaHat.mean();
    const double sxx = x.squaredNorm();
    if (!(sxx > 0))
        return b;
    // With a centred regressor the two coefficients separate: intercept = mean(y), slope = x'y / x'x.
    b.intercept = pseudo.mean();
    b.slope = x.dot(pseudo) / sxx;
    const Vector e = pseudo.array() - b.intercept - b.slope * x.array();
    // HC1: (X'X)^-1 X' diag(e^2) X (X'X)^-1 * n / (n - 2); X'X is diagonal (n, sxx) here.
    const double hc = double(n) / double(n - 2);
    // The off-diagonal of the meat does not enter the two variances because the bread is diagonal.
    const double m00 = e.squaredNorm(), m11 = (x.array().square() * e.array().square()).sum();
    b.interceptSe = std::sqrt(hc * m00) / double(n);
    b.slopeSe = std::sqrt(hc * m11) / sxx;
    return b;
}

std::vector<GatesGroup> gatesByQuantile(const Vector& pseudo, const Vector& deltaHat, int groups)
{
    std::vector<GatesGroup> out;
    const Eigen::Index n = pseudo.size();
    if (groups < 2 || n < groups || deltaHat.size() != n)
        return out;
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return deltaHat[a] < deltaHat[b]; });
    for (int g = 0; g < groups; ++g) {
        const size_t lo = size_t(n) * size_t(g) / size_t(groups), hi = size_t(n) * size_t(g + 1) / size_t(groups);
        GatesGroup q;
        q.rows = int(hi - lo);
        q.low = deltaHat[order[lo]];
        q.high = deltaHat[order[hi - 1]];
        double s = 0, s2 = 0, d = 0;
        for (size_t j = lo; j < hi; ++j) {
            s += pseudo[order[j]];
            d += deltaHat[order[j]];
        }
        q.estimate = s / double(q.rows);
        q.meanDeltaHat = d / double(q.rows);
        for (size_t j = lo; j < hi; ++j)
            s2 += std::pow(pseudo[order[j]] - q.estimate, 2);
        q.se = q.rows > 1 ? std::sqrt(s2 / double(q.rows - 1) / double(q.rows)) : kNaN;
        out.push_back(q);
    }
    return out;
}

QJsonObject calibrationJson(const BlpCalibration& blp, const std::vector<GatesGroup>& gates)
{
    QJsonArray g;
    for (const GatesGroup& q : gates)
        g.append(QJsonObject { { "low", num(q.low) }, { "high", num(q.high) }, { "mean_delta_hat", num(q.meanDeltaHat) },
            { "estimate", num(q.estimate) }, { "se", num(q.se) }, { "rows", q.rows } });
    return QJsonObject { { "blp", blp.toJson() }, { "gates", g } };
}

} // namespace crw
