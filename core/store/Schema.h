#pragma once
// Project schema: versioned DDL with a migration path from version 1 on.
#include <QStringList>

namespace crw {

/// The schema version this build writes.
constexpr int kSchemaVersion = 3;

/// The index of preference labels by dataset (part of schema version 1). Large preference imports drop it and
/// create it again before they commit, which is cheaper than updating it row by row.
inline constexpr const char* kPreferenceByDatasetIndexSql
    = "CREATE INDEX pref_by_dataset ON preference_labels(dataset_id)";

/// SQL statements that bring a database at version `from` to version `from + 1` (from 0 = empty file).
QStringList schemaMigration(int from);

} // namespace crw
