#pragma once
// Every JSON key of a stored run (runs.config_json, runs.summary_json, run_curves.json; docs/runs.md), named once.
// The run's writer (pipeline/TrainingPipeline) and every reader (runs/RunStore, routing/RouterExport,
// active/GoldSuggestions) use these names, never string literals.
#include <QLatin1String>

namespace crw::runkey {

// config_json
constexpr QLatin1String primary("primary"), alternative("alternative"), routers("routers"), featurizer("featurizer");

// summary_json
constexpr QLatin1String features("features"), goldRows("gold_rows"), preferenceRows("preference_rows"),
    testRows("test_rows"), runId("run_id"), mainRouter("main_router"), diagnostics("diagnostics"),
    uncertainty("uncertainty"), evaluation("evaluation"), testQueryIds("test_query_ids"), testTruth("test_truth"),
    biasByTask("bias_by_task"), biasLearner("bias_learner"), deltaRmse("delta_rmse"), deltaRmseTarget("delta_rmse_target"),
    deltaTruthSd("delta_truth_sd"), clusters("clusters");

// summary.test_truth
constexpr QLatin1String gain("gain"), qualityPrimary("quality_primary"), qualityAlternative("quality_alternative"),
    costPrimary("cost_primary"), costAlternative("cost_alternative");

// summary.bias_by_task[] (and, with the names below, summary.clusters[])
constexpr QLatin1String group("group"), rows("rows"), estimate("estimate"), se("se"), meanDeltaHat("mean_delta_hat"),
    truth("truth"), nGold("n_gold"), nPreference("n_preference"), ciLow("ci_low"), ciHigh("ci_high"),
    reason("reason");

// summary.clusters[] (pipeline/ClusterBias.h): the CLI contract of issue 14 plus se, rows, reason, mean_delta_hat
constexpr QLatin1String id("id"), name("name"), delta("delta"), trueDelta("true_delta"), terms("terms"),
    queries("queries");

// summary.diagnostics
constexpr QLatin1String normalizationConstant("normalization_constant"), baseRate("base_rate"),
    propensityClippedShare("propensity_clipped_share"), meanPropensityGold("mean_propensity_gold"),
    meanPropensityPref("mean_propensity_pref"), cate("cate"), reference("reference"), overlap("overlap"),
    warnings("warnings");

// summary.diagnostics.auto (pipeline/AutoSelection.h; also `reason` and `name` above)
constexpr QLatin1String autoSelection("auto"), chosen("chosen"), best("best"), candidates("candidates"),
    loss("loss"), diffVsGoldOnly("diff_vs_gold_only"), diffVsGoldOnlySe("diff_vs_gold_only_se");

// summary.diagnostics.cate.<router> (causal/CateOptions.h: CateDiagnostics)
constexpr QLatin1String learner("learner"), clippedShare("clipped_share"), droppedShare("dropped_share"),
    essGold("ess_gold"), essPref("ess_pref"), deltaMean("delta_mean"), deltaSd("delta_sd");

// summary.diagnostics.overlap.<router> (causal/OverlapRegion.h)
constexpr QLatin1String minRatio("min_ratio"), prefRows("pref_rows"), prefRowsUsed("pref_rows_used"),
    prefShareUsed("pref_share_used"), goldRowsInside("gold_rows_inside"), goldShareInside("gold_share_inside");

// summary.uncertainty and the main router's curve entry
constexpr QLatin1String router("router"), replicates("replicates"), residualSd("residual_sd"), oobRmse("oob_rmse"),
    oobRows("oob_rows"), intervalZ("interval_z"), calibration("calibration"), coverageTest("coverage_test"),
    coverageTestNormal("coverage_test_normal"), coverageTestOobZ("coverage_test_oob_z"), meanSeTest("mean_se_test"),
    coverage("coverage"), meanHalfWidth("mean_half_width"), psiTestSe("psi_test_se"),
    bootstrapModels("bootstrap_models");

// evaluation.<router>
constexpr QLatin1String egArea("eg_area"), egMax("eg_max"), pmurAtMax("pmur_at_max"),
    fullRankingArea("full_ranking_area"), qualityAt("quality_at");

// run_curves.json
constexpr QLatin1String model("model"), cateModel("cate_model"), pmurGrid("pmur_grid"), egCurve("eg_curve"),
    fullRankingCurve("full_ranking_curve"), psiTest("psi_test"), costQuality("cost_quality");

// run_curves.json cost_quality
constexpr QLatin1String share("share"), quality("quality"), costPerQuery("cost_per_query"), costUnit("cost_unit");

} // namespace crw::runkey
