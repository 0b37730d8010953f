#pragma once
// k-means clustering of query features: k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd iterations, in Eigen.
// Choice (issue 14): Debian 12 packages mlpack 4 (needs Armadillo, ensmallen and cereal) and dlib 19 (a large header
// library); neither is a dependency yet and both would add far more than the ~80 lines below, so this is our own.
#include "learn/Types.h"

#include <cstdint>

namespace crw {

struct KMeansResult {
    Matrix centers; ///< k x d
    IntVector label; ///< cluster of each row, in [0, k)
    double inertia = 0; ///< sum of squared distances to the assigned centre
    int iterations = 0;
};

/// Clusters the rows of X into min(k, distinct rows) groups. Deterministic for seed: k-means++ start from a
/// std::mt19937_64(seed), then Lloyd iterations until no label changes or maxIter. An emptied cluster is re-seeded
/// at the row farthest from its centre. Labels are renumbered so that cluster 0 is the largest (ties: first row).
KMeansResult kMeans(const Matrix& X, int k, uint64_t seed, int maxIter = 100);

} // namespace crw
