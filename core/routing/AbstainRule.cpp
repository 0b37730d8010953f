#include "routing/AbstainRule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace crw {

AbstainDecision decideWithAbstain(double psi, double se, double threshold, double z)
{
    if (psi > threshold)
        return AbstainDecision::Primary;
    if (z > 0 && std::isfinite(se) && psi + z * se > threshold)
        return AbstainDecision::AbstainedToPrimary;
    return AbstainDecision::Alternative;
}

QJsonObject AbstainEvaluation::toJson() const
{
    return QJsonObject { { "threshold", threshold }, { "z", z }, { "primary_share", primaryShare },
        { "abstain_share", abstainShare }, { "mean_quality", meanQuality }, { "mean_cost", meanCost } };
}

AbstainEvaluation evaluateAbstain(const Vector& psi, const Vector& se, double threshold, double z, const Vector& qp,
    const Vector& qa, const Vector& cp, const Vector& ca)
{
    const Eigen::Index N = psi.size();
    if (se.size() != N || (qp.size() && (qp.size() != N || qa.size() != N))
        || (cp.size() && (cp.size() != N || ca.size() != N)))
        throw std::invalid_argument("evaluateAbstain: vectors differ in length");
    AbstainEvaluation e;
    e.threshold = threshold;
    e.z = z;
    if (N == 0)
        return e;
    int primary = 0, abstained = 0;
    double quality = 0, cost = 0;
    for (Eigen::Index i = 0; i < N; ++i) {
        const AbstainDecision d = decideWithAbstain(psi[i], se[i], threshold, z);
        const bool toPrimary = d != AbstainDecision::Alternative;
        primary += toPrimary;
        abstained += d == AbstainDecision::AbstainedToPrimary;
        if (qp.size())
            quality += toPrimary ? qp[i] : qa[i];
        cost += cp.size() ? (toPrimary ? cp[i] : ca[i]) : (toPrimary ? 1.0 : 0.0);
    }
    e.primaryShare = double(primary) / N;
    e.abstainShare = double(abstained) / N;
    e.meanQuality = quality / N;
    e.meanCost = cost / N;
    return e;
}

double thresholdForShare(const Vector& psi, double share)
{
    if (psi.size() == 0 || !(share >= 0.0 && share <= 1.0))
        throw std::invalid_argument("thresholdForShare: psi must be non-empty and share in [0, 1]");
    std::vector<double> v(psi.data(), psi.data() + psi.size());
    std::sort(v.begin(), v.end(), std::greater<double>());
    const size_t k = size_t(std::llround(share * double(v.size())));
    if (k == 0)
        return v.front() + 1.0;
    if (k >= v.size())
        return v.back() - 1.0;
    return 0.5 * (v[k - 1] + v[k]);
}

} // namespace crw
