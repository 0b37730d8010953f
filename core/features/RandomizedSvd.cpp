#include "features/RandomizedSvd.h"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <numbers>

namespace crw {

PortableGaussian::PortableGaussian(uint64_t seed)
    : m_engine(seed)
{
}

double PortableGaussian::next()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    // Two uniforms in (0,1] from the top 53 bits of each draw.
    const double u1 = (double(m_engine() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = double(m_engine() >> 11) * 0x1.0p-53;
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    m_spare = r * std::sin(t);
    m_hasSpare = true;
    return r * std::cos(t);
}

namespace {
Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& Y)
{
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(Y);
    return qr.householderQ() * Eigen::MatrixXd::Identity(Y.rows(), Y.cols());
}

template <typename M> TruncatedSvd svdImpl(const M& A, const RandomizedSvdOptions& o, uint64_t seed)
{
    TruncatedSvd out;
    const Eigen::Index maxRank = std::min(A.rows(), A.cols());
    const Eigen::Index rank = std::min<Eigen::Index>(std::max(o.rank, 0), maxRank);
    if (rank == 0) {
        out.rightVectors = Eigen::MatrixXd::Zero(A.cols(), 0);
        out.singularValues = Vector(0);
        return out;
    }
    const Eigen::Index k = std::min<Eigen::Index>(rank + std::max(o.oversample, 0), maxRank);
    PortableGaussian g(seed);
    Eigen::MatrixXd omega(A.cols(), k);
    for (Eigen::Index j = 0; j < k; ++j)
        for (Eigen::Index i = 0; i < A.cols(); ++i)
            omega(i, j) = g.next();
    Eigen::MatrixXd Q = orthonormalBasis(A * omega);
    omega.resize(0, 0);
    for (int it = 0; it < o.powerIterations; ++it) {
        const Eigen::MatrixXd Z = orthonormalBasis(A.transpose() * Q);
        Q = orthonormalBasis(A * Z);
    }
    // B = Q' A (k x cols); its right singular vectors are the left ones of B' = A' Q.
    const Eigen::MatrixXd Bt = A.transpose() * Q;
    Eigen::BDCSVD<Eigen::MatrixXd> svd(Bt, Eigen::ComputeThinU);
    out.rightVectors = svd.matrixU().leftCols(rank);
    out.singularValues = svd.singularValues().head(rank);
    for (Eigen::Index j = 0; j < rank; ++j) {
        Eigen::Index arg = 0;
        out.rightVectors.col(j).cwiseAbs().maxCoeff(&arg);
        if (out.rightVectors(arg, j) < 0)
            out.rightVectors.col(j) *= -1.0;
    }
    return out;
}
} // namespace

TruncatedSvd randomizedSvd(const SparseRowMatrix& A, const RandomizedSvdOptions& options, uint64_t seed)
{
    return svdImpl(A, options, seed);
}

TruncatedSvd randomizedSvd(const Eigen::MatrixXd& A, const RandomizedSvdOptions& options, uint64_t seed)
{
    return svdImpl(A, options, seed);
}

} // namespace crw
