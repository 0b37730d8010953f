#pragma once
// Known-truth data with one-hot task features, shaped like RouteLLM (many tasks of very unequal size): the gold rows
// are a uniform random subset of one query pool, so several small tasks get no gold row at all, while the design
// propensity n/(n+m) stays exact for every query.
#include "learn/Types.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace crw::test {

struct TaskDgp {
    int continuous = 4; // x0..x3 standard normal
    int tasks = 30; // one-hot columns after the continuous ones; task k has pool share proportional to 1/(k+1)
    double noiseGold = 0.5;
    double noisePref = 0.3;
    double taskPsiSd = 0.7; // per-task shift of psi (mu0 has to learn it from preference rows)
};

struct TaskSample {
    Matrix X; // gold rows first
    Vector psi, delta, o;
    IntVector t, task;
    std::vector<int> goldPerTask;
};

/// A pool of n + m queries; n of them, chosen uniformly at random, are the gold rows (listed first).
/// psi = sin(1.5 x0) + 0.5 x1 + taskShift[k]; Delta = 0.4 x2 - 0.3 x3 (linear, no task effect, so the truth is
/// learnable in every task); gold r = psi + noise, preference y = psi - Delta + noise (scale 1).
inline TaskSample sampleTaskDgp(const TaskDgp& g, int n, int m, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> N01(0.0, 1.0);
    std::vector<double> share(size_t(g.tasks));
    for (int k = 0; k < g.tasks; ++k)
        share[size_t(k)] = 1.0 / double(k + 1);
    std::discrete_distribution<int> pickTask(share.begin(), share.end());
    std::vector<double> taskShift(size_t(g.tasks));
    for (double& s : taskShift)
        s = g.taskPsiSd * N01(rng);
    const int N = n + m;
    std::vector<int> order(static_cast<size_t>(N));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng); // pool row order[j] becomes gold when j < n
    std::vector<int> rowOf(static_cast<size_t>(N));
    for (int j = 0; j < N; ++j)
        rowOf[size_t(order[size_t(j)])] = j;
    const int d = g.continuous + g.tasks;
    TaskSample s;
    s.X = Matrix::Zero(N, d);
    s.psi.resize(N);
    s.delta.resize(N);
    s.o.resize(N);
    s.t.resize(N);
    s.task.resize(N);
    s.goldPerTask.assign(size_t(g.tasks), 0);
    for (int q = 0; q < N; ++q) {
        const int row = rowOf[size_t(q)];
        double x[4];
        for (int j = 0; j < g.continuous; ++j)
            s.X(row, j) = x[std::min(j, 3)] = N01(rng);
        const int k = pickTask(rng);
        s.X(row, g.continuous + k) = 1.0;
        s.task[row] = k;
        s.psi[row] = std::sin(1.5 * x[0]) + 0.5 * x[1] + taskShift[size_t(k)];
        s.delta[row] = 0.4 * x[2] - 0.3 * x[3];
        const bool gold = row < n;
        s.t[row] = gold ? 1 : 0;
        if (gold)
            ++s.goldPerTask[size_t(k)];
        s.o[row] = gold ? s.psi[row] + g.noiseGold * N01(rng) : s.psi[row] - s.delta[row] + g.noisePref * N01(rng);
    }
    return s;
}

} // namespace crw::test
