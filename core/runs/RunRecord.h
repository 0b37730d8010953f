#pragma once
// One training run as plain structs (docs/runs.md): what the training pipeline stores and what runs/RunStore reads
// back for the analysis views, the CLI and the tests. Only RunStore touches the run tables.
#include "runs/RowSource.h"
#include "runs/RunUncertainty.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <cmath>
#include <limits>
#include <memory>

namespace crw {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// One run_queries row joined with its query. Missing numbers are NaN.
struct RunQueryRow {
    qint64 queryId = 0;
    RowSource source = RowSource::Preference;
    int fold = 0;
    double outcome = kMissing, propensity = kMissing, deltaHat = kMissing, psiHat = kMissing, trueDelta = kMissing;
    double psiSe = kMissing; ///< bootstrap se of psi_hat (runs trained with bootstrap)
    double propensityRaw = kMissing; ///< out-of-fold p_hat before clipping (training rows)
    QString task; ///< empty when the query has no task
    QString text; ///< the first kTextPreview characters of the query text
    int textLength = 0; ///< length of the full text in characters
    static constexpr int kTextPreview = 400;
};

/// `cost_quality` of one router: 21 primary shares with mean quality and mean cost per query.
struct CostQualityCurve {
    QVector<double> share, quality, costPerQuery;
    QString costUnit; ///< "usd" or "primary_calls"
    bool isEmpty() const { return share.isEmpty(); }
};

/// One run_curves row. Curves are empty when the run held out no test set.
struct RouterCurves {
    QString router;
    QJsonObject json; ///< the stored object: filled by the writer; RunStore::load parses it and leaves this empty
    QJsonObject evaluation;
    QVector<double> pmurGrid, egCurve, fullRankingCurve; ///< egCurve is NaN beyond the cut-off end
    QVector<double> psiTest; ///< psi_hat per test query, in the order of RunRecord::testQueryIds
    QVector<double> psiTestSe; ///< bootstrap se of psi_test (main router of a run trained with bootstrap), else empty
    double residualSd = kMissing; ///< sd of a gold label around psi_hat (with psiTestSe)
    CostQualityCurve costQuality;
    bool hasTest() const { return !psiTest.isEmpty(); }
    /// True when every test query has a bootstrap se (the abstain rule and the uncertainty chart need it).
    bool hasTestSe() const { return hasTest() && psiTestSe.size() == psiTest.size(); }
};

/// summary.bias_by_task or summary.clusters entry (a cluster's name is its group, its delta the estimate).
struct TaskBias {
    QString group;
    int id = -1; ///< cluster id (-1 for a task)
    int rows = 0;
    int nGold = -1, nPreference = -1; ///< -1 for runs stored before issue 14
    double estimate = 0, se = 0, meanDeltaHat = 0;
    double ciLow = kMissing, ciHigh = kMissing; ///< the 95% interval; missing where none is given
    QString reason; ///< why there is no interval
    double truth = kMissing; ///< mean true Delta when simulated
    /// True when the entry has an interval (runs stored before issue 14: estimate +- 1.96 se where se > 0).
    bool hasInterval() const { return std::isfinite(ciLow) && std::isfinite(ciHigh); }
};

/// summary.diagnostics.cate.<router>.
struct CateDiagnosticsView {
    QString learner;
    double baseRate = kMissing, clippedShare = kMissing, droppedShare = kMissing, essGold = kMissing,
           essPref = kMissing;
    double meanPropensityGold = kMissing, meanPropensityPref = kMissing, deltaMean = kMissing, deltaSd = kMissing;
};

/// summary.diagnostics.overlap.<router>: the rows an overlap-restricted Meta-Router used.
struct OverlapUse {
    double minRatio = kMissing; ///< minimum gold/preference density ratio of a used preference row
    int prefRows = 0, prefRowsUsed = 0, goldRows = 0, goldRowsInside = 0;
    double prefShareUsed = kMissing, goldShareInside = kMissing;
};

/// One row of auto's cross-validation table (summary.diagnostics.auto.candidates).
struct AutoCandidateRow {
    QString name;
    double loss = kMissing, diffVsGoldOnly = kMissing, diffSe = kMissing;
};

/// summary.diagnostics.auto: which candidate auto chose and why (empty without auto).
struct AutoChoice {
    QString chosen, best, reason;
    QVector<AutoCandidateRow> candidates;
    bool isEmpty() const { return chosen.isEmpty(); }
};

struct RunDiagnostics {
    double normalizationConstant = kMissing, baseRate = kMissing, clippedShare = kMissing;
    double meanPropensityGold = kMissing, meanPropensityPref = kMissing;
    QMap<QString, CateDiagnosticsView> cate; ///< keyed by router name (meta_r, meta_dr, ...)
    QMap<QString, OverlapUse> overlap; ///< keyed by router name (meta_r_overlap, meta_dr_overlap)
    QStringList warnings;
    AutoChoice autoChoice;
};

/// summary.test_truth: per test query, in the order of RunRecord::testQueryIds. Costs are NaN without prices.
struct TestTruth {
    QVector<double> gain, qualityPrimary, qualityAlternative, costPrimary, costAlternative;
    bool hasCosts() const;
};

struct RunViewPrecompute;

/// A whole run, ready for the views.
struct RunRecord {
    qint64 id = 0;
    QString projectPath; ///< the project file the run was loaded from (empty for runs built in memory)
    QString createdAt, kind, status;
    QJsonObject config, summary; ///< the raw JSON, for anything not parsed below
    QString primary, alternative, features, biasLearner;
    QString mainRouter; ///< summary.main_router (empty for runs stored before it existed)
    RunUncertainty uncertainty; ///< summary.uncertainty
    int goldRows = 0, preferenceRows = 0, testRows = 0;
    RunDiagnostics diagnostics;
    QVector<TaskBias> biasByTask;
    QVector<TaskBias> clusters; ///< summary.clusters (empty for runs without clusters)
    double deltaRmse = kMissing, deltaTruthSd = kMissing;
    QVector<qint64> testQueryIds;
    TestTruth testTruth;
    QVector<RouterCurves> routers; ///< in the order of config.routers where known, else by name
    QVector<RunQueryRow> rows; ///< all run_queries rows, gold first, then preference, then test
    /// The views' heavy numbers (runs/RunViewPrecompute.h), filled off the GUI thread by whoever loads the run; null:
    /// the views compute them themselves. Must match rows (call precompute() again after editing the rows).
    std::shared_ptr<const RunViewPrecompute> precomputed;

    /// Fills `precomputed` from the current rows (heavy at 10^5 rows: call it on a worker thread).
    void precompute();

    /// The router's curves, or nullptr.
    const RouterCurves* router(const QString& name) const;
    /// Router names with a test evaluation, in display order.
    QStringList evaluatedRouters() const;
    /// The diagnostics of the learner whose Delta_hat is stored (the main router's, else bias_learner r -> meta_r,
    /// dr -> meta_dr, ...), else the first CATE entry, else nullptr.
    const CateDiagnosticsView* biasDiagnostics() const;
    /// The router chosen by default for the threshold: the run's main router when evaluated, else meta_r, meta_dr,
    /// meta_t, meta_r_overlap, meta_dr_overlap, else the first evaluated one.
    QString defaultRouter() const;
};

/// A line of the run list of a project (RunStore::list): the small summary fields only.
struct RunListEntry {
    qint64 id = 0;
    QString createdAt, kind, status, primary, alternative;
    int goldRows = 0, preferenceRows = 0, testRows = 0;
    QString mainRouter; ///< summary.main_router when evaluated, else meta_r, meta_dr, meta_t, the overlap ones, else
                        ///< the first evaluated router; empty without an evaluation
    double mainEgArea = kMissing; ///< EG area of mainRouter on the test set; NaN when the run held out none
};

/// A human name for a router id (meta_r -> "Meta-Router (R)").
QString routerDisplayName(const QString& router);

} // namespace crw
