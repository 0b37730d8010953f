#include "pipeline/RouterSuite.h"

#include "causal/CalibrationTest.h"
#include "pipeline/AutoSelection.h"
#include "pipeline/RouterRelabeling.h"

#include "util/CancelScope.h"
#include "util/ParallelJobs.h"
#include "util/SeedStream.h"

#include "causal/CrossFitting.h"

#include <QJsonArray>
#include <algorithm>
#include <functional>
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
    // The psi model of every router is smoother than the nuisances: twice the rounds at half the learning rate on
    // depth-3 trees, leaves of at least 10 rows and half the rows and features per tree. On the LLMRouter scenario
    // (docs/experiments.md, "Engine v2") this raised quality@0.5 at n = 500 by 0.004-0.005 for gold_only, meta_r and
    // meta_dr alike (4 runs), at about the same cost as the outcome spec; a random-forest psi (the reference
    // procedure's) did as well at 2.4x the time.
    LearnerSpec s = defaultOutcomeSpec(nthread);
    s.rounds = 200;
    s.eta = 0.05;
    s.maxDepth = 3;
    s.minChildWeight = 10.0;
    s.subsample = 0.5;
    s.colsample = 0.5;
    return s;
}

namespace {

std::unique_ptr<Regressor> fitPsi(LearnerSpec spec, uint64_t seed, const Matrix& X, const Vector& y, const Vector& w)
{
    spec.seed = seed;
    auto m = makeRegressor(spec);
    m->fit(X, y, w);
    return m;
}

// The calibration test of the main router's Delta_hat against the DR pseudo-outcomes (both out of fold).
QJsonObject calibrationOf(const SuiteResult& res, RouterKind main)
{
    const CateFit* tau = res.biasCate(main);
    auto dr = res.cates.find(RouterKind::MetaDR);
    if (!tau || dr == res.cates.end())
        return {};
    const Vector& pseudo = dr->second.pseudo;
    return calibrationJson(blpCalibration(pseudo, tau->deltaOof), gatesByQuantile(pseudo, tau->deltaOof, 5));
}

// The trainer: every queued psi model, in parallel within the final spec's thread budget.
void fitFinalModels(SuiteBuild& b, Progress& p)
{
    const LearnerSpec& fs = b.opt.finalSpec;
    p.report(0.0, QStringLiteral("final models (%1 fits)").arg(b.finals.size()));
    runParallelJobs(
        int(b.finals.size()), std::max(1, fs.nthread),
        [&](int j, int threads) {
            const FinalFit& f = b.finals[size_t(j)];
            TrainedRouter& tr = b.res.routers[f.router];
            LearnerSpec spec = fs;
            spec.nthread = threads;
            Matrix storage;
            tr.psi = fitPsi(spec, tr.seed, f.design(b.split.X, storage), f.labels, f.weights);
        },
        [&](int finished) {
            p.check();
            p.report(double(finished) / double(b.finals.size()),
                QStringLiteral("final models (%1 of %2 done)").arg(finished).arg(b.finals.size()));
        });
}

// The main router's bootstrap: the same final-stage regression refitted on resampled rows (gold rows first).
void fitMainBootstrap(SuiteBuild& b, RouterKind bootKind, const std::function<Progress()>& stage)
{
    const SplitData& split = b.split;
    for (const FinalFit& f : b.finals) {
        TrainedRouter& tr = b.res.routers[f.router];
        if (tr.kind != bootKind)
            continue;
        Progress bp = stage();
        Matrix storage;
        const Matrix& Xf = f.design(split.X, storage);
        IntVector cluster;
        if (split.query.size() == split.X.rows()) {
            cluster.resize(Xf.rows());
            for (Eigen::Index j = 0; j < Xf.rows(); ++j)
                cluster[j] = split.query[f.rows.empty() ? int(f.first + j) : f.rows[size_t(j)]];
        }
        tr.bootstrap = std::make_shared<PsiBootstrap>(fitPsiBootstrap(
            b.opt.finalSpec, Xf, f.labels, f.goldInXf, b.opt.bootstrap,
            deriveSeed(b.opt.seed, SeedPurpose::Bootstrap, uint64_t(tr.kind)), bp, cluster, f.weights));
    }
    if (!b.res.bootstrapOf(bootKind))
        b.res.warnings << QStringLiteral("bootstrap: %1 has no bootstrap (reference-mode and random routers have "
                                         "none); no intervals for this run")
                              .arg(routerName(bootKind));
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

const CateFit* SuiteResult::cateOf(RouterKind k) const
{
    const RouterKind key = k == RouterKind::Auto ? autoBase : k;
    auto it = cates.find(key);
    return it == cates.end() ? nullptr : &it->second;
}

const CateFit* SuiteResult::biasCate(RouterKind k) const
{
    if (const CateFit* c = cateOf(k))
        return c;
    if (k != RouterKind::Auto)
        return nullptr;
    for (RouterKind base : { RouterKind::MetaR, RouterKind::MetaDR, RouterKind::MetaT })
        if (auto it = cates.find(base); it != cates.end())
            return &it->second;
    return nullptr;
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
    if (!autoSelection.isEmpty())
        o["auto"] = autoSelection;
    if (!calibration.isEmpty())
        o["calibration"] = calibration;
    o["warnings"] = QJsonArray::fromStringList(warnings);
    return o;
}

SuiteResult trainRouterSuite(const SplitData& split, const SuiteOptions& opt, Progress& progress)
{
    CancelScope cancelScope(progress.cancelFlag()); // a cancel reaches into every boosting loop below
    if (split.X.rows() != split.goldRows() + split.prefRows())
        throw std::invalid_argument("split: label count does not match feature rows");
    SuiteBuild b(split, opt);
    const bool anyMeta = std::any_of(opt.routers.begin(), opt.routers.end(), needsNuisances);
    // One baseline, one definition (issue 13 fix 4): the regression constant needs the nuisances, so they are fitted
    // whenever a router uses the normalised preference labels, not only when a meta router is trained. pooled,
    // mean_shift, pref_only and the reference routers then get the same c with or without a meta router.
    const bool usesNormalised = std::any_of(opt.routers.begin(), opt.routers.end(), [](RouterKind k) {
        return k != RouterKind::GoldOnly && k != RouterKind::AllGold && k != RouterKind::Random;
    });
    const bool fitNu = anyMeta || (usesNormalised && opt.cate.normalization == NormalizationMethod::Regression);
    const bool boot = opt.bootstrap > 0;
    const int jobs = 2 * int(opt.routers.size()) + (fitNu ? 3 : 0) + (boot ? 2 : 0);
    int done = 0;
    auto stage = [&](int weight) {
        Progress p = progress.sub(double(done) / jobs, double(done + weight) / jobs);
        done += weight;
        return p;
    };

    {
        Progress p = stage(fitNu ? 3 : 0);
        fitSuiteNuisances(b, fitNu, p);
    }
    for (RouterKind k : opt.routers) {
        progress.check();
        Progress p = stage(1);
        p.report(0.0, QStringLiteral("training %1").arg(routerName(k)));
        TrainedRouter tr { k, nullptr, deriveSeed(opt.seed, SeedPurpose::FinalModel, uint64_t(k)), nullptr };
        switch (k) {
        case RouterKind::MetaR:
        case RouterKind::MetaDR:
        case RouterKind::MetaT:
            relabelMeta(b, k, p);
            break;
        case RouterKind::MetaROverlap:
        case RouterKind::MetaDROverlap:
            relabelOverlap(b, k, p);
            break;
        case RouterKind::MetaRReference:
        case RouterKind::MetaDRReference:
            fitReference(b, tr, p);
            break;
        case RouterKind::Auto: {
            const AutoSelection sel = selectAuto(b, p);
            queueAutoFit(b, sel);
            b.res.autoSelection = sel.toJson();
            b.res.autoBase = sel.candidates[size_t(sel.chosen)].base;
            // The chosen base router's seed: when auto picks a router's own recipe (gold_only, mean_shift or a
            // Meta-Router with shrink 0 and lambda 1) its psi model is that router's, bit for bit.
            tr.seed = deriveSeed(opt.seed, SeedPurpose::FinalModel, uint64_t(b.res.autoBase));
            break;
        }
        default:
            if (!relabelBaseline(b, k))
                continue;
        }
        b.res.routers.push_back(std::move(tr));
    }
    {
        Progress p = stage(int(opt.routers.size()));
        fitFinalModels(b, p);
    }
    if (boot)
        fitMainBootstrap(b, mainRouterOf(opt.routers), [&] { return stage(2); });
    b.res.calibration = calibrationOf(b.res, mainRouterOf(opt.routers));
    progress.report(1.0);
    return std::move(b.res);
}

} // namespace crw
