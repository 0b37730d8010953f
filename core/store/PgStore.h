#pragma once
// ProjectBackend of a schema in a shared PostgreSQL database, through libpq (docs/store.md). The project's tables
// are the same as in a .crw file, with PostgreSQL types; migrations bring a schema to kSchemaVersion in the same
// steps as Schema.h. Jobs run on a private SQLite working copy in a temporary folder: imports see the identity
// tables (datasets, models, queries, the embedding dimension) and their new rows go back with COPY in one
// transaction under a writer lock; trainings and experiments read a REPEATABLE READ snapshot of every data table.
#include "store/PgConnection.h"
#include "store/ProjectBackend.h"

namespace crw {

class PgStore : public ProjectBackend {
public:
    /// Creates the schema of the URL (CREATE SCHEMA IF NOT EXISTS) with the project tables at kSchemaVersion.
    /// Throws StoreError when the schema already holds tables, or on any server error.
    static void create(const QString& url);
    /// Connects and migrates. Throws StoreError for a malformed URL, an unreachable server, a schema that is not
    /// a project or is newer than this build.
    explicit PgStore(const QString& url);

    QString display() const override { return m_url.display; }
    int schemaVersion() override;
    ProjectInfo info() override;
    void withSnapshot(const FileJob& job) override;
    void withRunSnapshot(qint64 runId, const FileJob& job) override;
    void withImport(const FileJob& job, bool withLabels) override;
    void withNewRun(const FileJob& job) override;

private:
    static StoreUrl parse(const QString& url);
    static void migrate(PgConnection& pg);
    StoreUrl m_url;
    std::unique_ptr<PgConnection> m_pg;
};

} // namespace crw
