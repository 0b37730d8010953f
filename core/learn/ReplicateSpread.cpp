#include "learn/ReplicateSpread.h"

#include <algorithm>
#include <cmath>

namespace crw {

double sampleVariance(double sum, double sumSquares, int n)
{
    if (n < 2)
        return 0.0;
    const double mean = sum / n;
    return std::max(0.0, (sumSquares - n * mean * mean) / (n - 1));
}

Vector predictionSd(const std::vector<std::unique_ptr<Regressor>>& models, const Matrix& X)
{
    const Eigen::Index N = X.rows();
    Vector out = Vector::Zero(N);
    const int B = int(models.size());
    if (B < 2)
        return out;
    Vector sum = Vector::Zero(N), sum2 = Vector::Zero(N);
    for (const auto& m : models) {
        const Vector p = m->predict(X);
        sum += p;
        sum2 += p.cwiseProduct(p);
    }
    for (Eigen::Index i = 0; i < N; ++i)
        out[i] = std::sqrt(sampleVariance(sum[i], sum2[i], B));
    return out;
}

} // namespace crw
