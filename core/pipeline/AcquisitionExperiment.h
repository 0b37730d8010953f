#pragma once
// Does choosing where to add gold labels help? (issue "Beyond the paper" §1.) Repeated splits: start from a small gold
// set, add a budget of gold labels chosen by each strategy (and at random) from the preference-only queries, retrain
// the Meta-Router and compare on the same held-out test queries.
#include "active/GoldAcquisition.h"
#include "metrics/RunAggregation.h"
#include "pipeline/Experiment.h"

#include <QJsonObject>
#include <map>

namespace crw {

struct AcquisitionOptions {
    int startGold = 100;
    int budget = 100;
    int testSize = 500;
    int runs = 10;
    uint64_t seed = 42;
    int maxPref = 0; // cap on preference rows per split (0 = all remaining)
    double goldSkew = 0; // as ExperimentOptions::goldSkew, for the starting gold set
    int bootstrap = 20; // replicates for the uncertainty strategy
    double primaryShare = 0.5; // operating point of the uncertainty strategy's threshold
    std::vector<AcquisitionStrategy> strategies { AcquisitionStrategy::Uncertainty, AcquisitionStrategy::Overlap,
        AcquisitionStrategy::Random };
    SuiteOptions suite; // its main router (mainRouterOf(suite.routers)) is the one retrained
    std::vector<double> qualityShares { 0.3, 0.5 };
};

struct AcquisitionSummary {
    QString arm; // "start" (before adding labels) or a strategy name
    MeanSe egArea, fullArea, deltaRmse;
    std::vector<MeanSe> qualityAt;
    std::map<QString, PairedDifference> vsRandom; // metric -> paired difference (strategies other than random)
    MeanSe meanPropensityChosen; // mean propensity of the chosen rows (diagnostic)
};

struct AcquisitionResult {
    AcquisitionOptions options;
    QString router;
    int queries = 0;
    std::vector<AcquisitionSummary> arms;
    /// {"router", "start_gold", "budget", "runs", "arms": [{arm, eg_area, eg_area_se, full_ranking_area, ...,
    /// paired_vs_random: {metric: {mean_diff, se, t, n}}}]}
    QJsonObject toJson() const;
    /// A markdown table: arm x metrics, with paired differences against random.
    QString markdownTable() const;
};

/// Runs the acquisition study. Split r uses seed options.seed + 1000 * r; every arm sees the same test set and the
/// same starting gold set. Deterministic for a seed whatever the thread counts. Reports progress, honours cancel.
AcquisitionResult runAcquisitionExperiment(
    const ExperimentData& data, const AcquisitionOptions& options, Progress& progress);

} // namespace crw
