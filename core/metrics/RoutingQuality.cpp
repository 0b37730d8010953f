#include "metrics/RoutingQuality.h"

#include "metrics/Ranking.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace crw {

RoutingAtShare routingQualityAt(const Vector& psiHat, const Vector& qPrimary, const Vector& qAlternative, double p,
    const Vector& costPrimary, const Vector& costAlternative)
{
    requireSameLength(psiHat, qPrimary, "routingQualityAt(qPrimary)");
    requireSameLength(psiHat, qAlternative, "routingQualityAt(qAlternative)");
    requireSameLength(psiHat, costPrimary, "routingQualityAt(costPrimary)");
    requireSameLength(psiHat, costAlternative, "routingQualityAt(costAlternative)");
    if (!(p >= 0 && p <= 1))
        throw std::invalid_argument("routingQualityAt: p must lie in [0,1]");
    const int n = static_cast<int>(psiHat.size());
    if (n == 0)
        throw std::invalid_argument("routingQualityAt: no queries");
    RoutingAtShare out;
    out.k = static_cast<int>(std::lround(p * n));
    out.share = static_cast<double>(out.k) / n;
    std::vector<char> toPrimary(static_cast<size_t>(n), 0);
    const std::vector<int> order = rankDescending(psiHat);
    for (int i = 0; i < out.k; ++i)
        toPrimary[static_cast<size_t>(order[static_cast<size_t>(i)])] = 1;
    double quality = 0;
    for (int i = 0; i < n; ++i) {
        const bool primary = toPrimary[static_cast<size_t>(i)] != 0;
        quality += primary ? qPrimary[i] : qAlternative[i];
        out.totalCost += primary ? costPrimary[i] : costAlternative[i];
    }
    out.meanQuality = quality / n;
    return out;
}

RoutingAtShare routingQualityAt(const Vector& psiHat, const Vector& qPrimary, const Vector& qAlternative, double p,
    double costPrimary, double costAlternative)
{
    const Eigen::Index n = psiHat.size();
    return routingQualityAt(psiHat, qPrimary, qAlternative, p, Vector::Constant(n, costPrimary),
        Vector::Constant(n, costAlternative));
}

} // namespace crw
