#pragma once
// The only code that reads and writes the run tables (runs, run_queries, run_curves; docs/runs.md). Keys come from
// runs/RunKeys.h; everything else reaches a stored run through these functions.
#include "runs/RunRecord.h"

#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace crw {

class SqliteDb;
struct PoolRun;
class Progress;

/// The small part of a run that exporting a router or ranking gold candidates needs.
struct RunHeader {
    qint64 id = 0;
    QString createdAt;
    QJsonObject config, summary;
};

class RunStore {
public:
    /// Stores `run` (kind "train", status "done": config, summary, every routers[i].json and every row) in ONE
    /// transaction, migrating the project first; returns the new run id. A throw (or a cancel reported through
    /// `progress`, checked before the commit) leaves the project as it was. Throws StoreError.
    static qint64 insert(const QString& projectPath, const RunRecord& run, Progress* progress = nullptr);

    /// Stores a pool router (docs/runs.md, kind "pool"): config_json = `config`, summary_json = pool.toSummaryJson(),
    /// no run_queries or run_curves rows, in one transaction; returns the new run id. Throws StoreError.
    static qint64 insertPool(const QString& projectPath, const QJsonObject& config, const PoolRun& pool);

    /// Loads run `runId` with its curves (parsed; RouterCurves::json left empty) and every row joined with its query
    /// (text cut to RunQueryRow::kTextPreview characters). Throws StoreError when the file or the run does not exist
    /// or the stored JSON is not an object.
    static RunRecord load(const QString& projectPath, qint64 runId);

    /// Every run of the project, newest first, with the small summary fields only. Throws StoreError.
    static QVector<RunListEntry> list(const QString& projectPath);

    /// config, summary and creation time of one run. Throws StoreError naming the run when it does not exist.
    static RunHeader header(SqliteDb& db, qint64 runId);

    /// The stored run_curves object of `router`, or an empty object when the run has no such router.
    static QJsonObject curve(SqliteDb& db, qint64 runId, const QString& router);
    /// The routers with a run_curves entry, by name.
    static QStringList routerNames(SqliteDb& db, qint64 runId);

    /// Query ids of the run's training rows (gold and preference; a query with both appears twice).
    static QVector<qint64> trainingQueryIds(SqliteDb& db, qint64 runId);

    /// The preference training rows whose query was neither a gold nor a test row, by query id, with the full query
    /// text, psi_hat, psi_se and both propensities: the candidates for new gold labels.
    static QVector<RunQueryRow> preferenceOnlyRows(SqliteDb& db, qint64 runId);

    /// Parses a summary_json / config_json / run_curves object into the typed fields of `run` (also used for runs
    /// built in memory). Curves: router names in the order of config.routers where known, else by name.
    static void parseInto(RunRecord& run, const QVector<QPair<QString, QJsonObject>>& curves);

    /// The main router of a summary's evaluation: `stored` when evaluated, else meta_r, meta_dr, meta_t,
    /// meta_r_overlap, meta_dr_overlap, else the first evaluated router; empty without an evaluation.
    static QString mainEvaluatedRouter(const QJsonObject& evaluation, const QString& stored);
};

} // namespace crw
