#include "causal/CateEstimator.h"

#include "causal/CrossFitting.h"

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

LearnerSpec seeded(LearnerSpec s, uint64_t seed)
{
    s.seed = seed;
    return s;
}

std::unique_ptr<Regressor> fitModel(const LearnerSpec& spec, const Matrix& X, const Vector& y, const Vector& w)
{
    auto m = makeRegressor(spec);
    m->fit(X, y, w);
    return m;
}

} // namespace

Nuisances fitNuisances(
    const Matrix& X, const Vector& rawO, const IntVector& t, const CateOptions& opt, Progress& progress)
{
    Vector o = rawO;
    const int K = std::max(2, opt.folds);
    const Eigen::Index N = X.rows();
    Nuisances nu;
    nu.folds = stratifiedFolds(t, K, opt.seed);
    nu.mu0 = Vector::Zero(N);
    nu.mu1 = Vector::Zero(N);
    nu.p = Vector::Zero(N);
    const int nGold = int(t.sum());
    nu.baseRate = N > 0 ? double(nGold) / double(N) : 0.0;
    if (nGold < K || N - nGold < K)
        throw std::runtime_error(
            "too few rows for cross-fitting: need at least one gold and one preference row per fold");

    const int steps = 3 * K + 1;
    int step = 0;
    auto tick = [&](const QString& stage) {
        progress.check();
        progress.report(double(step++) / steps, stage);
    };

    // mu0: preference arm. Trained on preference rows outside fold k, predicted on every row in fold k.
    for (int k = 0; k < K; ++k) {
        tick(QStringLiteral("nuisance mu0 (fold %1/%2)").arg(k + 1).arg(K));
        const auto train = rowsOf(t, nu.folds, 0, k, false);
        const auto model = fitModel(
            seeded(opt.outcome, opt.seed * 1000 + 10 + k), selectRows(X, train), selectRows(o, train), Vector());
        const auto test = foldRows(nu.folds, k, true);
        scatter(nu.mu0, test, model->predict(selectRows(X, test)));
    }
    tick(QStringLiteral("nuisance mu0 (all rows)"));
    if (opt.fitFullNuisance) {
        const auto all = rowsOf(t, nu.folds, 0, -1, false);
        nu.mu0Full
            = fitModel(seeded(opt.outcome, opt.seed * 1000 + 9), selectRows(X, all), selectRows(o, all), Vector());
    }

    // Scale normalisation of the preference outcomes (and of mu0, fitted on them) onto the gold scale.
    {
        const auto gold = rowsOf(t, nu.folds, 1, -1, false);
        const auto pref = rowsOf(t, nu.folds, 0, -1, false);
        nu.normConstant = normalizationConstant(
            opt.normalization, selectRows(o, gold), selectRows(o, pref), selectRows(nu.mu0, gold));
        for (int i : pref)
            o[i] *= nu.normConstant;
        nu.mu0 *= nu.normConstant;
        nu.o = o;
    }

    // mu1: gold arm, as mu0 plus a correction fitted on gold rows (or a direct fit).
    for (int k = 0; k < K; ++k) {
        tick(QStringLiteral("nuisance mu1 (fold %1/%2)").arg(k + 1).arg(K));
        const auto train = rowsOf(t, nu.folds, 1, k, false);
        const auto test = foldRows(nu.folds, k, true);
        const Matrix Xtest = selectRows(X, test);
        if (opt.mu1Offset) {
            const Vector resid = selectRows(o, train) - selectRows(nu.mu0, train);
            const auto g
                = fitModel(seeded(opt.stage2, opt.seed * 1000 + 20 + k), selectRows(X, train), resid, Vector());
            scatter(nu.mu1, test, selectRows(nu.mu0, test) + g->predict(Xtest));
        } else {
            const auto m = fitModel(
                seeded(opt.outcome, opt.seed * 1000 + 20 + k), selectRows(X, train), selectRows(o, train), Vector());
            scatter(nu.mu1, test, m->predict(Xtest));
        }
    }

    // p: propensity of being a gold row.
    const double kappa = nu.baseRate;
    const double lo = std::max(kappa / opt.clipFactor, 1e-6);
    const double hi = std::min({ kappa * opt.clipFactor, 1.0 - (1.0 - kappa) / opt.clipFactor, 1.0 - 1e-6 });
    int clipped = 0;
    if (opt.propensityMode == PropensityMode::Design) {
        nu.p.setConstant(kappa);
        nu.pRaw = nu.p;
        step += K;
    } else {
        Vector tt = t.cast<double>();
        for (int k = 0; k < K; ++k) {
            tick(QStringLiteral("propensity (fold %1/%2)").arg(k + 1).arg(K));
            const auto train = foldRows(nu.folds, k, false);
            const auto test = foldRows(nu.folds, k, true);
            const auto m = fitModel(seeded(opt.propensity, opt.seed * 1000 + 30 + k), selectRows(X, train),
                selectRows(tt, train), Vector());
            scatter(nu.p, test, m->predict(selectRows(X, test)));
        }
        nu.pRaw = nu.p;
        for (Eigen::Index i = 0; i < N; ++i) {
            const double v = std::isfinite(nu.p[i]) ? nu.p[i] : kappa;
            nu.pRaw[i] = v;
            const double c = std::clamp(v, lo, hi);
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
    if (learner == CateLearner::T) {
        fit.deltaOof = fit.pseudo;
    } else {
        for (int k = 0; k < K; ++k) {
            progress.check();
            progress.report(double(k) / (K + 1),
                QStringLiteral("%1-learner stage 2 (fold %2/%3)")
                    .arg(cateLearnerName(learner).toUpper())
                    .arg(k + 1)
                    .arg(K));
            const auto train = foldRows(nu.folds, k, false);
            const auto test = foldRows(nu.folds, k, true);
            const auto m = fitModel(seeded(opt.stage2, opt.seed * 1000 + 40 + k), selectRows(X, train),
                selectRows(fit.pseudo, train), selectRows(w, train));
            scatter(fit.deltaOof, test, m->predict(selectRows(X, test)));
        }
    }
    progress.report(
        double(K) / (K + 1), QStringLiteral("%1-learner stage 2 (all rows)").arg(cateLearnerName(learner).toUpper()));
    fit.model = fitModel(seeded(opt.stage2, opt.seed * 1000 + 49), X, fit.pseudo, w);

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
