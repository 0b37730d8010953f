#pragma once
// Sharding of the Monte-Carlo protocol over the processes of a cluster scheduler (SLURM array, Kubernetes indexed
// Job; docs/scale.md): `experiment --shard I/N` computes a share of the (run, gold size) cells into a partial JSON,
// `experiment-merge` checks the parts and aggregates them with the same code as the unsharded run, so the merged
// result is bit-identical to it.
#include "pipeline/Experiment.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace crw {

/// Shard `index` (0-based) of `count`.
struct ShardSpec {
    int index = 0;
    int count = 1;
};

/// Parses "I/N" with 0 <= I < N (I is 0-based, as SLURM_ARRAY_TASK_ID with --array=0-(N-1) and Kubernetes'
/// JOB_COMPLETION_INDEX). False with a one-sentence error otherwise.
bool parseShardSpec(const QString& text, ShardSpec* out, QString* error);

/// The cells of a shard: cell k of experimentCellIds(options) belongs to shard k mod N (round robin, so every shard
/// gets a mix of gold sizes).
std::vector<CellId> shardCells(const ExperimentOptions& options, const ShardSpec& shard);

/// SHA-256 (hex) of every number of the data (features, gains, qualities, preferences, truth, groups): parts computed
/// on different data, or on features that came out differently, must not be merged.
QString experimentDataFingerprint(const ExperimentData& data);

/// The options that experiment-merge needs to aggregate and report (gold sizes, runs, test size, seed, max pref,
/// gold skew, quality shares, normalisation, propensity mode).
QJsonObject experimentOptionsJson(const ExperimentOptions& options);

/// The partial JSON of one shard. config: everything that determines the numbers and the report; it must hold
/// "options" (experimentOptionsJson), "queries" and "output" (the keys the CLI adds to the results JSON), and any
/// further keys (training settings, data fingerprint) that two parts must share to be merged. Numbers are stored
/// exactly (NaN as null, infinities and -0 as strings), so the merge aggregates bit-identical inputs.
QJsonObject experimentPartJson(
    const QJsonObject& config, const ShardSpec& shard, const std::vector<ExperimentCell>& cells);

/// The results JSON of the CLI: result.toJson() plus the keys of `output` (project, models, features ...). Both the
/// unsharded `experiment` and `experiment-merge` write exactly this.
QJsonObject experimentResultJson(const ExperimentResult& result, const QJsonObject& output);

/// One part file as read from disk.
struct ExperimentPartFile {
    QString name; ///< file name, used in every error message
    QByteArray bytes;
};

/// The merge of all parts: the aggregated result and the keys to add to its JSON (config "output").
struct MergedExperiment {
    ExperimentResult result;
    QJsonObject output;
};

/// Checks and merges the parts: every part must be a valid part JSON holding exactly the cells of its shard, all
/// parts must have the same config, and together they must hold every cell exactly once. Throws
/// std::invalid_argument with a one-line message that starts with the offending file's name (or names the missing
/// cells and shards).
MergedExperiment mergeExperimentParts(const std::vector<ExperimentPartFile>& parts);

} // namespace crw
