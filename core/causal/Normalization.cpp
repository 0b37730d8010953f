#include "causal/Normalization.h"

#include <algorithm>
#include <cmath>
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
        if (etaAtGold.size() != r.size() || etaAtGold.size() < 3)
            return normalizationConstant(NormalizationMethod::Variance, r, y);
        const double me = etaAtGold.mean(), mr = r.mean();
        const double cov = ((etaAtGold.array() - me) * (r.array() - mr)).sum();
        const double var = (etaAtGold.array() - me).square().sum();
        if (var <= 0 || cov <= 0)
            return normalizationConstant(NormalizationMethod::Variance, r, y);
        return sane(cov / var);
    }
    }
    return 1.0;
}

} // namespace crw
