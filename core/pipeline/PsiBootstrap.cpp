#include "pipeline/PsiBootstrap.h"
#include "util/SeedStream.h"

#include "util/CancelScope.h"

#include "causal/CrossFitting.h"
#include "learn/ReplicateSpread.h"
#include "metrics/IntervalCoverage.h"

#include <algorithm>

#include <cmath>
#include <random>
#include <stdexcept>

namespace crw {

Vector PsiBootstrap::se(const Matrix& X) const
{
    return predictionSd(models, X);
}

Vector PsiBootstrap::predictiveSd(const Vector& s) const
{
    return (s.array().square() + residualSd * residualSd).sqrt().matrix();
}

double conformalQuantile(const std::vector<double>& sorted, double level)
{
    const double zNormal = twoSidedZ(level);
    const size_t n = sorted.size();
    if (n < 20)
        return zNormal;
    const size_t k = size_t(std::ceil(double(n + 1) * level));
    if (k > n)
        return sorted.back();
    return sorted[std::max<size_t>(k, 1) - 1];
}

double PsiBootstrap::intervalZ(double level) const
{
    return conformalQuantile(oobScores, level);
}

PsiBootstrap fitPsiBootstrap(const LearnerSpec& spec, const Matrix& X, const Vector& y, Eigen::Index goldRows,
    int replicates, uint64_t seed, Progress& progress, const IntVector& cluster, const Vector& baseWeights)
{
    CancelScope cancelScope(progress.cancelFlag());
    if (replicates < 0)
        throw std::invalid_argument("bootstrap: the number of replicates must be >= 0");
    const Eigen::Index N = X.rows();
    if (y.size() != N || goldRows > N)
        throw std::invalid_argument("bootstrap: labels do not match the feature rows");
    if (cluster.size() != 0 && (cluster.size() != N || cluster.minCoeff() < 0))
        throw std::invalid_argument("bootstrap: one non-negative cluster id per row is required");
    PsiBootstrap b;
    if (replicates == 0 || N == 0)
        return b;
    // Clusters 0..C-1 (rows themselves without cluster ids).
    std::vector<Eigen::Index> clusterOf(static_cast<size_t>(N), 0);
    Eigen::Index C = N;
    if (cluster.size()) {
        std::vector<int> ids(cluster.data(), cluster.data() + N);
        std::vector<int> uniq = ids;
        std::sort(uniq.begin(), uniq.end());
        uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
        C = Eigen::Index(uniq.size());
        for (Eigen::Index i = 0; i < N; ++i)
            clusterOf[size_t(i)] = std::lower_bound(uniq.begin(), uniq.end(), ids[size_t(i)]) - uniq.begin();
    } else {
        for (Eigen::Index i = 0; i < N; ++i)
            clusterOf[size_t(i)] = i;
    }
    const Matrix Xg = X.topRows(goldRows);
    Vector oobSum = Vector::Zero(goldRows), oobCount = Vector::Zero(goldRows);
    Vector sum = Vector::Zero(goldRows), sum2 = Vector::Zero(goldRows);
    std::uniform_int_distribution<Eigen::Index> pick(0, C - 1);
    for (int r = 0; r < replicates; ++r) {
        progress.check();
        progress.report(double(r) / replicates, QStringLiteral("bootstrap of psi (%1/%2)").arg(r + 1).arg(replicates));
        std::mt19937_64 rng(deriveSeed(seed, SeedPurpose::BootstrapDraw, uint64_t(r)));
        Vector counts = Vector::Zero(C);
        for (Eigen::Index i = 0; i < C; ++i)
            counts[pick(rng)] += 1.0;
        Vector w(N);
        for (Eigen::Index i = 0; i < N; ++i)
            w[i] = counts[clusterOf[size_t(i)]] * (baseWeights.size() == N ? baseWeights[i] : 1.0);
        LearnerSpec s = spec;
        s.seed = deriveSeed(seed, SeedPurpose::BootstrapModel, uint64_t(r));
        auto m = makeRegressor(s);
        m->fit(X, y, w);
        if (goldRows > 0) {
            const Vector p = m->predict(Xg);
            for (Eigen::Index i = 0; i < goldRows; ++i) {
                sum[i] += p[i];
                sum2[i] += p[i] * p[i];
                if (w[i] == 0.0) {
                    oobSum[i] += p[i];
                    oobCount[i] += 1;
                }
            }
        }
        b.models.push_back(std::move(m));
    }
    // Noise of a gold label around psi: out-of-bag squared error minus the bootstrap variance of the fit.
    double sse = 0, var = 0;
    int used = 0;
    for (Eigen::Index i = 0; i < goldRows; ++i) {
        if (oobCount[i] == 0)
            continue;
        const double e = y[i] - oobSum[i] / oobCount[i];
        sse += e * e;
        var += sampleVariance(sum[i], sum2[i], replicates);
        ++used;
    }
    b.oobRows = used;
    if (used > 0) {
        b.oobRmse = std::sqrt(sse / used);
        b.residualSd = std::sqrt(std::max(0.0, sse / used - var / used));
        // Conformal scores: out-of-bag residuals in units of the predictive sd of their row.
        for (Eigen::Index i = 0; i < goldRows; ++i) {
            if (oobCount[i] == 0)
                continue;
            const double sd = std::sqrt(sampleVariance(sum[i], sum2[i], replicates) + b.residualSd * b.residualSd);
            const double e = std::abs(y[i] - oobSum[i] / oobCount[i]);
            b.oobScores.push_back(sd > 0 ? e / sd : (e > 0 ? 1e9 : 0.0));
        }
        std::sort(b.oobScores.begin(), b.oobScores.end());
    }
    progress.report(1.0);
    return b;
}

} // namespace crw
