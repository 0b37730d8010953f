#pragma once
// The average bias of a group of queries (a task or a cluster) by AIPW with Hajek normalisation within the group,
// with a Welch-t interval, and no interval where the group has too few gold or preference rows.
#include "learn/Types.h"

#include <QString>
#include <QVector>

namespace crw {

/// The pooled rows' out-of-fold nuisances and outcomes (gold rows t = 1 with gold gain, preference rows t = 0 with
/// the normalised preference gain), as CateOptions.h's Nuisances holds them.
struct AipwRows {
    IntVector t;
    Vector o, mu0, mu1, p;
};

struct GroupAipwOptions {
    int minGold = 10; ///< below this many gold rows the group gets an estimate but no interval
    int minPreference = 2;
    double level = 0.95;
};

/// One group's estimate. ciLow / ciHigh are NaN (and reason says why) when no interval is given.
struct GroupAipwEstimate {
    int group = 0;
    int nGold = 0, nPreference = 0;
    double estimate = 0, se = 0, df = 0;
    double ciLow = 0, ciHigh = 0;
    QString reason; ///< empty when the interval is given
    double meanDeltaHat = 0; ///< mean Delta_hat over the group's rows
    double truth = 0; ///< mean true Delta over the group's rows, NaN when unknown
    bool hasInterval() const { return reason.isEmpty(); }
};

/// For each group id in [0, groups): estimate = mean over the group's rows of (mu1 - mu0)
///   + sum_gold w (o - mu1) / sum_gold w - sum_pref v (o - mu0) / sum_pref v,   w = 1/p, v = 1/(1-p),
/// the Hajek form of the AIPW estimator of the group's average Delta over its rows. Its variance is the sum of the
/// two weighted-mean variances sum w^2 (e - e_bar)^2 / (sum w)^2 * n/(n-1); the interval uses a Student t with
/// Welch-Satterthwaite degrees of freedom. The target is the mean of Delta(x) over the group's rows (conditional on
/// their x). deltaHat and truth may be empty.
QVector<GroupAipwEstimate> groupAipw(const IntVector& group, int groups, const AipwRows& rows,
    const Vector& deltaHat = {}, const Vector& truth = {}, const GroupAipwOptions& options = {});

} // namespace crw
