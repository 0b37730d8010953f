#pragma once
// Overlap and balance of the gold and preference training rows of a run (the balance view's numbers).
#include "runs/RunRecord.h"

namespace crw {

/// Standardised mean difference of one covariate between gold and preference rows.
struct CovariateBalance {
    QString name;
    double smdRaw = 0; ///< (mean_gold - mean_pref) / sqrt((var_gold + var_pref) / 2)
    double smdWeighted = 0; ///< same means under overlap weights (gold 1-p, preference p), same denominator
};

struct BalanceStats {
    int goldCount = 0, prefCount = 0;
    QVector<double> propensityGold, propensityPref; ///< finite propensities per source
    double essGold = kMissing, essPref = kMissing; ///< from the bias learner's diagnostics
    double essGoldOverlap = 0, essPrefOverlap = 0; ///< (sum w)^2 / sum w^2 of the overlap weights per source
    double baseRate = kMissing; ///< share of gold rows among training rows
    double clippedShare = kMissing; ///< share of propensities clipped (summary.diagnostics)
    double overlapLow = kMissing, overlapHigh = kMissing; ///< common support [max of minima, min of maxima]
    double shareOutsideOverlap = kMissing; ///< training rows with a propensity outside the common support
    QVector<CovariateBalance> covariates; ///< log text length, then the shares of the most frequent tasks
    QStringList warnings; ///< plain-language positivity warnings (see computeBalance)
};

/// Thresholds of the plain-language warnings.
constexpr double kClippedShareWarning = 0.10;
constexpr double kEssGoldWarning = 30;
constexpr double kBaseRateWarning = 0.01;
constexpr double kSmdWarning = 0.10;
constexpr int kMaxTaskCovariates = 10;

/// Computes the balance numbers from the run's gold (source 1) and preference (source 0) rows. Warns when more than
/// 10% of propensities were clipped, when the gold ESS is below 30, when fewer than 1% of rows are gold, when more
/// than 10% of rows lie outside the common support, and when a weighted |SMD| stays above 0.1.
BalanceStats computeBalance(const RunRecord& run);

/// Weighted mean and variance helpers (weights >= 0); an empty or zero-weight input gives NaN.
double weightedMean(const QVector<double>& x, const QVector<double>& w);
double weightedVariance(const QVector<double>& x, const QVector<double>& w);

} // namespace crw
