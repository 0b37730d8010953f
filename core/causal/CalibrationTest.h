#pragma once
// Is the heterogeneity found in Delta_hat real? The best linear predictor (BLP) test of Chernozhukov, Demirer, Duflo
// & Fernandez-Val (2018), as grf's test_calibration: regress an unbiased (DR) pseudo-outcome on (1, Delta_hat - mean).
// A slope near 1 with a small SE says the heterogeneity is real; near 0 says fall back to the mean shift. GATES (the
// pseudo-outcome's mean per quintile of Delta_hat) is the picture of the same test.
#include "learn/Types.h"

#include <QJsonObject>
#include <vector>

namespace crw {

struct BlpCalibration {
    double intercept = 0, interceptSe = 0; ///< the mean effect (should match the mean pseudo-outcome)
    double slope = 0, slopeSe = 0; ///< 1: Delta_hat's variation is right; 0: no real heterogeneity
    int rows = 0;
    /// {intercept, intercept_se, slope, slope_se, rows}; NaN as null.
    QJsonObject toJson() const;
};

/// One group of GATES: rows whose Delta_hat lies in [low, high].
struct GatesGroup {
    double low = 0, high = 0, meanDeltaHat = 0, estimate = 0, se = 0;
    int rows = 0;
};

/// OLS of pseudo on (1, deltaHat - mean(deltaHat)) with heteroskedasticity-robust (HC1) standard errors. NaN
/// coefficients when fewer than 3 rows or Delta_hat is constant.
BlpCalibration blpCalibration(const Vector& pseudo, const Vector& deltaHat);

/// The mean pseudo-outcome (with its SE) per quantile group of Delta_hat (groups >= 2; ties keep row order).
std::vector<GatesGroup> gatesByQuantile(const Vector& pseudo, const Vector& deltaHat, int groups = 5);

/// {"blp": ..., "gates": [{low, high, mean_delta_hat, estimate, se, rows}]}.
QJsonObject calibrationJson(const BlpCalibration& blp, const std::vector<GatesGroup>& gates);

} // namespace crw
