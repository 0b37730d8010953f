#pragma once
// The heavy, widget-free numbers of the analysis views of one run (balance statistics, histogram bins, the sorted
// bias table rows), computed once off the GUI thread so showing a 10^5-row run only assigns them.
#include "metrics/HistogramBins.h"
#include "runs/BalanceStats.h"

namespace crw {

/// One preference row of the bias table (QueryBiasModel).
struct QueryBiasRow {
    qint64 queryId = 0;
    double deltaHat = kMissing, trueDelta = kMissing, psiHat = kMissing;
    QString task, text; ///< text with line breaks replaced by spaces
};

struct RunViewPrecompute {
    BalanceStats balance; ///< computeBalance(run)
    HistogramBins propensityBins; ///< histogram({ balance.propensityGold, balance.propensityPref })
    HistogramBins biasBins; ///< histogram of Delta_hat (sample 0) and, when simulated, true Delta (sample 1)
    int biasEstimates = 0, biasTruths = 0; ///< sizes of the two samples of biasBins
    QVector<QueryBiasRow> biasRows; ///< preference rows with a finite Delta_hat, by Delta_hat descending (stable)
    bool biasHasTruth = false; ///< some bias row has a finite true Delta
};

/// The bias table rows of the run (preference rows with a finite Delta_hat, in run order, unsorted).
QVector<QueryBiasRow> queryBiasRows(const RunRecord& run);
/// Stable sort of bias rows by Delta_hat descending; NaN never occurs (rows have a finite Delta_hat).
void sortByDeltaHatDescending(QVector<QueryBiasRow>& rows);
/// The Delta_hat (and true Delta, when simulated) samples of the bias histogram.
QVector<QVector<double>> biasHistogramSamples(const RunRecord& run);

/// Computes everything above from the run; pure, thread-safe (call it on a worker thread). Deterministic.
RunViewPrecompute precomputeRunViews(const RunRecord& run);

} // namespace crw
