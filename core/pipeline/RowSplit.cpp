#include "pipeline/RowSplit.h"

#include "util/SeedStream.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

RowSplit drawRowSplit(const std::vector<int>& goldLabelled, const std::vector<bool>& hasPreference,
    const SplitPlan& plan, uint64_t seed, const IntVector& group, const Matrix& X, const std::vector<int>& exclude)
{
    if (plan.testSize < 0 || plan.goldSize < 0 || plan.maxPref < 0)
        throw std::invalid_argument("split: sizes must be non-negative");
    const size_t N = hasPreference.size();
    std::vector<bool> excluded(N, false);
    for (int i : exclude)
        excluded[size_t(i)] = true;
    // The permutation depends on neither the caller's order nor the excluded rows (they are dropped after it), so
    // excluding rows keeps the order of the others: a pool's pair keeps the gold rows of the same pair's own run.
    std::vector<int> shuffled = goldLabelled;
    std::sort(shuffled.begin(), shuffled.end());
    std::mt19937_64 rng(deriveSeed(seed, SeedPurpose::TrainSplit));
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::vector<int> perm;
    for (int i : shuffled)
        if (!excluded[size_t(i)])
            perm.push_back(i);

    RowSplit s;
    const size_t nTest = std::min(perm.size(), size_t(plan.testSize));
    s.test.assign(perm.begin(), perm.begin() + long(nTest));
    const std::vector<int> rest(perm.begin() + long(nTest), perm.end());
    const int nGold = plan.goldSize > 0 ? std::min(plan.goldSize, int(rest.size())) : int(rest.size());
    s.gold = plan.goldSkew > 0
        ? chooseGoldRows(rest, nGold, plan.goldSkew, group, X, deriveSeed(seed, SeedPurpose::GoldSkew))
        : std::vector<int>(rest.begin(), rest.begin() + nGold);
    std::sort(s.gold.begin(), s.gold.end());

    std::vector<bool> taken(N, false);
    for (int i : s.test)
        taken[size_t(i)] = true;
    if (!plan.goldQueriesGivePreference)
        for (int i : s.gold)
            taken[size_t(i)] = true;
    for (size_t i = 0; i < N; ++i)
        if (hasPreference[i] && !taken[i] && !excluded[i])
            s.pref.push_back(int(i));
    if (plan.maxPref > 0 && int(s.pref.size()) > plan.maxPref) {
        std::mt19937_64 prng(deriveSeed(seed, SeedPurpose::TrainSplit, 1));
        std::shuffle(s.pref.begin(), s.pref.end(), prng);
        s.pref.resize(size_t(plan.maxPref));
        std::sort(s.pref.begin(), s.pref.end());
    }
    return s;
}

std::vector<int> chooseGoldRows(
    const std::vector<int>& rest, int n, double skew, const IntVector& group, const Matrix& X, uint64_t seed)
{
    if (n > int(rest.size()))
        throw std::invalid_argument("chooseGoldRows: more gold rows than candidates");
    if (skew <= 0)
        return std::vector<int>(rest.begin(), rest.begin() + n);
    if (skew > 1)
        throw std::invalid_argument("the gold skew must be in [0, 1]");
    std::mt19937_64 rng(seed);
    // Groups: tasks when there are at least two, else the halves of feature 0.
    std::vector<int> g(rest.size());
    int groups = 0;
    if (group.size() == X.rows() && group.size() > 0 && group.maxCoeff() > group.minCoeff()) {
        for (size_t i = 0; i < rest.size(); ++i)
            g[i] = group[rest[i]];
        groups = int(group.maxCoeff()) + 1;
    } else {
        std::vector<double> v;
        for (int i : rest)
            v.push_back(X(i, 0));
        std::vector<double> sorted = v;
        std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
        const double med = sorted[sorted.size() / 2];
        for (size_t i = 0; i < rest.size(); ++i)
            g[i] = v[i] > med ? 1 : 0;
        groups = 2;
    }
    std::vector<int> ids(static_cast<size_t>(groups), 0);
    std::iota(ids.begin(), ids.end(), 0);
    std::shuffle(ids.begin(), ids.end(), rng);
    std::vector<bool> favoured(size_t(groups), false);
    for (int j = 0; j < (groups + 1) / 2; ++j)
        favoured[size_t(ids[size_t(j)])] = true;
    std::uniform_real_distribution<double> u(1e-12, 1.0);
    std::vector<std::pair<double, int>> keys;
    for (size_t i = 0; i < rest.size(); ++i) {
        const double w = favoured[size_t(g[i])] ? 1.0 : 1.0 - skew;
        const double r = u(rng);
        // Efraimidis-Spirakis: key = u^(1/w); weight 0 rows come last (only used when favoured rows run out).
        keys.push_back({ w > 0 ? std::log(r) / w : -1e300 + r, int(i) });
    }
    std::stable_sort(keys.begin(), keys.end(), [](auto a, auto b) { return a.first > b.first; });
    std::vector<int> out;
    for (int j = 0; j < n; ++j)
        out.push_back(rest[size_t(keys[size_t(j)].second)]);
    return out;
}

} // namespace crw
