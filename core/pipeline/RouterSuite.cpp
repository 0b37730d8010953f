#include "pipeline/RouterSuite.h"

#include "util/CancelScope.h"
#include "util/ParallelJobs.h"

#include "causal/CrossFitting.h"

#include <QJsonArray>
#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

LearnerSpec defaultOutcomeSpec(int nthread)
{
    LearnerSpec s;
    s.kind = LearnerKind::XgbGbm;
    // 100 rounds at eta 0.1 on 64 histogram bins: the same total shrinkage as the earlier 200 rounds at eta 0.05 on
    // 256 bins at less than half the cost, with equal accuracy against the truth in bench_fit (bench/README.md) and
    // in the experiments of docs/experiments.md.
    s.rounds = 100;
    s.maxDepth = 4;
    s.eta = 0.1;
    s.maxBin = 64;
    s.subsample = 0.8;
    s.colsample = 0.8;
    s.minChildWeight = 5.0;
    s.l2 = 5.0;
    s.nthread = nthread;
    return s;
}

LearnerSpec defaultFinalSpec(int nthread)
{
    return defaultOutcomeSpec(nthread);
}

namespace {

bool isMeta(RouterKind k)
{
    return isMetaRouter(k);
}

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

std::unique_ptr<Regressor> fitPsi(LearnerSpec spec, uint64_t seed, const Matrix& X, const Vector& y)
{
    spec.seed = seed;
    auto m = makeRegressor(spec);
    m->fit(X, y, Vector());
    return m;
}

} // namespace

SplitData makeSplit(const Matrix& Xg, const Vector& r, const Matrix& Xp, const Vector& y, const Vector& rAtPref)
{
    SplitData s;
    s.X.resize(Xg.rows() + Xp.rows(), std::max(Xg.cols(), Xp.cols()));
    if (Xg.rows())
        s.X.topRows(Xg.rows()) = Xg;
    if (Xp.rows())
        s.X.bottomRows(Xp.rows()) = Xp;
    s.r = r;
    s.y = y;
    s.rAtPref = rAtPref;
    return s;
}

bool SuiteResult::has(RouterKind k) const
{
    return std::any_of(routers.begin(), routers.end(), [k](const TrainedRouter& r) { return r.kind == k; });
}

const PsiBootstrap* SuiteResult::bootstrapOf(RouterKind k) const
{
    for (const auto& r : routers)
        if (r.kind == k)
            return r.bootstrap.get();
    return nullptr;
}

Vector SuiteResult::predict(RouterKind k, const Matrix& X) const
{
    for (const auto& r : routers) {
        if (r.kind != k)
            continue;
        if (k == RouterKind::Random) {
            std::mt19937_64 rng(r.seed);
            std::uniform_real_distribution<double> u(-1.0, 1.0);
            Vector v(X.rows());
            for (Eigen::Index i = 0; i < v.size(); ++i)
                v[i] = u(rng);
            return v;
        }
        return r.psi->predict(X);
    }
    throw std::runtime_error(("router not trained: " + routerName(k)).toStdString());
}

QJsonObject SuiteResult::diagnosticsJson() const
{
    QJsonObject o;
    o["normalization_constant"] = normConstant;
    if (nuisances) {
        o["base_rate"] = nuisances->baseRate;
        o["propensity_clipped_share"] = nuisances->clippedShare;
        o["mean_propensity_gold"] = nuisances->meanPGold;
        o["mean_propensity_pref"] = nuisances->meanPPref;
        o["propensity"] = nuisances->propensity.toJson(); // issue 13: which propensity was used, balance-test AUC
        if (!nuisances->normDetails.isEmpty())
            o["normalization"] = nuisances->normDetails; // issue 13: the regression constant's two partial slopes
    }
    QJsonObject c;
    for (const auto& [k, fit] : cates)
        c[routerName(k)] = fit.diag.toJson();
    o["cate"] = c;
    QJsonObject refs;
    for (const auto& [k, ref] : references)
        refs[routerName(k)] = QJsonObject { { "kept_share", ref.keptShare }, { "clipped_share", ref.clippedShare } };
    if (!refs.isEmpty())
        o["reference"] = refs;
    QJsonObject ov;
    for (const auto& [k, region] : overlaps)
        ov[routerName(k)] = region.toJson();
    if (!ov.isEmpty())
        o["overlap"] = ov;
    for (const auto& r : routers)
        if (r.bootstrap)
            o["uncertainty"] = QJsonObject { { "router", routerName(r.kind) },
                { "replicates", int(r.bootstrap->models.size()) }, { "residual_sd", r.bootstrap->residualSd },
                { "oob_rmse", r.bootstrap->oobRmse }, { "oob_rows", r.bootstrap->oobRows } };
    o["warnings"] = QJsonArray::fromStringList(warnings);
    return o;
}

SuiteResult trainRouterSuite(const SplitData& split, const SuiteOptions& opt, Progress& progress)
{
    CancelScope cancelScope(progress.cancelFlag()); // a cancel reaches into every boosting loop below
    const Eigen::Index n = split.goldRows(), m = split.prefRows();
    if (split.X.rows() != n + m)
        throw std::invalid_argument("split: label count does not match feature rows");
    SuiteResult res;
    const bool anyMeta = std::any_of(opt.routers.begin(), opt.routers.end(), isMeta);
    // One baseline, one definition (issue 13 fix 4): the regression constant needs the nuisances, so they are fitted
    // whenever a router uses the normalised preference labels, not only when a meta router is trained. pooled,
    // mean_shift, pref_only and the reference routers then get the same c with or without a meta router.
    const bool usesNormalised = std::any_of(opt.routers.begin(), opt.routers.end(), [](RouterKind k) {
        return k != RouterKind::GoldOnly && k != RouterKind::AllGold && k != RouterKind::Random;
    });
    const bool fitNu = anyMeta || (usesNormalised && opt.cate.normalization == NormalizationMethod::Regression);
    const RouterKind bootKind = mainRouterOf(opt.routers);
    const bool boot = opt.bootstrap > 0;
    const int jobs = 2 * int(opt.routers.size()) + (fitNu ? 3 : 0) + (boot ? 2 : 0);
    int done = 0;
    auto stage = [&](int weight) {
        Progress p = progress.sub(double(done) / jobs, double(done + weight) / jobs);
        done += weight;
        return p;
    };

    const Matrix& X = split.X;
    IntVector t(n + m);
    t.head(n).setOnes();
    t.tail(m).setZero();
    const Vector rawO = stack(split.r, split.y);

    // The normalisation constant: from the nuisances when they are fitted, else computed directly (the same value
    // for every method but regression, which always has the nuisances).
    if (fitNu) {
        Progress p = stage(3);
        res.nuisances = fitNuisances(X, rawO, t, opt.cate, p, split.query.size() == n + m ? &split.query : nullptr);
        res.normConstant = res.nuisances->normConstant;
        if (res.nuisances->clippedShare > 0.1)
            res.warnings << QStringLiteral("positivity: %1% of propensities were clipped to [kappa/%2, kappa*%2]")
                                .arg(100.0 * res.nuisances->clippedShare, 0, 'f', 1)
                                .arg(opt.cate.clipFactor);
    } else {
        NormalizationMethod nm = opt.cate.normalization == NormalizationMethod::Regression
            ? NormalizationMethod::Variance
            : opt.cate.normalization;
        res.normConstant = normalizationConstant(nm, split.r, split.y);
    }
    const Vector yNorm = split.y * res.normConstant;
    const LearnerSpec& fs = opt.finalSpec;
    const uint64_t s = opt.seed * 7919;

    // Final-stage fits are collected while the routers' labels are built and then run in parallel (they are
    // independent; each has its own seed). rows empty = the contiguous rows [first, first + count) of X.
    struct FinalFit {
        size_t router = 0;
        Eigen::Index first = 0, count = 0;
        std::vector<int> rows;
        Vector labels;
        Eigen::Index goldInXf = 0;
    };
    std::vector<FinalFit> finals;
    // Queues the final fit of the router about to be appended to res.routers.
    auto finalFit = [&](Eigen::Index first, Eigen::Index count, Vector labels, Eigen::Index goldInXf,
                        std::vector<int> rows = {}) {
        finals.push_back(FinalFit { res.routers.size(), first, count, std::move(rows), std::move(labels), goldInXf });
    };
    // The rows of X a final fit trains on (a copy unless it is all of X).
    auto designOf = [&](const FinalFit& f, Matrix& storage) -> const Matrix& {
        if (!f.rows.empty())
            storage = selectRows(X, f.rows);
        else if (f.first == 0 && f.count == X.rows())
            return X;
        else
            storage = X.middleRows(f.first, f.count);
        return storage;
    };

    for (RouterKind k : opt.routers) {
        progress.check();
        Progress p = stage(1);
        p.report(0.0, QStringLiteral("training %1").arg(routerName(k)));
        TrainedRouter tr { k, nullptr, s + uint64_t(k), nullptr };
        switch (k) {
        case RouterKind::MetaR:
        case RouterKind::MetaDR:
        case RouterKind::MetaT: {
            CateFit fit = fitCate(cateOf(k), X, t, *res.nuisances, opt.cate, p);
            const Vector corrected = yNorm + fit.deltaOof.tail(m);
            const Vector labels = stack(split.r, corrected);
            finalFit(0, n + m, labels, n);
            if (fit.diag.essGold < 20)
                res.warnings << QStringLiteral("%1: effective gold sample size is only %2")
                                    .arg(routerName(k))
                                    .arg(fit.diag.essGold, 0, 'f', 1);
            res.cates.emplace(k, std::move(fit));
            break;
        }
        case RouterKind::MetaROverlap:
        case RouterKind::MetaDROverlap: {
            // Overlap-restricted ("truncated") Meta-Router: the bias is learnt, and preference labels are corrected
            // and used, only where gold and preference queries overlap (docs/overlap.md).
            const Nuisances& nu = *res.nuisances;
            OverlapRegion region = overlapRegion(nu.pRaw, t, nu.baseRate, opt.overlapMinRatio);
            CateFit fit = fitCate(cateOf(k), X, t, nu, opt.cate, p, &region.inside);
            std::vector<int> rows;
            for (Eigen::Index i = 0; i < n + m; ++i)
                if (i < n || region.inside[size_t(i)])
                    rows.push_back(int(i));
            Vector labels(Eigen::Index(rows.size()));
            for (size_t j = 0; j < rows.size(); ++j) {
                const int i = rows[j];
                labels[Eigen::Index(j)] = i < n ? split.r[i] : yNorm[i - n] + fit.deltaOof[i];
            }
            finalFit(0, 0, labels, n, rows);
            if (region.prefShareInside() < 0.5)
                res.warnings << QStringLiteral("%1: only %2% of preference rows lie in the overlap region (density "
                                               "ratio >= %3); the rest are not used")
                                    .arg(routerName(k))
                                    .arg(100.0 * region.prefShareInside(), 0, 'f', 1)
                                    .arg(opt.overlapMinRatio);
            res.overlaps.emplace(k, std::move(region));
            res.cates.emplace(k, std::move(fit));
            break;
        }
        case RouterKind::GoldOnly: {
            finalFit(0, n, split.r, n);
            break;
        }
        case RouterKind::PrefOnly: {
            // No gold rows in its training set: the replicates give se, but no residual noise estimate.
            finalFit(n, m, yNorm, 0);
            break;
        }
        case RouterKind::Pooled: {
            finalFit(0, n + m, stack(split.r, yNorm), n);
            break;
        }
        case RouterKind::MeanShift: {
            const double shift = (n ? split.r.mean() : 0.0) - (m ? yNorm.mean() : 0.0);
            finalFit(0, n + m, stack(split.r, Vector(yNorm.array() + shift)), n);
            break;
        }
        case RouterKind::AllGold:
            if (split.rAtPref.size() != m) {
                res.warnings << QStringLiteral("all_gold skipped: no gold labels on the preference rows");
                continue;
            }
            finalFit(0, n + m, stack(split.r, split.rAtPref), n);
            break;
        case RouterKind::Random:
            break;
        case RouterKind::MetaRReference:
        case RouterKind::MetaDRReference: {
            const bool dr = k == RouterKind::MetaDRReference;
            ReferenceFit ref = fitReferenceCate(dr, X, stack(split.r, yNorm), t, tr.seed, p);
            tr.psi = makeRegressor(referenceForestSpec(tr.seed));
            tr.psi->fit(X, stack(split.r, Vector(yNorm + ref.deltaPref)), Vector());
            res.references.emplace(k, std::move(ref));
            break;
        }
        }
        res.routers.push_back(std::move(tr));
    }

    // The final-stage models, in parallel within the final spec's thread budget.
    {
        Progress p = stage(int(opt.routers.size()));
        p.report(0.0, QStringLiteral("final models (%1 fits)").arg(finals.size()));
        runParallelJobs(
            int(finals.size()), std::max(1, fs.nthread),
            [&](int j, int threads) {
                const FinalFit& f = finals[size_t(j)];
                TrainedRouter& tr = res.routers[f.router];
                LearnerSpec spec = fs;
                spec.nthread = threads;
                Matrix storage;
                tr.psi = fitPsi(spec, tr.seed, designOf(f, storage), f.labels);
            },
            [&](int finished) {
                p.check();
                p.report(double(finished) / double(finals.size()),
                    QStringLiteral("final models (%1 of %2 done)").arg(finished).arg(finals.size()));
            });
    }

    // The main router's bootstrap: the same final-stage regression refitted on resampled rows (gold rows first).
    for (const FinalFit& f : finals) {
        TrainedRouter& tr = res.routers[f.router];
        if (!boot || tr.kind != bootKind)
            continue;
        Progress bp = stage(2);
        Matrix storage;
        const Matrix& Xf = designOf(f, storage);
        IntVector cluster;
        if (split.query.size() == n + m) {
            cluster.resize(Xf.rows());
            for (Eigen::Index j = 0; j < Xf.rows(); ++j)
                cluster[j] = split.query[f.rows.empty() ? int(f.first + j) : f.rows[size_t(j)]];
        }
        tr.bootstrap = std::make_shared<PsiBootstrap>(
            fitPsiBootstrap(fs, Xf, f.labels, f.goldInXf, opt.bootstrap, tr.seed * 31 + 7, bp, cluster));
    }
    if (boot && !res.bootstrapOf(bootKind))
        res.warnings << QStringLiteral("bootstrap: %1 has no bootstrap (reference-mode and random routers have none); "
                                       "no intervals for this run")
                            .arg(routerName(bootKind));
    progress.report(1.0);
    return res;
}

} // namespace crw
