#include "runs/BalanceStats.h"

#include <QHash>
#include <algorithm>
#include <cmath>

namespace crw {

double weightedMean(const QVector<double>& x, const QVector<double>& w)
{
    double s = 0, sw = 0;
    for (qsizetype i = 0; i < x.size(); ++i) {
        s += w[i] * x[i];
        sw += w[i];
    }
    return sw > 0 ? s / sw : kMissing;
}

double weightedVariance(const QVector<double>& x, const QVector<double>& w)
{
    const double m = weightedMean(x, w);
    double s = 0, sw = 0;
    for (qsizetype i = 0; i < x.size(); ++i) {
        s += w[i] * (x[i] - m) * (x[i] - m);
        sw += w[i];
    }
    return sw > 0 ? s / sw : kMissing;
}

namespace {

double ess(const QVector<double>& w)
{
    double s = 0, s2 = 0;
    for (double v : w) {
        s += v;
        s2 += v * v;
    }
    return s2 > 0 ? s * s / s2 : 0.0;
}

struct Side {
    QVector<const RunQueryRow*> rows;
    QVector<double> unit, overlap; ///< weight 1 and overlap weight per row
};

CovariateBalance smd(const QString& name, const Side& g, const Side& p,
    double (*value)(const RunQueryRow&, const QString&), const QString& arg)
{
    QVector<double> xg, xp;
    for (const RunQueryRow* r : g.rows)
        xg << value(*r, arg);
    for (const RunQueryRow* r : p.rows)
        xp << value(*r, arg);
    const double sd = std::sqrt(0.5 * (weightedVariance(xg, g.unit) + weightedVariance(xp, p.unit)));
    CovariateBalance c;
    c.name = name;
    auto standardise = [sd](double diff) { return sd > 0 ? diff / sd : 0.0; };
    c.smdRaw = standardise(weightedMean(xg, g.unit) - weightedMean(xp, p.unit));
    c.smdWeighted = standardise(weightedMean(xg, g.overlap) - weightedMean(xp, p.overlap));
    return c;
}

double logLength(const RunQueryRow& r, const QString&)
{
    return std::log1p(double(r.textLength));
}
double isTask(const RunQueryRow& r, const QString& task)
{
    return r.task == task ? 1.0 : 0.0;
}

QString percent(double share)
{
    return QString::number(100.0 * share, 'f', 1) + QLatin1Char('%');
}

} // namespace

BalanceStats computeBalance(const RunRecord& run)
{
    BalanceStats b;
    Side g, p;
    QHash<QString, int> taskCounts;
    for (const RunQueryRow& r : run.rows) {
        if (r.source == RowSource::Test)
            continue;
        Side& side = r.source == RowSource::Gold ? g : p;
        const bool gold = r.source == RowSource::Gold;
        (gold ? b.goldCount : b.prefCount)++;
        if (!std::isfinite(r.propensity))
            continue;
        side.rows << &r;
        side.unit << 1.0;
        side.overlap << (gold ? 1.0 - r.propensity : r.propensity);
        (gold ? b.propensityGold : b.propensityPref) << r.propensity;
        if (!r.task.isEmpty())
            taskCounts[r.task]++;
    }
    const int training = b.goldCount + b.prefCount;
    b.baseRate = training > 0 ? double(b.goldCount) / training : kMissing;
    b.clippedShare = run.diagnostics.clippedShare;
    if (const CateDiagnosticsView* d = run.biasDiagnostics()) {
        b.essGold = d->essGold;
        b.essPref = d->essPref;
        if (!std::isfinite(b.clippedShare))
            b.clippedShare = d->clippedShare;
    }
    b.essGoldOverlap = ess(g.overlap);
    b.essPrefOverlap = ess(p.overlap);

    if (!b.propensityGold.isEmpty() && !b.propensityPref.isEmpty()) {
        const auto [gMin, gMax] = std::minmax_element(b.propensityGold.begin(), b.propensityGold.end());
        const auto [pMin, pMax] = std::minmax_element(b.propensityPref.begin(), b.propensityPref.end());
        b.overlapLow = std::max(*gMin, *pMin);
        b.overlapHigh = std::min(*gMax, *pMax);
        int outside = 0;
        for (const auto* v : { &b.propensityGold, &b.propensityPref })
            for (double x : *v)
                outside += (x < b.overlapLow || x > b.overlapHigh) ? 1 : 0;
        b.shareOutsideOverlap = double(outside) / double(b.propensityGold.size() + b.propensityPref.size());

        b.covariates << smd(QStringLiteral("log text length"), g, p, &logLength, QString());
        QVector<QPair<int, QString>> tasks;
        for (auto it = taskCounts.begin(); it != taskCounts.end(); ++it)
            tasks.push_back({ -it.value(), it.key() });
        std::sort(tasks.begin(), tasks.end());
        for (qsizetype i = 0; i < std::min<qsizetype>(tasks.size(), kMaxTaskCovariates); ++i)
            b.covariates << smd(QStringLiteral("task: %1").arg(tasks[i].second), g, p, &isTask, tasks[i].second);
    }

    if (std::isfinite(b.clippedShare) && b.clippedShare > kClippedShareWarning)
        b.warnings << QStringLiteral("%1 of the propensity estimates were clipped. Gold and preference queries look "
                                     "very different, so the bias correction leans on extrapolation.")
                          .arg(percent(b.clippedShare));
    if (std::isfinite(b.essGold) && b.essGold < kEssGoldWarning)
        b.warnings << QStringLiteral("The gold rows count as only %1 effective rows after weighting (fewer than %2). "
                                     "Bias estimates will be noisy: add gold labels.")
                          .arg(b.essGold, 0, 'f', 1)
                          .arg(kEssGoldWarning);
    if (std::isfinite(b.baseRate) && b.baseRate < kBaseRateWarning)
        b.warnings << QStringLiteral("Only %1 of the training rows are gold-labelled (fewer than 1%). Positivity is "
                                     "fragile: consider the design propensity or more gold labels.")
                          .arg(percent(b.baseRate));
    if (std::isfinite(b.shareOutsideOverlap) && b.shareOutsideOverlap > 0.10)
        b.warnings << QStringLiteral("%1 of the training rows have a propensity outside the range both sources share; "
                                     "for them one source has no comparable queries.")
                          .arg(percent(b.shareOutsideOverlap));
    for (const CovariateBalance& c : b.covariates)
        if (std::abs(c.smdWeighted) > kSmdWarning)
            b.warnings << QStringLiteral("After overlap weighting, \"%1\" still differs between the sources "
                                         "(standardised difference %2).")
                              .arg(c.name)
                              .arg(c.smdWeighted, 0, 'f', 2);
    return b;
}

} // namespace crw
