#pragma once
// Project schema: versioned DDL with a migration path from version 1 on.
#include <QStringList>

namespace crw {

/// The schema version this build writes.
constexpr int kSchemaVersion = 3;

/// SQL statements that bring a database at version `from` to version `from + 1` (from 0 = empty file).
QStringList schemaMigration(int from);

} // namespace crw
