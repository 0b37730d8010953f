#include "causal/ReferenceMode.h"

#include <algorithm>

namespace crw {

LearnerSpec referenceForestSpec(uint64_t seed, int trees)
{
    LearnerSpec s;
    s.kind = LearnerKind::XgbRf;
    s.rounds = trees;
    s.maxDepth = 12;
    s.subsample = 0.632; // bootstrap-like row sampling
    s.colsample = 0.14; // max_features = "sqrt": about 7 of 50 features
    s.l2 = 0.0;
    s.minChildWeight = 1.0;
    s.seed = seed;
    return s;
}

ReferencePseudo referenceRPseudo(const Vector& o, const IntVector& t, const Vector& pHat, const Vector& muHat)
{
    const Eigen::Index n = o.size();
    ReferencePseudo r { Vector(n), Vector(n), Eigen::Matrix<bool, Eigen::Dynamic, 1>(n) };
    for (Eigen::Index i = 0; i < n; ++i) {
        const double p = std::clamp(pHat[i], 0.1, 0.9);
        const double d = double(t[i]) - p;
        r.z[i] = (o[i] - muHat[i]) / d;
        r.w[i] = d * d;
        r.keep[i] = std::abs(d) > 0.05;
    }
    return r;
}

ReferencePseudo referenceDrPseudo(
    const Vector& o, const IntVector& t, const Vector& pHat, const Vector& mu1, const Vector& mu0, const Vector& muT)
{
    const Eigen::Index n = o.size();
    ReferencePseudo r { Vector(n), Vector::Ones(n), Eigen::Matrix<bool, Eigen::Dynamic, 1>(n) };
    for (Eigen::Index i = 0; i < n; ++i) {
        const double p = std::clamp(pHat[i], 0.05, 0.95);
        const double v = p * (1 - p);
        r.z[i] = (double(t[i]) - p) / v * (o[i] - muT[i]) + mu1[i] - mu0[i];
        r.keep[i] = v > 0.05;
    }
    return r;
}

ReferenceFit fitReferenceCate(
    bool dr, const Matrix& X, const Vector& o, const IntVector& t, uint64_t seed, Progress& progress)
{
    const Eigen::Index n = X.rows();
    const Vector tt = t.cast<double>();
    ReferenceFit out;
    progress.report(
        0.0, dr ? QStringLiteral("reference DR: propensity forest") : QStringLiteral("reference R: propensity forest"));
    auto pm = makeRegressor(referenceForestSpec(seed));
    pm->fit(X, tt, Vector());
    const Vector pHat = pm->predict(X);
    progress.check();
    int clipped = 0;
    const double lo = dr ? 0.05 : 0.1, hi = dr ? 0.95 : 0.9;
    for (Eigen::Index i = 0; i < n; ++i)
        clipped += (pHat[i] < lo || pHat[i] > hi);
    out.clippedShare = n ? double(clipped) / double(n) : 0.0;

    ReferencePseudo ps;
    if (!dr) {
        progress.report(0.3, QStringLiteral("reference R: outcome forest"));
        auto mu = makeRegressor(referenceForestSpec(seed));
        mu->fit(X, o, Vector());
        ps = referenceRPseudo(o, t, pHat, mu->predict(X));
    } else {
        progress.report(0.3, QStringLiteral("reference DR: outcome forest with the source as a feature"));
        Matrix XT(n, X.cols() + 1), X1(n, X.cols() + 1), X0(n, X.cols() + 1);
        XT << X, tt;
        X1 << X, Vector::Ones(n);
        X0 << X, Vector::Zero(n);
        auto f = makeRegressor(referenceForestSpec(seed));
        f->fit(XT, o, Vector());
        ps = referenceDrPseudo(o, t, pHat, f->predict(X1), f->predict(X0), f->predict(XT));
    }
    progress.check();
    std::vector<int> kept;
    for (Eigen::Index i = 0; i < n; ++i)
        if (ps.keep[i] && std::isfinite(ps.z[i]))
            kept.push_back(int(i));
    out.keptShare = n ? double(kept.size()) / double(n) : 0.0;
    Matrix Xk(Eigen::Index(kept.size()), X.cols());
    Vector zk(Eigen::Index(kept.size())), wk(Eigen::Index(kept.size()));
    for (size_t j = 0; j < kept.size(); ++j) {
        Xk.row(Eigen::Index(j)) = X.row(kept[j]);
        zk[Eigen::Index(j)] = ps.z[kept[j]];
        wk[Eigen::Index(j)] = dr ? 1.0 : ps.w[kept[j]];
    }
    progress.report(0.6, QStringLiteral("reference: CATE forest"));
    LearnerSpec cs = referenceForestSpec(seed, 200);
    cs.minChildWeight = 2.0;
    auto cate = makeRegressor(cs);
    cate->fit(Xk, zk, dr ? Vector() : wk);
    std::vector<int> pref;
    for (Eigen::Index i = 0; i < n; ++i)
        if (!t[i])
            pref.push_back(int(i));
    Matrix Xp(Eigen::Index(pref.size()), X.cols());
    for (size_t j = 0; j < pref.size(); ++j)
        Xp.row(Eigen::Index(j)) = X.row(pref[j]);
    out.deltaPref = cate->predict(Xp).cwiseMax(-1.2).cwiseMin(1.2);
    progress.report(1.0);
    return out;
}

} // namespace crw
