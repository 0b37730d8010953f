#pragma once
// Average bias per group of queries (a task or a cluster) with a standard error from DR pseudo-outcomes.
#include "learn/Types.h"

#include <QString>
#include <QVector>

namespace crw {

struct GroupEffect {
    QString group;
    int rows = 0;
    double estimate = 0;   // mean of the DR pseudo-outcome over the group's pooled rows
    double se = 0;         // sd / sqrt(rows): the sampling error of that mean (folds treated as independent)
    double meanDeltaHat = 0; // mean of the smoothed Delta_hat over the group
    double truth = 0;      // mean true Delta when known (NaN otherwise)
};

/// One entry per distinct group label (sorted by label). pseudo: DR pseudo-outcomes per row; deltaHat: Delta_hat per
/// row; truth may be empty. The interval estimate +- 1.96 se covers the group's average bias over its rows.
QVector<GroupEffect> groupEffects(const QVector<QString>& groups, const Vector& pseudo, const Vector& deltaHat,
    const Vector& truth = {});

} // namespace crw
