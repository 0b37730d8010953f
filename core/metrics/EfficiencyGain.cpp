#include "metrics/EfficiencyGain.h"

#include "metrics/PiecewiseLinear.h"
#include "metrics/Ranking.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

namespace {

std::vector<double> knotsUpTo(int k, int n)
{
    std::vector<double> xs(static_cast<size_t>(k) + 1);
    for (int i = 0; i <= k; ++i)
        xs[static_cast<size_t>(i)] = static_cast<double>(i) / n;
    return xs;
}

std::vector<double> permutationRandomCumulative(const Vector& r, std::uint64_t seed)
{
    std::vector<int> order(static_cast<size_t>(r.size()));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> cum(order.size() + 1, 0.0);
    for (size_t i = 0; i < order.size(); ++i)
        cum[i + 1] = cum[i] + r[order[i]];
    return cum;
}

} // namespace

std::vector<double> cumulativeTrueGain(const Vector& psiHat, const Vector& r, bool cutoffPositive)
{
    requireSameLength(psiHat, r, "cumulativeTrueGain");
    const std::vector<int> order = rankDescending(psiHat);
    std::vector<double> cum(1, 0.0);
    cum.reserve(order.size() + 1);
    for (int idx : order) {
        if (cutoffPositive && !(psiHat[idx] > 0))
            break;
        cum.push_back(cum.back() + r[idx]);
    }
    return cum;
}

EgCurve efficiencyGainCurve(const Vector& psiHat, const Vector& r, const EgOptions& options)
{
    const int n = static_cast<int>(r.size());
    if (n == 0)
        throw std::invalid_argument("efficiencyGainCurve: no test queries");
    EgCurve c;
    c.grid = options.grid.empty() ? paperPmurGrid() : options.grid;
    c.n = n;
    const std::vector<double> cum = cumulativeTrueGain(psiHat, r, options.cutoffPositive);
    c.admitted = static_cast<int>(cum.size()) - 1;
    c.curveEnd = static_cast<double>(c.admitted) / n;
    const std::vector<double> xs = knotsUpTo(c.admitted, n);

    const double sumR = r.sum();
    std::vector<double> randomCum;
    if (options.random == RandomReference::Permutation)
        randomCum = permutationRandomCumulative(r, options.seed);
    const std::vector<double> allXs = knotsUpTo(n, n);

    const size_t g = c.grid.size();
    c.totalEff.resize(g);
    c.randomEff.resize(g);
    c.eg.resize(g);
    for (size_t i = 0; i < g; ++i) {
        const double p = c.grid[i];
        if (p < 0 || p > 1)
            throw std::invalid_argument("efficiencyGainCurve: grid points must lie in [0,1]");
        c.totalEff[i] = interpolateOrMissing(xs, cum, p);
        c.randomEff[i] = options.random == RandomReference::Expected ? p * sumR
                                                                      : interpolateOrMissing(allXs, randomCum, p);
        c.eg[i] = c.totalEff[i] - c.randomEff[i];
    }
    return c;
}

EgCurve fullRankingCurve(const Vector& psiHat, const Vector& r, EgOptions options)
{
    options.cutoffPositive = false;
    return efficiencyGainCurve(psiHat, r, options);
}

} // namespace crw
