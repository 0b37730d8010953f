#pragma once
// The project file (.crw): one SQLite database, opened through QtSql for ordinary access.
#include "store/SqliteDb.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <optional>

namespace crw {

struct DatasetInfo {
    qint64 id = 0;
    QString name, kind, format, sourcePath, importedAt;
    qint64 rows = 0;
};

struct ModelInfo {
    qint64 id = 0;
    QString name;
    std::optional<double> inputUsdPerMtok, outputUsdPerMtok, usdPerQuery;
};

struct ProjectInfo {
    qint64 queries = 0, models = 0, goldLabels = 0, preferenceLabels = 0, runs = 0;
    QVector<DatasetInfo> datasets;
    /// The `info --json` contract: queries, models, gold_labels, preference_labels, datasets[{name,kind,rows}].
    QJsonObject toJson() const;
};

/// An open project. Each instance owns its own QtSql connection; use it on the thread that created it.
class ProjectStore {
public:
    /// Creates an empty project at path at the current schema version. Throws StoreError if it exists.
    static void create(const QString& path);
    /// Opens an existing project and migrates it to kSchemaVersion. Throws StoreError.
    explicit ProjectStore(const QString& path);
    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    const QString& path() const { return m_path; }
    QSqlDatabase database() const;
    int schemaVersion() const;
    ProjectInfo info() const;
    QVector<DatasetInfo> datasets() const;
    QVector<ModelInfo> models() const;
    /// Model id by exact name, or -1.
    qint64 modelId(const QString& name) const;

    /// Brings the database at `db` to kSchemaVersion inside one transaction (no-op if current).
    /// Throws StoreError for a file from a newer version or a file that is not a project.
    static void migrate(SqliteDb& db);

private:
    QString m_path;
    QString m_connection;
};

} // namespace crw
