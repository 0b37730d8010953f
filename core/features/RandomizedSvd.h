#pragma once
// Randomised truncated SVD (Halko, Martinsson & Tropp 2011): seeded Gaussian range finder with power iterations.
#include "learn/Types.h"

#include <Eigen/SparseCore>
#include <random>

namespace crw {

using SparseRowMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;

struct TruncatedSvd {
    Eigen::MatrixXd rightVectors; // cols(A) x rank, orthonormal columns, sorted by singular value (descending)
    Vector singularValues; // rank values, descending
};

struct RandomizedSvdOptions {
    int rank = 50;
    int oversample = 10;
    int powerIterations = 2; // each followed by QR re-orthonormalisation
};

/// Top singular values and right singular vectors of A. rank is reduced to min(rank, rows, cols).
/// The Gaussian test matrix comes from a seeded mt19937_64 with a portable Box-Muller transform, and each
/// vector's sign is fixed (largest |entry| positive), so the result is a deterministic function of (A, seed).
TruncatedSvd randomizedSvd(const SparseRowMatrix& A, const RandomizedSvdOptions& options, uint64_t seed);
/// Same for a dense (column-major) matrix.
TruncatedSvd randomizedSvd(const Eigen::MatrixXd& A, const RandomizedSvdOptions& options, uint64_t seed);

/// A portable standard normal stream (Box-Muller on mt19937_64 output; no std::normal_distribution,
/// whose algorithm differs between standard libraries).
class PortableGaussian {
public:
    explicit PortableGaussian(uint64_t seed);
    double next();

private:
    std::mt19937_64 m_engine;
    bool m_hasSpare = false;
    double m_spare = 0.0;
};

} // namespace crw
