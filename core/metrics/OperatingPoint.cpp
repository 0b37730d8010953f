#include "metrics/OperatingPoint.h"

#include "metrics/Ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace crw {

namespace {

OperatingPoint applyRule(const Vector& psiHat, double w, double costPrimary, double costAlternative,
    const Vector* qPrimary, const Vector* qAlternative)
{
    const Eigen::Index n = psiHat.size();
    if (n == 0)
        throw std::invalid_argument("operatingPoint: no queries");
    OperatingPoint op;
    op.threshold = w * (costPrimary - costAlternative);
    double quality = 0, gain = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (std::isnan(psiHat[i]))
            throw std::invalid_argument("operatingPoint: NaN score");
        const bool primary = psiHat[i] > op.threshold;
        if (primary) {
            ++op.nPrimary;
            gain += psiHat[i];
        }
        if (qPrimary)
            quality += primary ? (*qPrimary)[i] : (*qAlternative)[i];
    }
    op.sharePrimary = static_cast<double>(op.nPrimary) / n;
    op.shareAlternative = 1.0 - op.sharePrimary;
    op.predictedGain = gain / n;
    op.meanQuality = qPrimary ? quality / n : std::numeric_limits<double>::quiet_NaN();
    op.costPer1000 = 1000.0 * (op.sharePrimary * costPrimary + op.shareAlternative * costAlternative);
    return op;
}

} // namespace

OperatingPoint operatingPoint(const Vector& psiHat, double w, double costPrimary, double costAlternative)
{
    return applyRule(psiHat, w, costPrimary, costAlternative, nullptr, nullptr);
}

OperatingPoint operatingPoint(const Vector& psiHat, double w, double costPrimary, double costAlternative,
    const Vector& qPrimary, const Vector& qAlternative)
{
    requireSameLength(psiHat, qPrimary, "operatingPoint(qPrimary)");
    requireSameLength(psiHat, qAlternative, "operatingPoint(qAlternative)");
    return applyRule(psiHat, w, costPrimary, costAlternative, &qPrimary, &qAlternative);
}

WeightForShare weightForShare(const Vector& psiHat, double targetShare, double costPrimary, double costAlternative)
{
    if (!(costPrimary > costAlternative))
        throw std::invalid_argument("weightForShare: the primary must cost more than the alternative");
    if (!(targetShare >= 0 && targetShare <= 1))
        throw std::invalid_argument("weightForShare: target share must lie in [0,1]");
    const int n = static_cast<int>(psiHat.size());
    if (n == 0)
        throw std::invalid_argument("weightForShare: no queries");
    const std::vector<int> order = rankDescending(psiHat); // also rejects NaN
    std::vector<double> s(order.size());
    for (size_t i = 0; i < order.size(); ++i)
        s[i] = psiHat[order[i]];
    WeightForShare out;
    out.k = static_cast<int>(std::lround(targetShare * n));
    if (out.k == 0)
        out.threshold = s.front();
    else if (out.k == n)
        out.threshold = s.back() - 1e-9 * (1.0 + std::abs(s.back())); // margin survives w*(cp-ca) rounding
    else
        out.threshold = 0.5 * (s[static_cast<size_t>(out.k - 1)] + s[static_cast<size_t>(out.k)]);
    out.w = out.threshold / (costPrimary - costAlternative);
    const auto above = std::count_if(s.begin(), s.end(), [&out](double v) { return v > out.threshold; });
    out.realisedShare = static_cast<double>(above) / n;
    return out;
}

} // namespace crw
