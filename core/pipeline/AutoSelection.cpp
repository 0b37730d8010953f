#include "pipeline/AutoSelection.h"

#include "causal/CrossFitting.h"
#include "util/ParallelJobs.h"
#include "util/SeedStream.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace crw {

namespace {

QString candidateName(RouterKind base, double shrink, double lambda)
{
    if (base == RouterKind::GoldOnly)
        return QStringLiteral("gold_only");
    if (base == RouterKind::MeanShift)
        return QStringLiteral("mean_shift lambda %1").arg(lambda);
    return QStringLiteral("%1 shrink %2 lambda %3").arg(routerName(base)).arg(shrink).arg(lambda);
}

std::vector<AutoCandidate> candidateGrid()
{
    std::vector<AutoCandidate> c;
    c.push_back({ candidateName(RouterKind::GoldOnly, 0, 0), RouterKind::GoldOnly, 0, 0, 0 });
    for (double lambda : { 1.0, 0.25 })
        c.push_back({ candidateName(RouterKind::MeanShift, 0, lambda), RouterKind::MeanShift, 0, lambda, 1 });
    for (RouterKind base : { RouterKind::MetaT, RouterKind::MetaR, RouterKind::MetaDR })
        for (double shrink : { 0.0, 0.5 })
            for (double lambda : { 1.0, 0.25 })
                c.push_back({ candidateName(base, shrink, lambda), base, shrink, lambda, shrink > 0 ? 2 : 3 });
    return c;
}

// The corrected preference labels of a candidate, one per preference row.
Vector prefLabels(const SuiteBuild& b, const AutoCandidate& c)
{
    if (c.base == RouterKind::GoldOnly)
        return Vector();
    if (c.base == RouterKind::MeanShift) {
        const double shift = (b.n() ? b.split.r.mean() : 0.0) - (b.m() ? b.yNorm.mean() : 0.0);
        return b.yNorm.array() + shift;
    }
    const Vector d = b.res.cates.at(c.base).deltaOof.tail(b.m());
    const double mean = d.size() ? d.mean() : 0.0;
    return b.yNorm.array() + mean + (1.0 - c.shrink) * (d.array() - mean);
}

double pairedSe(const Vector& a, const Vector& b)
{
    const Vector d = a - b;
    const Eigen::Index n = d.size();
    if (n < 2)
        return 0.0;
    const double var = (d.array() - d.mean()).square().sum() / double(n - 1);
    return std::sqrt(var / double(n));
}

QString lossText(double v)
{
    return QString::number(v, 'g', 4);
}

} // namespace

QJsonObject AutoSelection::toJson() const
{
    QJsonArray cands;
    for (const AutoCandidate& c : candidates)
        cands.append(QJsonObject { { "name", c.name }, { "base", routerName(c.base) }, { "shrink", c.shrink },
            { "lambda", c.lambda }, { "complexity", c.complexity }, { "loss", c.loss },
            { "diff_vs_gold_only", c.diffVsGold }, { "diff_vs_gold_only_se", c.diffVsGoldSe },
            { "diff_vs_best_se", c.diffVsBestSe } });
    return QJsonObject { { "candidates", cands }, { "chosen", candidates[size_t(chosen)].name },
        { "chosen_base", routerName(candidates[size_t(chosen)].base) }, { "best", candidates[size_t(best)].name },
        { "reason", reason }, { "gold_rows", goldRows }, { "pref_rows_per_fit", prefRowsPerFit }, { "folds", folds },
        { "rule", "out-of-fold MSE of psi_hat on held-out gold rows; the simplest candidate within one paired SE "
                  "of the lowest loss (gold_only, then mean_shift, then shrunk, then full corrections)" } };
}

AutoSelection selectAuto(SuiteBuild& b, Progress& progress, int maxPrefPerFit)
{
    const Nuisances& nu = *b.res.nuisances;
    const Eigen::Index n = b.n(), m = b.m();
    AutoSelection s;
    s.candidates = candidateGrid();
    {
        int j = 0;
        for (RouterKind base : { RouterKind::MetaT, RouterKind::MetaR, RouterKind::MetaDR }) {
            Progress p = progress.sub(0.1 * j / 3.0, 0.1 * (j + 1) / 3.0);
            ensureCate(b, base, p);
            ++j;
        }
    }
    std::vector<Vector> labels;
    for (const AutoCandidate& c : s.candidates)
        labels.push_back(prefLabels(b, c));

    // Folds of the cross-fitting; per fold the gold rows outside it and a seeded subsample of the preference rows
    // inside it whose query has no gold row in it.
    const int K = n + m > 0 ? int(nu.folds.maxCoeff()) + 1 : 0;
    const bool haveQueries = b.split.query.size() == n + m;
    const auto folds = static_cast<size_t>(K);
    std::vector<std::vector<int>> goldTrain(folds), goldTest(folds), prefIn(folds);
    for (Eigen::Index i = 0; i < n; ++i)
        for (int k = 0; k < K; ++k)
            (nu.folds[i] == k ? goldTest : goldTrain)[size_t(k)].push_back(int(i));
    for (int k = 0; k < K; ++k) {
        std::set<int> heldQueries;
        if (haveQueries)
            for (int i : goldTest[size_t(k)])
                heldQueries.insert(b.split.query[i]);
        std::vector<int>& pk = prefIn[size_t(k)];
        for (Eigen::Index i = n; i < n + m; ++i)
            if (nu.folds[i] == k && !(haveQueries && heldQueries.count(b.split.query[i])))
                pk.push_back(int(i));
        if (int(pk.size()) > maxPrefPerFit) {
            std::mt19937_64 rng(deriveSeed(b.opt.seed, SeedPurpose::AutoCv, uint64_t(k)));
            std::shuffle(pk.begin(), pk.end(), rng);
            pk.resize(size_t(maxPrefPerFit));
            std::sort(pk.begin(), pk.end());
        }
        s.prefRowsPerFit = std::max(s.prefRowsPerFit, int(pk.size()));
    }
    s.goldRows = int(n);
    s.folds = K;

    const int C = int(s.candidates.size());
    std::vector<Vector> oof(size_t(C), Vector::Zero(n));
    const LearnerSpec& fs = b.opt.finalSpec;
    Progress cvP = progress.sub(0.1, 1.0);
    runParallelJobs(
        C * K, std::max(1, fs.nthread),
        [&](int job, int threads) {
            const int c = job / K, k = job % K;
            const AutoCandidate& cand = s.candidates[size_t(c)];
            std::vector<int> rows = goldTrain[size_t(k)];
            const bool usePref = cand.lambda > 0;
            if (usePref)
                rows.insert(rows.end(), prefIn[size_t(k)].begin(), prefIn[size_t(k)].end());
            Vector y(Eigen::Index(rows.size())), w(Eigen::Index(rows.size()));
            for (size_t j = 0; j < rows.size(); ++j) {
                const int i = rows[j];
                y[Eigen::Index(j)] = i < n ? b.split.r[i] : labels[size_t(c)][i - n];
                w[Eigen::Index(j)] = i < n ? 1.0 : cand.lambda;
            }
            LearnerSpec spec = fs;
            spec.nthread = threads;
            spec.seed = deriveSeed(b.opt.seed, SeedPurpose::AutoCv, uint64_t(1000 + c * 100 + k));
            auto model = makeRegressor(spec);
            model->fit(selectRows(b.split.X, rows), y, usePref && cand.lambda != 1.0 ? w : Vector());
            const Vector pred = model->predict(selectRows(b.split.X, goldTest[size_t(k)]));
            for (size_t j = 0; j < goldTest[size_t(k)].size(); ++j)
                oof[size_t(c)][goldTest[size_t(k)][j]] = pred[Eigen::Index(j)];
        },
        [&](int finished) {
            cvP.check();
            cvP.report(double(finished) / double(C * K),
                QStringLiteral("auto: cross-validating %1 candidates (%2 of %3 fits)").arg(C).arg(finished).arg(C * K));
        });

    std::vector<Vector> loss;
    for (int c = 0; c < C; ++c) {
        loss.push_back((b.split.r - oof[size_t(c)]).array().square());
        s.candidates[size_t(c)].loss = n ? loss.back().mean() : 0.0;
    }
    for (int c = 1; c < C; ++c)
        if (s.candidates[size_t(c)].loss < s.candidates[size_t(s.best)].loss)
            s.best = c;
    for (int c = 0; c < C; ++c) {
        AutoCandidate& a = s.candidates[size_t(c)];
        a.diffVsGold = a.loss - s.candidates[0].loss;
        a.diffVsGoldSe = pairedSe(loss[size_t(c)], loss[0]);
        a.diffVsBestSe = pairedSe(loss[size_t(c)], loss[size_t(s.best)]);
    }
    // One-SE rule: the simplest candidate whose loss is within one paired SE of the best; ties by loss.
    s.chosen = s.best;
    for (int c = 0; c < C; ++c) {
        const AutoCandidate& a = s.candidates[size_t(c)];
        const AutoCandidate& now = s.candidates[size_t(s.chosen)];
        if (a.loss <= s.candidates[size_t(s.best)].loss + a.diffVsBestSe
            && (a.complexity < now.complexity || (a.complexity == now.complexity && a.loss < now.loss)))
            s.chosen = c;
    }
    const AutoCandidate& ch = s.candidates[size_t(s.chosen)];
    const AutoCandidate& best = s.candidates[size_t(s.best)];
    const AutoCandidate& gold = s.candidates[0];
    if (s.chosen == 0 && s.best == 0)
        s.reason = QStringLiteral("gold-only was chosen: no use of the preference labels lowered the held-out loss "
                                  "(gold-only %1 is the lowest of %2 candidates)")
                       .arg(lossText(gold.loss))
                       .arg(C);
    else if (s.chosen == 0)
        s.reason = QStringLiteral("gold-only was chosen: the corrected preference rows did not lower the held-out "
                                  "loss by more than one standard error (best %1: %2 against %3, SE %4)")
                       .arg(best.name, lossText(best.loss), lossText(gold.loss), lossText(best.diffVsGoldSe));
    else
        s.reason = QStringLiteral("%1 was chosen: held-out loss %2 against gold-only's %3 (difference %4, SE %5)%6")
                       .arg(ch.name, lossText(ch.loss), lossText(gold.loss), lossText(ch.diffVsGold),
                           lossText(ch.diffVsGoldSe),
                           s.chosen == s.best ? QString()
                                              : QStringLiteral("; the lowest, %1 (%2), is within one SE and less simple")
                                                    .arg(best.name, lossText(best.loss)));
    return s;
}

void queueAutoFit(SuiteBuild& b, const AutoSelection& s)
{
    const AutoCandidate& c = s.candidates[size_t(s.chosen)];
    const Eigen::Index n = b.n(), m = b.m();
    if (c.base == RouterKind::GoldOnly || c.lambda <= 0) {
        b.queue(0, n, b.split.r, n);
        return;
    }
    Vector labels(n + m);
    labels << b.split.r, prefLabels(b, c);
    Vector w;
    if (c.lambda != 1.0) {
        w = Vector::Ones(n + m);
        w.tail(m).setConstant(c.lambda);
    }
    b.queue(0, n + m, labels, n, {}, w);
}

} // namespace crw
