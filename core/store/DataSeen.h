#pragma once
// Which data a training run saw: counts and largest ids of the project's data tables at the moment the run was
// stored, kept in the run's config_json as `data_seen` (docs/runs.md). Imports only append (new datasets, queries,
// models, labels with larger ids), so a run can be reproduced after later imports by restricting the data to
// dataset ids <= max_dataset_id (gold and preference labels belong to one dataset each).
#include <QJsonObject>

namespace crw {

class SqliteDb;

/// The `data_seen` object of the project in db: datasets, max_dataset_id, queries, max_query_id, models,
/// max_model_id, gold_labels, preference_labels, max_preference_label_id, embeddings. Reads in the caller's
/// transaction.
QJsonObject dataSeen(SqliteDb& db);

} // namespace crw
