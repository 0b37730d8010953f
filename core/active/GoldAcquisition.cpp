#include "active/GoldAcquisition.h"
#include "util/SeedStream.h"

#include "causal/OverlapRegion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

QString acquisitionStrategyName(AcquisitionStrategy s)
{
    switch (s) {
    case AcquisitionStrategy::Uncertainty:
        return QStringLiteral("uncertainty");
    case AcquisitionStrategy::Overlap:
        return QStringLiteral("overlap");
    case AcquisitionStrategy::Random:
        return QStringLiteral("random");
    }
    return {};
}

bool parseAcquisitionStrategy(const QString& s, AcquisitionStrategy* out)
{
    for (auto k : { AcquisitionStrategy::Uncertainty, AcquisitionStrategy::Overlap, AcquisitionStrategy::Random })
        if (acquisitionStrategyName(k) == s.trimmed()) {
            *out = k;
            return true;
        }
    return false;
}

double expectedDecisionLoss(double psi, double se, double threshold)
{
    if (!(se > 0) || !std::isfinite(se) || !std::isfinite(psi))
        return 0.0;
    const double d = std::abs(psi - threshold) / se;
    const double phi = std::exp(-0.5 * d * d) / std::sqrt(2.0 * M_PI);
    const double tail = 0.5 * std::erfc(d / std::sqrt(2.0));
    return std::max(0.0, se * (phi - d * tail));
}

std::vector<GoldCandidate> rankGoldCandidates(
    AcquisitionStrategy strategy, const AcquisitionInputs& in, int budget, uint64_t seed)
{
    const Eigen::Index N = in.psi.size();
    if (budget < 0)
        throw std::invalid_argument("the gold-label budget must be >= 0");
    std::vector<GoldCandidate> all;
    all.reserve(size_t(N));
    switch (strategy) {
    case AcquisitionStrategy::Uncertainty: {
        if (in.psiSe.size() != N || !(in.psiSe.array() > 0).any())
            throw std::invalid_argument("the uncertainty strategy needs the bootstrap se of psi_hat (train with "
                                        "--bootstrap N, N >= 2)");
        for (Eigen::Index i = 0; i < N; ++i) {
            GoldCandidate c { int(i), expectedDecisionLoss(in.psi[i], in.psiSe[i], in.threshold), {} };
            c.reason = QStringLiteral("psi_hat %1 ± %2 near the threshold %3")
                           .arg(in.psi[i], 0, 'f', 3)
                           .arg(in.psiSe[i], 0, 'f', 3)
                           .arg(in.threshold, 0, 'f', 3);
            all.push_back(c);
        }
        break;
    }
    case AcquisitionStrategy::Overlap: {
        if (in.propensity.size() != N || !(in.baseRate > 0 && in.baseRate < 1))
            throw std::invalid_argument(
                "the overlap strategy needs the propensity of every candidate and the base rate");
        for (Eigen::Index i = 0; i < N; ++i) {
            const double p = std::isfinite(in.propensity[i]) ? in.propensity[i] : in.baseRate;
            const double ratio = overlapDensityRatio(p, in.baseRate);
            GoldCandidate c { int(i), -std::log(ratio), {} };
            c.reason = QStringLiteral("gold/preference density ratio %1 (propensity %2, base rate %3)")
                           .arg(ratio, 0, 'g', 3)
                           .arg(p, 0, 'g', 3)
                           .arg(in.baseRate, 0, 'g', 3);
            all.push_back(c);
        }
        break;
    }
    case AcquisitionStrategy::Random: {
        std::mt19937_64 rng(deriveSeed(seed, SeedPurpose::AcquisitionStep));
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (Eigen::Index i = 0; i < N; ++i)
            all.push_back({ int(i), u(rng), QStringLiteral("random draw (seed %1)").arg(seed) });
        break;
    }
    }
    std::stable_sort(
        all.begin(), all.end(), [](const GoldCandidate& a, const GoldCandidate& b) { return a.score > b.score; });
    if (int(all.size()) > budget)
        all.resize(size_t(budget));
    return all;
}

} // namespace crw
