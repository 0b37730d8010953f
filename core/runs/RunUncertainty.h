#pragma once
// summary.uncertainty of a run (bootstrap of the main router's psi model, docs/uncertainty.md) parsed for the views:
// the calibration check of the intervals on psi_hat against the held-out gold gains.
#include <QJsonObject>
#include <QString>
#include <QVector>
#include <limits>

namespace crw {

/// One nominal level of the calibration check. NaN where the run does not report a value.
struct CoverageRow {
    double level = 0; ///< nominal coverage, e.g. 0.95
    double z = std::numeric_limits<double>::quiet_NaN(); ///< multiplier of the conformal interval (interval_z)
    double coverage = std::numeric_limits<double>::quiet_NaN(); ///< conformal interval (coverage_test)
    double coverageNormal = std::numeric_limits<double>::quiet_NaN(); ///< normal-quantile interval
    double meanHalfWidth = std::numeric_limits<double>::quiet_NaN(); ///< of the conformal interval
    double meanHalfWidthNormal = std::numeric_limits<double>::quiet_NaN();
    int rows = 0; ///< held-out gold gains checked
};

struct RunUncertainty {
    bool present = false; ///< the run was trained with bootstrap replicates (summary.uncertainty exists)
    QString router; ///< the router the replicates belong to (the main router)
    int replicates = 0, oobRows = 0;
    double residualSd = std::numeric_limits<double>::quiet_NaN();
    double oobRmse = std::numeric_limits<double>::quiet_NaN();
    double meanSeTest = std::numeric_limits<double>::quiet_NaN();
    QString calibration; ///< how z was calibrated (summary.uncertainty.calibration; empty for older runs)
    QVector<CoverageRow> coverage; ///< ascending level; empty without a test set
    /// The row of `level` (compared to 1e-9), or nullptr.
    const CoverageRow* at(double level) const;
};

/// Parses summary.uncertainty (an empty object gives present = false). Levels come from the union of interval_z,
/// coverage_test and coverage_test_normal keys.
RunUncertainty parseRunUncertainty(const QJsonObject& uncertainty);

/// True when coverage lies within two binomial standard errors of the nominal level (rows > 0).
bool coverageConsistent(const CoverageRow& row);

} // namespace crw
