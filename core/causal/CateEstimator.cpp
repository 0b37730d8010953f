#include "causal/CateEstimator.h"

#include "causal/CrossFitting.h"
#include "util/CancelScope.h"
#include "util/ParallelJobs.h"
#include "util/SeedStream.h"

#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace crw {

QString cateLearnerName(CateLearner l)
{
    switch (l) {
    case CateLearner::R:
        return QStringLiteral("r");
    case CateLearner::DR:
        return QStringLiteral("dr");
    case CateLearner::T:
        return QStringLiteral("t");
    }
    return {};
}

QJsonObject CateDiagnostics::toJson() const
{
    return QJsonObject { { "learner", learner }, { "base_rate", baseRate }, { "clipped_share", clippedShare },
        { "dropped_share", droppedShare }, { "ess_gold", essGold }, { "ess_pref", essPref },
        { "mean_propensity_gold", meanPGold }, { "mean_propensity_pref", meanPPref }, { "delta_mean", deltaMean },
        { "delta_sd", deltaSd } };
}

Vector CateFit::predict(const Matrix& X) const
{
    return model ? model->predict(X) : Vector::Zero(X.rows());
}

double effectiveSampleSize(const Vector& w, const IntVector& t, int source)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < w.size(); ++i)
        if ((t[i] != 0) == (source == 1)) {
            s += w[i];
            s2 += w[i] * w[i];
        }
    return s2 > 0 ? s * s / s2 : 0.0;
}

namespace {

std::vector<int> rowsOf(const IntVector& t, const IntVector& folds, int source, int fold, bool inFold)
{
    std::vector<int> out;
    for (int i = 0; i < t.size(); ++i)
        if ((t[i] != 0) == (source == 1) && (fold < 0 || (folds[i] == fold) == inFold))
            out.push_back(i);
    return out;
}

void scatter(Vector& dst, const std::vector<int>& idx, const Vector& src)
{
    for (size_t i = 0; i < idx.size(); ++i)
        dst[idx[i]] = src[Eigen::Index(i)];
}

/// The spec with the given seed and (when threads > 0) XGBoost thread count; results do not depend on the latter.
LearnerSpec seeded(LearnerSpec s, uint64_t seed, int threads = 0)
{
    s.seed = seed;
    if (threads > 0)
        s.nthread = threads;
    return s;
}

/// How many threads the parallel folds of a nuisance may use together: the spec's own thread count.
int threadBudget(const LearnerSpec& s)
{
    return std::max(1, s.nthread);
}

std::unique_ptr<Regressor> fitModel(const LearnerSpec& spec, const Matrix& X, const Vector& y, const Vector& w)
{
    auto m = makeRegressor(spec);
    m->fit(X, y, w);
    return m;
}

} // namespace

Nuisances fitNuisances(const Matrix& X, const Vector& rawO, const IntVector& t, const CateOptions& opt,
    Progress& progress, const IntVector* groups)
{
    CancelScope cancelScope(progress.cancelFlag());
    Vector o = rawO;
    const int K = std::max(2, opt.folds);
    const Eigen::Index N = X.rows();
    Nuisances nu;
    const uint64_t foldSeed = deriveSeed(opt.seed, SeedPurpose::Folds);
    nu.folds = groups && groups->size() == t.size() ? groupedStratifiedFolds(t, *groups, K, foldSeed)
                                                    : stratifiedFolds(t, K, foldSeed);
    nu.mu0 = Vector::Zero(N);
    nu.mu1 = Vector::Zero(N);
    nu.p = Vector::Zero(N);
    const int nGold = int(t.sum());
    nu.baseRate = N > 0 ? double(nGold) / double(N) : 0.0;
    if (nGold < K || N - nGold < K)
        throw std::runtime_error(
            "too few rows for cross-fitting: need at least one gold and one preference row per fold");

    // mu0 (preference arm) and the propensity p do not depend on each other: their fold fits form one job list, run
    // in parallel within the thread budget. mu0 job k trains on preference rows outside fold k and predicts every
    // row in fold k; with fitFullNuisance one more job fits mu0 on all preference rows. Propensity job k trains on
    // all rows outside fold k. Every job has its own seed, so results do not depend on the order or thread count.
    const bool estimateP = opt.propensityMode != PropensityMode::Design;
    const int mu0Jobs = K + (opt.fitFullNuisance ? 1 : 0);
    const int jobs = mu0Jobs + (estimateP ? K : 0);
    const Vector tt = t.cast<double>();
    const int steps = jobs + K + 1;
    auto report = [&](int step, const QString& stage) {
        progress.check();
        progress.report(double(step) / steps, stage);
    };
    report(0,
        estimateP ? QStringLiteral("nuisances mu0 and propensity (%1 folds each)").arg(K)
                  : QStringLiteral("nuisance mu0 (%1 folds)").arg(K));
    runParallelJobs(
        jobs, std::max(threadBudget(opt.outcome), estimateP ? threadBudget(opt.propensity) : 1),
        [&](int j, int threads) {
            if (j >= mu0Jobs) {
                const int k = j - mu0Jobs;
                const auto train = foldRows(nu.folds, k, false);
                const auto test = foldRows(nu.folds, k, true);
                const auto m = fitModel(seeded(opt.propensity, deriveSeed(opt.seed, SeedPurpose::PropensityFold, uint64_t(k)), threads), selectRows(X, train),
                    selectRows(tt, train), Vector());
                scatter(nu.p, test, m->predict(selectRows(X, test)));
            } else if (j == K) {
                const auto all = rowsOf(t, nu.folds, 0, -1, false);
                nu.mu0Full = fitModel(seeded(opt.outcome, deriveSeed(opt.seed, SeedPurpose::OutcomeFull), threads), selectRows(X, all),
                    selectRows(o, all), Vector());
            } else {
                const auto train = rowsOf(t, nu.folds, 0, j, false);
                const auto model = fitModel(seeded(opt.outcome, deriveSeed(opt.seed, SeedPurpose::OutcomeFold, uint64_t(j)), threads),
                    selectRows(X, train), selectRows(o, train), Vector());
                const auto test = foldRows(nu.folds, j, true);
                scatter(nu.mu0, test, model->predict(selectRows(X, test)));
            }
        },
        [&](int finished) {
            report(finished, QStringLiteral("nuisances (%1 of %2 fits done)").arg(finished).arg(jobs));
        });

    // Scale normalisation of the preference outcomes (and of mu0, fitted on them) onto the gold scale.
    {
        const auto gold = rowsOf(t, nu.folds, 1, -1, false);
        const auto pref = rowsOf(t, nu.folds, 0, -1, false);
        if (opt.normalization == NormalizationMethod::Regression) {
            const RegressionScale rs = regressionScale(selectRows(o, gold), selectRows(o, pref),
                selectRows(nu.mu0, gold), selectRows(X, gold), selectRows(nu.mu0, pref), selectRows(X, pref),
                deriveSeed(opt.seed, SeedPurpose::ScaleFolds));
            nu.normConstant = rs.c;
            nu.normDetails = rs.toJson();
        } else
            nu.normConstant = normalizationConstant(opt.normalization, selectRows(o, gold), selectRows(o, pref));
        for (int i : pref)
            o[i] *= nu.normConstant;
        nu.mu0 *= nu.normConstant;
        nu.o = o;
    }

    // mu1: gold arm, as mu0 plus a correction fitted on gold rows (or a direct fit).
    for (int k = 0; k < K; ++k) {
        report(jobs + k, QStringLiteral("nuisance mu1 (fold %1/%2)").arg(k + 1).arg(K));
        const auto train = rowsOf(t, nu.folds, 1, k, false);
        const auto test = foldRows(nu.folds, k, true);
        const Matrix Xtest = selectRows(X, test);
        if (opt.mu1Offset) {
            const Vector resid = selectRows(o, train) - selectRows(nu.mu0, train);
            const auto g
                = fitModel(seeded(opt.stage2, deriveSeed(opt.seed, SeedPurpose::GoldArmFold, uint64_t(k))), selectRows(X, train), resid, Vector());
            scatter(nu.mu1, test, selectRows(nu.mu0, test) + g->predict(Xtest));
        } else {
            const auto m = fitModel(
                seeded(opt.outcome, deriveSeed(opt.seed, SeedPurpose::GoldArmFold, uint64_t(k))), selectRows(X, train), selectRows(o, train), Vector());
            scatter(nu.mu1, test, m->predict(Xtest));
        }
    }

    // p: propensity of being a gold row.
    const double kappa = nu.baseRate;
    const double lo = std::max(kappa / opt.clipFactor, 1e-6);
    const double hi = std::min({ kappa * opt.clipFactor, 1.0 - (1.0 - kappa) / opt.clipFactor, 1.0 - 1e-6 });
    int clipped = 0;
    if (estimateP) {
        nu.pRaw = nu.p;
        for (Eigen::Index i = 0; i < N; ++i)
            nu.pRaw[i] = std::isfinite(nu.p[i]) ? nu.p[i] : kappa;
        // Auto: the balance test on the out-of-fold scores decides between design and estimated (Estimated: the
        // test is only reported).
        nu.propensity = choosePropensity(opt.propensityMode, nu.pRaw, t);
    } else {
        nu.propensity = chooseDesignUntested();
    }
    if (nu.propensity.used == PropensityMode::Design) {
        // The learners use the constant. pRaw keeps the out-of-fold estimate when one was fitted (auto that chose
        // design): the overlap region, gold acquisition and the stored per-query propensity still see where gold
        // rows are sparse.
        nu.p.setConstant(kappa);
        if (!nu.propensity.tested)
            nu.pRaw = nu.p;
    } else {
        for (Eigen::Index i = 0; i < N; ++i) {
            const double c = std::clamp(nu.pRaw[i], lo, hi);
            if (c != nu.p[i])
                ++clipped;
            nu.p[i] = c;
        }
    }
    nu.clippedShare = N > 0 ? double(clipped) / double(N) : 0.0;
    double sg = 0, sp = 0;
    for (Eigen::Index i = 0; i < N; ++i)
        (t[i] ? sg : sp) += nu.p[i];
    nu.meanPGold = nGold ? sg / nGold : 0.0;
    nu.meanPPref = (N - nGold) ? sp / double(N - nGold) : 0.0;
    progress.report(1.0);
    return nu;
}

CateFit fitCate(CateLearner learner, const Matrix& X, const IntVector& t, const Nuisances& nu, const CateOptions& opt,
    Progress& progress, const std::vector<bool>* rowMask)
{
    CancelScope cancelScope(progress.cancelFlag());
    const Vector& o = nu.o;
    const Eigen::Index N = X.rows();
    const int K = int(nu.folds.maxCoeff()) + 1;
    CateFit fit;
    fit.learner = learner;
    fit.pseudo = Vector::Zero(N);
    fit.weight = Vector::Ones(N);
    Vector ipw = Vector::Ones(N); // the weight each row carries in the estimate, for effective sample sizes

    for (Eigen::Index i = 0; i < N; ++i) {
        const double p = nu.p[i];
        const double ti = t[i] ? 1.0 : 0.0;
        switch (learner) {
        case CateLearner::R: {
            const double mu = p * nu.mu1[i] + (1 - p) * nu.mu0[i];
            fit.pseudo[i] = (o[i] - mu) / (ti - p);
            fit.weight[i] = (ti - p) * (ti - p);
            ipw[i] = fit.weight[i];
            break;
        }
        case CateLearner::DR: {
            const double muT = ti > 0 ? nu.mu1[i] : nu.mu0[i];
            fit.pseudo[i] = (ti - p) / (p * (1 - p)) * (o[i] - muT) + nu.mu1[i] - nu.mu0[i];
            fit.weight[i] = opt.overlapWeights ? p * (1 - p) : 1.0;
            ipw[i] = (ti > 0 ? 1.0 / p : 1.0 / (1 - p)) * fit.weight[i];
            break;
        }
        case CateLearner::T:
            fit.pseudo[i] = nu.mu1[i] - nu.mu0[i];
            break;
        }
    }

    int dropped = 0;
    Vector w = fit.weight;
    for (Eigen::Index i = 0; i < N; ++i)
        if (!std::isfinite(fit.pseudo[i]) || !std::isfinite(w[i])) {
            fit.pseudo[i] = 0;
            w[i] = 0;
            ++dropped;
        } else if (rowMask && !(*rowMask)[size_t(i)]) {
            w[i] = 0;
            ipw[i] = 0;
            ++dropped;
        }

    fit.deltaOof = Vector::Zero(N);
    if (learner == CateLearner::T)
        fit.deltaOof = fit.pseudo;
    // Stage 2: the K out-of-fold fits and (job K) the fit on all rows, in parallel within the thread budget.
    const QString stageName = QStringLiteral("%1-learner stage 2").arg(cateLearnerName(learner).toUpper());
    progress.check();
    progress.report(0.0, QStringLiteral("%1 (%2 folds + all rows)").arg(stageName).arg(K));
    const bool oof = learner != CateLearner::T;
    const int jobs = oof ? K + 1 : 1;
    runParallelJobs(
        jobs, threadBudget(opt.stage2),
        [&](int k, int threads) {
            if (!oof || k == K) {
                fit.model = fitModel(seeded(opt.stage2, deriveSeed(opt.seed, SeedPurpose::Stage2Full), threads), X, fit.pseudo, w);
                return;
            }
            const auto train = foldRows(nu.folds, k, false);
            const auto test = foldRows(nu.folds, k, true);
            const auto m = fitModel(seeded(opt.stage2, deriveSeed(opt.seed, SeedPurpose::Stage2Fold, uint64_t(k)), threads), selectRows(X, train),
                selectRows(fit.pseudo, train), selectRows(w, train));
            scatter(fit.deltaOof, test, m->predict(selectRows(X, test)));
        },
        [&](int finished) {
            progress.check();
            progress.report(double(finished) / (jobs + 1),
                QStringLiteral("%1 (%2 of %3 fits done)").arg(stageName).arg(finished).arg(jobs));
        });

    auto& d = fit.diag;
    d.learner = cateLearnerName(learner);
    d.baseRate = nu.baseRate;
    d.clippedShare = nu.clippedShare;
    d.droppedShare = N > 0 ? double(dropped) / double(N) : 0.0;
    d.essGold = effectiveSampleSize(ipw, t, 1);
    d.essPref = effectiveSampleSize(ipw, t, 0);
    d.meanPGold = nu.meanPGold;
    d.meanPPref = nu.meanPPref;
    d.deltaMean = N > 0 ? fit.deltaOof.mean() : 0.0;
    d.deltaSd = N > 1 ? std::sqrt((fit.deltaOof.array() - d.deltaMean).square().sum() / double(N - 1)) : 0.0;
    progress.report(1.0);
    return fit;
}

} // namespace crw
