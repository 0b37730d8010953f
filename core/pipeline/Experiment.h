#pragma once
// The paper's Monte-Carlo protocol (METHOD.md §10, §15): repeated splits into test / gold-train / preference-train,
// every router trained on identical splits, efficiency-gain curves, routing quality and paired differences.
#include "metrics/RunAggregation.h"
#include "pipeline/ExperimentCell.h"
#include "pipeline/RouterSuite.h"
#include "pipeline/RowSplit.h"

#include <QJsonObject>

namespace crw {

/// One row per query; every query needs its gold gain (both models) and a preference label.
struct ExperimentData {
    Matrix X;
    Vector r; // gold gain primary - alternative
    Vector qPrimary, qAlternative; // gold quality of each model (for routing quality)
    Vector y; // preference gain (raw scale)
    Vector trueDelta; // known bias (simulated) or empty
    IntVector group; // task index per row (for --gold-skew), or empty
};

/// One split of the protocol: test, gold and preference rows (indices into ExperimentData).
using ProtocolSplit = RowSplit;

/// The protocol's split of run `runSeed` (drawRowSplit on every row, gold and preference rows disjoint): the test set
/// is the same for every gold size and the gold sets are nested across gold sizes; at most maxPref (0 = all) of the
/// remaining rows are the preference rows.
ProtocolSplit protocolSplit(
    const ExperimentData& data, int testSize, int goldSize, double goldSkew, int maxPref, uint64_t runSeed);

struct ExperimentOptions {
    std::vector<int> goldSizes { 100, 500, 1000 };
    int testSize = 500;
    int runs = 50;
    uint64_t seed = 42;
    int maxPref = 0; // cap on preference rows per split (0 = all remaining)
    double goldSkew = 0; // 0: gold rows are a random subset; >0: gold mostly from some tasks (chooseGoldRows)
    SuiteOptions suite;
    std::vector<double> qualityShares { 0.3, 0.5 };
};

struct RouterSummary {
    QString router;
    int goldSize = 0, runs = 0;
    std::vector<double> grid;
    std::vector<MeanSe> egCurve, fullCurve;
    MeanSe egArea, egMax, pmurAtMax, fullArea, deltaRmse;
    MeanSe deltaRmseTarget; // Delta_hat RMSE against psi - c*eta, the target of an estimator with constant c
    std::vector<MeanSe> qualityAt; // one per ExperimentOptions::qualityShares
    std::map<QString, std::map<QString, PairedDifference>>
        paired; // "pooled"/"gold_only"/"meta_r"/"meta_dr" -> metric -> difference
};

struct ExperimentResult {
    ExperimentOptions options;
    int queries = 0;
    std::vector<RouterSummary> summaries;
    QJsonObject diagnostics; // of the first run of each gold size
    /// The `experiment --json` contract: {"results": [{router, gold_size, runs, eg_area, eg_area_se, eg_max, ...}]}.
    QJsonObject toJson() const;
    /// A markdown table: router x gold size with area, full-ranking area, quality at 0.3/0.5 and paired differences.
    QString markdownTable() const;
};

/// Every cell of the protocol in canonical order: gold sizes in options order, runs 0..runs-1 within each.
std::vector<CellId> experimentCellIds(const ExperimentOptions& options);

/// Throws std::invalid_argument (one user-facing sentence) when the data is too small for the options.
void checkExperimentData(const ExperimentData& data, const ExperimentOptions& options);

/// Computes the given cells (in the given order). Run r draws its split from deriveSeed(seed, ExperimentRun, r) and
/// cell (r, n) trains its suite with deriveSeed(run seed, ExperimentCell, n), so a cell's numbers do not depend on
/// which other cells are computed; every router of a cell sees the same split. Deterministic for a seed whatever
/// the thread counts in the learner specs. Throws std::invalid_argument for data too small (checkExperimentData).
std::vector<ExperimentCell> computeExperimentCells(
    const ExperimentData& data, const ExperimentOptions& options, const std::vector<CellId>& cells, Progress& progress);

/// Means, SEs and paired differences over runs, from the cells. `cells` must hold every cell of
/// experimentCellIds(options) exactly once (any order); throws std::invalid_argument otherwise. queries: rows of
/// the data (reported in the JSON). The only aggregation of the protocol: runExperiment and experiment-merge use it.
ExperimentResult aggregateExperiment(
    const ExperimentOptions& options, int queries, const std::vector<ExperimentCell>& cells);

/// Runs the protocol: computeExperimentCells over every cell, then aggregateExperiment.
ExperimentResult runExperiment(const ExperimentData& data, const ExperimentOptions& options, Progress& progress);

} // namespace crw
