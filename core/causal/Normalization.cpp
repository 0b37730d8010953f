#include "causal/Normalization.h"

#include "util/SeedStream.h"

#include "learn/ColumnScaler.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace crw {

QString normalizationName(NormalizationMethod m)
{
    switch (m) {
    case NormalizationMethod::None:
        return QStringLiteral("none");
    case NormalizationMethod::Variance:
        return QStringLiteral("variance");
    case NormalizationMethod::Amplitude:
        return QStringLiteral("amplitude");
    case NormalizationMethod::Wasserstein2:
        return QStringLiteral("w2");
    case NormalizationMethod::Regression:
        return QStringLiteral("regression");
    }
    return {};
}

bool parseNormalization(const QString& s, NormalizationMethod* out)
{
    for (auto m : { NormalizationMethod::None, NormalizationMethod::Variance, NormalizationMethod::Amplitude,
             NormalizationMethod::Wasserstein2, NormalizationMethod::Regression })
        if (normalizationName(m) == s) {
            *out = m;
            return true;
        }
    return false;
}

namespace {
double sd(const Vector& v)
{
    if (v.size() < 2)
        return 0.0;
    const double mean = v.mean();
    return std::sqrt((v.array() - mean).square().sum() / double(v.size() - 1));
}

double quantile(std::vector<double>& sorted, double u)
{
    const double pos = u * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double f = pos - double(lo);
    return sorted[lo] * (1 - f) + sorted[hi] * f;
}

double sane(double c)
{
    return (std::isfinite(c) && c > 0) ? c : 1.0;
}

/// Solves the normal equations of [1, eta, z] with the ridge penalty l2 on the z block only (intercept and eta
/// unpenalised).
Vector solvePartial(Matrix gram, const Vector& rhs, double l2)
{
    const Eigen::Index p = gram.rows();
    const double jitter = 1e-10 * std::max(gram.diagonal().maxCoeff(), 1.0);
    gram(0, 0) += jitter;
    gram(1, 1) += jitter;
    for (Eigen::Index j = 2; j < p; ++j)
        gram(j, j) += l2 + jitter;
    return Eigen::LDLT<Matrix>(gram).solve(rhs);
}
}

double partialRegressionSlope(
    const Vector& r, const Vector& eta, const Matrix& x, uint64_t seed, double* l2Chosen, double* se)
{
    if (se)
        *se = std::nan("");
    const Eigen::Index n = r.size();
    const Eigen::Index d = x.rows() == n ? x.cols() : 0;
    if (eta.size() != n || n < 3)
        return std::nan("");
    // Design [1, eta, z]: z the features standardised with unweighted moments (two-valued columns at unit range,
    // as the ridge second stage does), constant columns zero.
    Matrix D(n, d + 2);
    D.col(0).setOnes();
    D.col(1) = eta;
    if (d > 0) {
        ColumnScaler scaler;
        scaler.fitIndicatorsUnitRange(x, Vector());
        D.rightCols(d) = scaler.transform(x);
    }
    // The penalty on the correction is chosen by K-fold cross-validation on the gold rows (seeded), from the same
    // grid as the ridge second stage; held-out error from per-fold sufficient statistics.
    const int K = d > 0 && n >= 10 ? 5 : 1;
    double l2 = 10.0;
    if (K > 1) {
        std::vector<int> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 rng(seed);
        std::shuffle(order.begin(), order.end(), rng);
        std::vector<Matrix> grams(static_cast<size_t>(K));
        std::vector<Vector> rhss(static_cast<size_t>(K));
        std::vector<double> yy(size_t(K), 0.0);
        for (int f = 0; f < K; ++f) {
            std::vector<Eigen::Index> idx;
            for (size_t j = size_t(f); j < order.size(); j += size_t(K))
                idx.push_back(order[j]);
            std::sort(idx.begin(), idx.end());
            const Matrix Df = D(idx, Eigen::all);
            const Vector rf = r(idx);
            grams[size_t(f)] = Df.transpose() * Df;
            rhss[size_t(f)] = Df.transpose() * rf;
            yy[size_t(f)] = rf.squaredNorm();
        }
        Matrix gram = Matrix::Zero(d + 2, d + 2);
        Vector rhs = Vector::Zero(d + 2);
        for (int f = 0; f < K; ++f) {
            gram += grams[size_t(f)];
            rhs += rhss[size_t(f)];
        }
        double best = std::numeric_limits<double>::infinity();
        for (double g : { 0.1, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5 }) {
            double err = 0;
            for (int f = 0; f < K; ++f) {
                const size_t fi = size_t(f);
                const Vector b = solvePartial(gram - grams[fi], rhs - rhss[fi], g);
                err += yy[fi] - 2.0 * b.dot(rhss[fi]) + b.dot(grams[fi] * b);
            }
            if (err < best) {
                best = err;
                l2 = g;
            }
        }
    }
    if (l2Chosen)
        *l2Chosen = l2;
    const Matrix gram = D.transpose() * D;
    const Vector sol = solvePartial(gram, D.transpose() * r, l2);
    if (!sol.allFinite())
        return std::nan("");
    if (se) {
        // Sandwich variance of the penalised estimate, sigma^2 A^-1 G A^-1 with A = G + penalty, and sigma^2 the
        // residual variance on n - trace(A^-1 G) degrees of freedom.
        Matrix A = gram;
        for (Eigen::Index j = 2; j < A.rows(); ++j)
            A(j, j) += l2;
        const Eigen::LDLT<Matrix> ldlt(A + 1e-10 * std::max(A.diagonal().maxCoeff(), 1.0) * Matrix::Identity(A.rows(), A.cols()));
        const Matrix AiG = ldlt.solve(gram);
        const double df = AiG.trace();
        const double rss = (r - D * sol).squaredNorm();
        const double sigma2 = double(n) - df > 1 ? rss / (double(n) - df) : std::nan("");
        const Matrix V = sigma2 * AiG * ldlt.solve(Matrix::Identity(A.rows(), A.cols()));
        *se = V(1, 1) >= 0 ? std::sqrt(V(1, 1)) : std::nan("");
    }
    return sol[1];
}

RegressionScale regressionScale(const Vector& r, const Vector& y, const Vector& etaAtGold, const Matrix& xGold,
    const Vector& etaAtPref, const Matrix& xPref, uint64_t seed)
{
    RegressionScale s;
    auto fallback = [&](const char* why) {
        s.c = normalizationConstant(NormalizationMethod::Variance, r, y);
        s.fallback = QString::fromLatin1(why);
        return s;
    };
    if (etaAtGold.size() != r.size() || etaAtPref.size() != y.size() || r.size() < 3 || y.size() < 3)
        return fallback("too few rows for the regression constant: variance matching");
    s.slopeGold = partialRegressionSlope(r, etaAtGold, xGold, deriveSeed(seed, SeedPurpose::ScaleFolds, 0), &s.l2Gold, &s.seGold);
    s.slopePref = partialRegressionSlope(y, etaAtPref, xPref, deriveSeed(seed, SeedPurpose::ScaleFolds, 1), &s.l2Pref, &s.sePref);
    const double c = s.slopeGold / s.slopePref;
    if (!(std::isfinite(c) && c > 0 && s.slopePref > 0))
        return fallback("regression slopes not positive: variance matching");
    // Delta-method relative SE of the ratio. The slopes are identified only by the part of mu0_hat the linear
    // correction cannot express; when that part is weak or mostly noise, the ratio is noise: fall back.
    s.relSe = std::sqrt(std::pow(s.seGold / s.slopeGold, 2) + std::pow(s.sePref / s.slopePref, 2));
    if (!(s.relSe <= kMaxRelativeSe)) {
        fallback("regression constant not identified (relative SE above 0.15): variance matching");
        s.fallbackRatio = c;
        return s;
    }
    s.c = c;
    return s;
}

QJsonObject RegressionScale::toJson() const
{
    QJsonObject o { { "constant", c } };
    auto num = [&](const char* key, double v) {
        if (std::isfinite(v))
            o[QLatin1String(key)] = v;
    };
    num("slope_gold", slopeGold);
    num("slope_gold_se", seGold);
    num("slope_pref", slopePref);
    num("slope_pref_se", sePref);
    num("relative_se", relSe);
    num("l2_gold", l2Gold);
    num("l2_pref", l2Pref);
    num("ratio_not_used", fallbackRatio);
    if (!fallback.isEmpty())
        o["fallback"] = fallback;
    return o;
}

double normalizationConstant(NormalizationMethod m, const Vector& r, const Vector& y, const Vector& etaAtGold)
{
    if (r.size() == 0 || y.size() == 0)
        return 1.0;
    switch (m) {
    case NormalizationMethod::None:
        return 1.0;
    case NormalizationMethod::Variance: {
        const double sy = sd(y);
        return sy > 0 ? sane(sd(r) / sy) : 1.0;
    }
    case NormalizationMethod::Amplitude: {
        const double ay = y.cwiseAbs().mean();
        return ay > 0 ? sane(r.cwiseAbs().mean() / ay) : 1.0;
    }
    case NormalizationMethod::Wasserstein2: {
        std::vector<double> qr(r.data(), r.data() + r.size()), qy(y.data(), y.data() + y.size());
        std::sort(qr.begin(), qr.end());
        std::sort(qy.begin(), qy.end());
        double num = 0, den = 0;
        const int grid = 1000;
        for (int i = 0; i < grid; ++i) {
            const double u = (i + 0.5) / grid;
            const double a = quantile(qr, u), b = quantile(qy, u);
            num += a * b;
            den += b * b;
        }
        return den > 0 ? sane(num / den) : 1.0;
    }
    case NormalizationMethod::Regression: {
        // Without the preference rows' out-of-fold predictions and the features: see regressionScale().
        (void)etaAtGold;
        return normalizationConstant(NormalizationMethod::Variance, r, y);
    }
    }
    return 1.0;
}

} // namespace crw
