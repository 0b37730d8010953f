#pragma once
// Describes one lazily paged SQL view: the base table, its ordering key, the joined display columns and the
// column that filters by dataset.
#include <QString>
#include <QStringList>

namespace crw::ui {

struct SqlColumn {
    QString header;
    QString expression; // SQL expression over the aliases of `from`
    bool numeric = false; // right-aligned, returned as a number
};

struct SqlTableSpec {
    QString table; // base table with alias, e.g. "gold_labels g" (used alone for counting and seeking)
    QString joins; // joins appended to `table` when fetching display rows (LEFT JOINs on primary keys)
    QStringList keyColumns; // unique ordering key over the base table, e.g. {"g.dataset_id","g.query_id","g.model_id"}
    QString datasetColumn; // e.g. "g.dataset_id"; empty if the view cannot be filtered by dataset
    QList<SqlColumn> columns;

    /// The four project views.
    static SqlTableSpec queries();
    static SqlTableSpec goldLabels();
    static SqlTableSpec preferenceLabels();
    static SqlTableSpec models();
};

} // namespace crw::ui
