#pragma once
// Chooses the cost weight w of a router for a target (share of queries leaving the reference, or a budget per 1,000
// queries) on a calibration set, and says what share and cost to expect, with a seeded bootstrap interval.
#include "learn/Types.h"

#include <QJsonObject>
#include <vector>

namespace crw {

struct CalibrationTarget {
    enum Kind { Share, BudgetPer1000 };
    Kind kind = Share;
    double value = 0.5; // share in [0,1] of queries sent to a non-reference model, or cost per 1,000 queries
};

struct CalibrationSetup {
    std::vector<double> costs; // cost per query of every model (pool order)
    std::vector<int> modelOf; // model index of each psi column
    int reference = 0; // model index with psi = 0
    int bootstrap = 1000; // resamples for the interval
    double level = 0.95; // interval coverage
    uint64_t seed = 1;
};

struct CalibrationResult {
    double w = 0;
    std::vector<double> thresholds; // per psi column
    int n = 0; // calibration queries
    double share = 0, costPer1000 = 0; // realised on the calibration set
    double shareLo = 0, shareHi = 0, costLo = 0, costHi = 0; // bootstrap percentile interval (level)
    /// {"target": {...}, "cost_weight", "queries", "share", "share_interval", "cost_per_1000", "cost_interval",
    ///  "bootstrap", "level", "seed"}.
    QJsonObject toJson(const CalibrationTarget& target) const;
};

/// Two models: the share target uses weightForShare (threshold at the midpoint between the k-th and k+1-th psi, the
/// workbench's rule, so export and GUI agree); the budget target becomes the largest share whose cost fits the budget.
/// More models (reference must be the cheapest): bisection on w, the smallest w whose share (or cost) is at most the
/// target; share and cost are non-increasing in w there. The interval resamples the calibration queries with
/// replacement (seeded) at the chosen thresholds. Throws std::invalid_argument on an impossible setup.
CalibrationResult calibrateCostWeight(
    const Matrix& psi, const CalibrationTarget& target, const CalibrationSetup& setup);

/// Share of queries not sent to the reference and the mean cost per 1,000 queries of given decisions.
void shareAndCost(const std::vector<int>& chosen, const std::vector<double>& costs, int reference, double* share,
    double* costPer1000);

} // namespace crw
