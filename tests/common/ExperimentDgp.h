#pragma once
// ExperimentData from the known-truth DGP: every query gets its gold gain and a preference label (the experiment
// protocols hide gold on preference rows themselves).
#include "SimulatedDgp.h"
#include "pipeline/Experiment.h"

namespace crw::test {

/// N queries: r = psi + gold noise (also the primary's quality, the alternative's is 0), y = C (psi - Delta + noise),
/// trueDelta = Delta. Deterministic for seed.
inline ExperimentData experimentDataFromDgp(const Dgp& g, int N, uint64_t seed)
{
    DgpSample s = sampleDgp(g, N, 0, seed);
    std::mt19937_64 rng(seed + 1);
    std::normal_distribution<double> N01(0.0, 1.0);
    ExperimentData d;
    d.X = s.X;
    d.r = s.o;
    d.qPrimary = s.o;
    d.qAlternative = Vector::Zero(N);
    d.y.resize(N);
    for (int i = 0; i < N; ++i)
        d.y[i] = g.scale * (s.psi[i] - s.delta[i] + g.noisePref * N01(rng));
    d.trueDelta = s.delta;
    return d;
}

} // namespace crw::test
