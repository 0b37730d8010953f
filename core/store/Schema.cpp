#include "store/Schema.h"

namespace crw {

QStringList schemaMigration(int from)
{
    switch (from) {
    case 0: // version 1: data tables
        return {
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE datasets(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
            " format TEXT NOT NULL, source_path TEXT, imported_at TEXT NOT NULL, rows INTEGER NOT NULL DEFAULT 0,"
            " sha256 TEXT)",
            "CREATE TABLE models(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, input_usd_per_mtok REAL,"
            " output_usd_per_mtok REAL, usd_per_query REAL)",
            "CREATE TABLE queries(id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, text_key TEXT UNIQUE, text TEXT,"
            " task TEXT, dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL)",
            "CREATE TABLE features(query_id INTEGER NOT NULL REFERENCES queries(id) ON DELETE CASCADE,"
            " featurizer TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(query_id, featurizer))",
            "CREATE TABLE gold_labels(dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
            " query_id INTEGER NOT NULL REFERENCES queries(id), model_id INTEGER NOT NULL REFERENCES models(id),"
            " score REAL NOT NULL, cost_usd REAL, input_tokens INTEGER, output_tokens INTEGER,"
            " PRIMARY KEY(dataset_id, query_id, model_id)) WITHOUT ROWID",
            "CREATE INDEX gold_by_query ON gold_labels(query_id)",
            "CREATE TABLE preference_labels(id INTEGER PRIMARY KEY,"
            " dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
            " query_id INTEGER NOT NULL REFERENCES queries(id), model_a INTEGER NOT NULL REFERENCES models(id),"
            " model_b INTEGER NOT NULL REFERENCES models(id), outcome REAL NOT NULL, judge TEXT, true_delta REAL)",
            kPreferenceByDatasetIndexSql,
        };
    case 1: // version 2: training runs
        return {
            "CREATE TABLE runs(id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'train',"
            " config_json TEXT NOT NULL, status TEXT NOT NULL, summary_json TEXT)",
            "CREATE TABLE run_queries(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
            " query_id INTEGER NOT NULL REFERENCES queries(id), source INTEGER NOT NULL, fold INTEGER NOT NULL,"
            " outcome REAL, propensity REAL, delta_hat REAL, psi_hat REAL, true_delta REAL,"
            " PRIMARY KEY(run_id, query_id, source)) WITHOUT ROWID",
            "CREATE TABLE run_curves(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
            " router TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY(run_id, router))",
        };
    case 2: // version 3: uncertainty of psi_hat and the unclipped propensity per run query
        return {
            "ALTER TABLE run_queries ADD COLUMN psi_se REAL",
            "ALTER TABLE run_queries ADD COLUMN propensity_raw REAL",
        };
    default:
        return {};
    }
}

} // namespace crw
