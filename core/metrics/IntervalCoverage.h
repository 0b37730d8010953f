#pragma once
// Calibration check of the intervals on psi_hat: how often held-out gold labels fall inside them.
#include "learn/Types.h"

#include <QJsonObject>
#include <functional>
#include <vector>

namespace crw {

/// The standard normal quantile: Phi^{-1}(p) for p in (0,1) (bisection on erfc, accurate to 1e-12).
double normalQuantile(double p);
/// The two-sided z for a central interval of the given level, e.g. 1.96 for 0.95. Level must be in (0,1).
double twoSidedZ(double level);

struct CoverageAtLevel {
    double level = 0; // nominal coverage
    double coverage = 0; // share of rows with truth inside center +- z * sd
    double meanHalfWidth = 0; // mean of z * sd
    int rows = 0;
};

/// For each nominal level, the share of rows with |truth - center| <= z(level) * sd. Rows with a non-finite value
/// are skipped. Throws std::invalid_argument on length mismatch or a level outside (0,1).
std::vector<CoverageAtLevel> intervalCoverage(const Vector& truth, const Vector& center, const Vector& sd,
    const std::vector<double>& levels = { 0.5, 0.8, 0.9, 0.95 });

/// Same with a multiplier per level instead of the normal quantile (zOf(level), e.g. conformal multipliers).
std::vector<CoverageAtLevel> intervalCoverage(const Vector& truth, const Vector& center, const Vector& sd,
    const std::vector<double>& levels, const std::function<double(double)>& zOf);

/// {"0.5": {coverage, mean_half_width, rows}, ...}
QJsonObject coverageJson(const std::vector<CoverageAtLevel>& rows);

} // namespace crw
