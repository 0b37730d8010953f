#pragma once
// Known-truth data-generating process for estimator tests: psi and Delta smooth and non-linear in the features.
#include "learn/Types.h"

#include <random>

namespace crw::test {

struct Dgp {
    int d = 6;
    double noiseGold = 0.5; // sd of gold noise around psi
    double noisePref = 0.3; // sd of preference noise around eta (before scaling)
    double scale = 2.0; // preference scale C: y = C * (eta + noise)
    double deltaShift = 0.0; // constant added to Delta
    double deltaSign = 1.0; // multiplies the non-linear part of Delta
    double goldTilt = 0.0; // >0: gold rows over-sampled where x1 is large (non-constant propensity)
    bool linearDelta = false; // Delta linear in x (so a ridge correction is correctly specified)
    bool linearPsi = false; // psi linear in x (so ridge outcome models are correctly specified)

    double psi(const double* x) const
    {
        return linearPsi ? 0.8 * x[0] - 0.4 * x[1] + 0.3 * x[2] : std::sin(1.5 * x[0]) + 0.5 * x[1] * x[2];
    }
    double delta(const double* x) const
    {
        const double base = linearDelta ? 0.5 * x[3] - 0.3 * x[4] : 0.6 * std::tanh(1.5 * x[3]) + 0.3 * x[4];
        return deltaShift + deltaSign * base;
    }
};

struct DgpSample {
    Matrix X;
    Vector psi, delta, o;
    IntVector t;
};

/// n gold rows and m preference rows, gold first. With goldTilt, rows are drawn from one pool and the gold ones are
/// chosen with probability increasing in x1 (the true propensity varies); otherwise the two are independent draws.
inline DgpSample sampleDgp(const Dgp& g, int n, int m, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> N01(0.0, 1.0);
    DgpSample s;
    s.X.resize(n + m, g.d);
    s.psi.resize(n + m);
    s.delta.resize(n + m);
    s.o.resize(n + m);
    s.t.resize(n + m);
    int gi = 0, pi = n;
    std::uniform_real_distribution<double> U(0.0, 1.0);
    while (gi < n || pi < n + m) {
        std::vector<double> x(g.d);
        for (double& v : x)
            v = N01(rng);
        bool gold;
        if (g.goldTilt > 0) {
            const double p = 1.0 / (1.0 + std::exp(-(g.goldTilt * x[0] - 1.0)));
            gold = U(rng) < p;
            if (gold && gi >= n)
                continue;
            if (!gold && pi >= n + m)
                continue;
        } else {
            gold = gi < n;
        }
        const int row = gold ? gi++ : pi++;
        for (int j = 0; j < g.d; ++j)
            s.X(row, j) = x[j];
        s.psi[row] = g.psi(x.data());
        s.delta[row] = g.delta(x.data());
        s.t[row] = gold ? 1 : 0;
        s.o[row] = gold ? s.psi[row] + g.noiseGold * N01(rng)
                        : g.scale * (s.psi[row] - s.delta[row] + g.noisePref * N01(rng));
    }
    return s;
}

inline double rmse(const Vector& a, const Vector& b)
{
    return std::sqrt((a - b).squaredNorm() / double(a.size()));
}

inline double corr(const Vector& a, const Vector& b)
{
    const Vector x = a.array() - a.mean(), y = b.array() - b.mean();
    return x.dot(y) / std::sqrt(x.squaredNorm() * y.squaredNorm());
}

} // namespace crw::test
