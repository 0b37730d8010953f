#include "pipeline/RouterRelabeling.h"

#include "causal/CrossFitting.h"

namespace crw {

namespace {

CateLearner cateOf(RouterKind k)
{
    switch (k) {
    case RouterKind::MetaR:
    case RouterKind::MetaROverlap:
        return CateLearner::R;
    case RouterKind::MetaDR:
    case RouterKind::MetaDROverlap:
        return CateLearner::DR;
    default:
        return CateLearner::T;
    }
}

Vector stack(const Vector& a, const Vector& b)
{
    Vector out(a.size() + b.size());
    out << a, b;
    return out;
}

} // namespace

const Matrix& FinalFit::design(const Matrix& X, Matrix& storage) const
{
    if (!rows.empty())
        storage = selectRows(X, rows);
    else if (first == 0 && count == X.rows())
        return X;
    else
        storage = X.middleRows(first, count);
    return storage;
}

SuiteBuild::SuiteBuild(const SplitData& s, const SuiteOptions& o)
    : split(s)
    , opt(o)
    , cate(o.cate)
{
    cate.seed = o.seed;
    t.resize(n() + m());
    t.head(n()).setOnes();
    t.tail(m()).setZero();
}

void SuiteBuild::queue(Eigen::Index first, Eigen::Index count, Vector labels, Eigen::Index goldInXf,
    std::vector<int> rows, Vector weights)
{
    finals.push_back(FinalFit {
        res.routers.size(), first, count, std::move(rows), std::move(labels), goldInXf, std::move(weights) });
}

const CateFit& ensureCate(SuiteBuild& b, RouterKind k, Progress& progress)
{
    if (auto it = b.res.cates.find(k); it != b.res.cates.end())
        return it->second;
    CateFit fit = fitCate(cateOf(k), b.split.X, b.t, *b.res.nuisances, b.cate, progress);
    if (fit.diag.essGold < 20)
        b.res.warnings << QStringLiteral("%1: effective gold sample size is only %2")
                              .arg(routerName(k))
                              .arg(fit.diag.essGold, 0, 'f', 1);
    return b.res.cates.emplace(k, std::move(fit)).first->second;
}

void fitSuiteNuisances(SuiteBuild& b, bool fitNu, Progress& progress)
{
    if (fitNu) {
        const IntVector* groups = b.split.query.size() == b.n() + b.m() ? &b.split.query : nullptr;
        b.res.nuisances = fitNuisances(b.split.X, stack(b.split.r, b.split.y), b.t, b.cate, progress, groups);
        b.res.normConstant = b.res.nuisances->normConstant;
        if (b.res.nuisances->clippedShare > 0.1)
            b.res.warnings << QStringLiteral("positivity: %1% of propensities were clipped to [kappa/%2, kappa*%2]")
                                  .arg(100.0 * b.res.nuisances->clippedShare, 0, 'f', 1)
                                  .arg(b.cate.clipFactor);
    } else {
        // The same value for every method but regression, which always has the nuisances.
        const NormalizationMethod nm = b.cate.normalization == NormalizationMethod::Regression
            ? NormalizationMethod::Variance
            : b.cate.normalization;
        b.res.normConstant = normalizationConstant(nm, b.split.r, b.split.y);
    }
    b.yNorm = b.split.y * b.res.normConstant;
}

void relabelMeta(SuiteBuild& b, RouterKind k, Progress& progress)
{
    const CateFit& fit = ensureCate(b, k, progress);
    const Vector corrected = b.yNorm + fit.deltaOof.tail(b.m());
    b.queue(0, b.n() + b.m(), stack(b.split.r, corrected), b.n());
}

void relabelOverlap(SuiteBuild& b, RouterKind k, Progress& progress)
{
    // Overlap-restricted ("truncated") Meta-Router: the bias is learnt, and preference labels are corrected and
    // used, only where gold and preference queries overlap (docs/overlap.md).
    const Nuisances& nu = *b.res.nuisances;
    OverlapRegion region = overlapRegion(nu.pRaw, b.t, nu.baseRate, b.opt.overlapMinRatio);
    CateFit fit = fitCate(cateOf(k), b.split.X, b.t, nu, b.cate, progress, &region.inside);
    const Eigen::Index n = b.n();
    std::vector<int> rows;
    for (Eigen::Index i = 0; i < n + b.m(); ++i)
        if (i < n || region.inside[size_t(i)])
            rows.push_back(int(i));
    Vector labels(Eigen::Index(rows.size()));
    for (size_t j = 0; j < rows.size(); ++j) {
        const int i = rows[j];
        labels[Eigen::Index(j)] = i < n ? b.split.r[i] : b.yNorm[i - n] + fit.deltaOof[i];
    }
    b.queue(0, 0, labels, n, rows);
    if (region.prefShareInside() < 0.5)
        b.res.warnings << QStringLiteral("%1: only %2% of preference rows lie in the overlap region (density "
                                         "ratio >= %3); the rest are not used")
                              .arg(routerName(k))
                              .arg(100.0 * region.prefShareInside(), 0, 'f', 1)
                              .arg(b.opt.overlapMinRatio);
    b.res.overlaps.emplace(k, std::move(region));
    b.res.cates.emplace(k, std::move(fit));
}

bool relabelBaseline(SuiteBuild& b, RouterKind k)
{
    const Eigen::Index n = b.n(), m = b.m();
    const Vector& r = b.split.r;
    switch (k) {
    case RouterKind::GoldOnly:
        b.queue(0, n, r, n);
        return true;
    case RouterKind::PrefOnly:
        // No gold rows in its training set: the replicates give se, but no residual noise estimate.
        b.queue(n, m, b.yNorm, 0);
        return true;
    case RouterKind::Pooled:
        b.queue(0, n + m, stack(r, b.yNorm), n);
        return true;
    case RouterKind::MeanShift: {
        const double shift = (n ? r.mean() : 0.0) - (m ? b.yNorm.mean() : 0.0);
        b.queue(0, n + m, stack(r, Vector(b.yNorm.array() + shift)), n);
        return true;
    }
    case RouterKind::AllGold:
        if (b.split.rAtPref.size() != m) {
            b.res.warnings << QStringLiteral("all_gold skipped: no gold labels on the preference rows");
            return false;
        }
        b.queue(0, n + m, stack(r, b.split.rAtPref), n);
        return true;
    case RouterKind::Random:
        return true;
    default:
        throw std::logic_error("relabelBaseline: not a baseline router");
    }
}

void fitReference(SuiteBuild& b, TrainedRouter& tr, Progress& progress)
{
    const bool dr = tr.kind == RouterKind::MetaDRReference;
    const Vector o = stack(b.split.r, b.yNorm);
    ReferenceFit ref = fitReferenceCate(dr, b.split.X, o, b.t, tr.seed, progress);
    tr.psi = makeRegressor(referenceForestSpec(tr.seed));
    tr.psi->fit(b.split.X, stack(b.split.r, Vector(b.yNorm + ref.deltaPref)), Vector());
    b.res.references.emplace(tr.kind, std::move(ref));
}

} // namespace crw
