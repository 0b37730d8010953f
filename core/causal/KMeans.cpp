#include "causal/KMeans.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

namespace {

// Squared distance of every row of X to every centre: n x k.
Matrix squaredDistances(const Matrix& X, const Matrix& C)
{
    const Vector xn = X.rowwise().squaredNorm();
    const Vector cn = C.rowwise().squaredNorm();
    Matrix D = (-2.0 * X * C.transpose()).colwise() + xn;
    D.rowwise() += cn.transpose();
    return D.cwiseMax(0.0);
}

} // namespace

KMeansResult kMeans(const Matrix& X, int k, uint64_t seed, int maxIter)
{
    const Eigen::Index n = X.rows(), d = X.cols();
    if (k < 1 || n < 1)
        throw std::invalid_argument("kMeans: k and the number of rows must be positive");
    k = int(std::min<Eigen::Index>(k, n));
    std::mt19937_64 rng(seed);
    KMeansResult out;
    out.centers.resize(k, d);
    // k-means++: the first centre uniformly, each next one with probability proportional to D(x)^2.
    std::uniform_int_distribution<Eigen::Index> first(0, n - 1);
    out.centers.row(0) = X.row(first(rng));
    Vector best = (X.rowwise() - out.centers.row(0)).rowwise().squaredNorm();
    int found = 1;
    for (; found < k; ++found) {
        const double total = best.sum();
        if (!(total > 0))
            break; // fewer distinct rows than k
        std::uniform_real_distribution<double> U(0.0, total);
        double u = U(rng), acc = 0;
        Eigen::Index pick = n - 1;
        for (Eigen::Index i = 0; i < n; ++i) {
            acc += best[i];
            if (acc >= u && best[i] > 0) {
                pick = i;
                break;
            }
        }
        out.centers.row(found) = X.row(pick);
        best = best.cwiseMin((X.rowwise() - out.centers.row(found)).rowwise().squaredNorm());
    }
    k = found;
    out.centers.conservativeResize(k, d);
    out.label = IntVector::Constant(n, -1);
    for (out.iterations = 0; out.iterations < maxIter; ++out.iterations) {
        const Matrix D = squaredDistances(X, out.centers);
        bool changed = false;
        Vector dist(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            Eigen::Index j;
            dist[i] = D.row(i).minCoeff(&j);
            if (out.label[i] != int(j)) {
                out.label[i] = int(j);
                changed = true;
            }
        }
        if (!changed)
            break;
        Matrix sum = Matrix::Zero(k, d);
        std::vector<int> count(static_cast<size_t>(k), 0);
        for (Eigen::Index i = 0; i < n; ++i) {
            sum.row(out.label[i]) += X.row(i);
            ++count[size_t(out.label[i])];
        }
        for (int j = 0; j < k; ++j) {
            if (count[size_t(j)] > 0) {
                out.centers.row(j) = sum.row(j) / double(count[size_t(j)]);
            } else {
                Eigen::Index far;
                dist.maxCoeff(&far);
                out.centers.row(j) = X.row(far);
                dist[far] = 0;
            }
        }
    }
    // Renumber by size (largest first), ties by the first row of the cluster.
    std::vector<int> count(static_cast<size_t>(k), 0), firstRow(static_cast<size_t>(k), int(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        ++count[size_t(out.label[i])];
        firstRow[size_t(out.label[i])] = std::min(firstRow[size_t(out.label[i])], int(i));
    }
    std::vector<int> order(static_cast<size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return count[size_t(a)] != count[size_t(b)] ? count[size_t(a)] > count[size_t(b)]
                                                    : firstRow[size_t(a)] < firstRow[size_t(b)];
    });
    std::vector<int> newId(static_cast<size_t>(k));
    Matrix centers(k, d);
    for (int j = 0; j < k; ++j) {
        newId[size_t(order[size_t(j)])] = j;
        centers.row(j) = out.centers.row(order[size_t(j)]);
    }
    out.centers = centers;
    out.inertia = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        out.label[i] = newId[size_t(out.label[i])];
        out.inertia += (X.row(i) - out.centers.row(out.label[i])).squaredNorm();
    }
    return out;
}

} // namespace crw
