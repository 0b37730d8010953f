#pragma once
// What a chosen primary-usage ratio means for one router on the run's held-out test queries.
#include "runs/RunRecord.h"

namespace crw {

/// "Abstain to the primary when uncertain" (core/routing/AbstainRule.h): with on, a query below the cut also goes to
/// the primary when psi_hat + z * se exceeds it.
struct AbstainSetting {
    bool on = false;
    double z = 1.0;
};

/// The read-out of the threshold control: the top round(share*N) test queries by psi_hat go to the primary.
/// With the abstain rule applied, the cut is thresholdForShare(psi_test, share) and the queries the margin sends to the
/// primary are added (the shares, quality, cost and EG then describe that rule).
struct OperatingPointReadout {
    bool valid = false; ///< false when the router has no test evaluation
    QString router;
    int testQueries = 0; ///< N
    int toPrimary = 0; ///< k = round(share*N), halves away from zero
    double requestedShare = 0;
    double sharePrimary = 0, shareAlternative = 0; ///< realised k/N and 1 - k/N
    double expectedQuality = kMissing; ///< mean true quality of the chosen answers
    double qualityPrimaryOnly = kMissing, qualityAlternativeOnly = kMissing; ///< the two single models
    double costPer1000 = kMissing; ///< USD per 1,000 queries when priced, else primary calls per 1,000 queries
    bool costInUsd = false;
    QStringList unpricedModels; ///< without USD: the run's models with no price on some test query
    double psiThreshold = kMissing; ///< midpoint between the k-th and (k+1)-th psi_hat (the rule's cut)
    double egAtShare = kMissing; ///< efficiency gain (full ranking curve) interpolated at the share, when on the grid
    bool abstainAvailable = false; ///< the router has a bootstrap se for every test query (psi_test_se)
    bool abstainApplied = false; ///< the abstain rule was requested and available
    double abstainZ = 0; ///< z of the applied rule
    int abstained = 0; ///< test queries sent to the primary only because of the margin (included in toPrimary)
    double abstainShare = 0; ///< abstained / N
};

/// Computes the read-out for `router` at `share` (clamped to [0,1]). Returns valid=false when the router is unknown or
/// has no psi_test, or psi_test does not match the test truth in length. The abstain rule is applied when
/// abstain.on and the router has psi_test_se (abstainAvailable); otherwise it is ignored. egAtShare of the abstain
/// rule is its own efficiency gain (summed true gain of the queries it sends to the primary minus share * total gain).
OperatingPointReadout computeReadout(
    const RunRecord& run, const QString& router, double share, const AbstainSetting& abstain = {});

/// The run's models (primary, alternative) lacking a USD cost on some held-out test query; empty when the run's costs
/// are in USD. A run without a test set lists nothing.
QStringList unpricedModels(const RunRecord& run);

/// Linear interpolation of y over ascending x at x0; NaN outside [x.front(), x.back()] or where y is NaN.
double interpolateAt(const QVector<double>& x, const QVector<double>& y, double x0);

} // namespace crw
