#pragma once
// The one store interface of a project: a .crw file (SqliteBackend) or a schema of a shared PostgreSQL database
// (PgStore), chosen by openProject() from the project argument. Commands reach the data through it; the SQL that
// differs between the two engines stays inside the implementations (docs/store.md).
#include "store/ProjectStore.h"

#include <functional>
#include <memory>

namespace crw {

class ProjectBackend {
public:
    /// A piece of work on a project file (the SQLite code of import, training, experiments).
    using FileJob = std::function<void(const QString& sqlitePath)>;
    virtual ~ProjectBackend() = default;

    /// The project as shown to the user (a path, or the URL without any secret).
    virtual QString display() const = 0;
    virtual int schemaVersion() = 0;
    virtual ProjectInfo info() = 0;
    /// Runs job on a SQLite file holding one consistent snapshot of the project's data (queries, models, datasets,
    /// features, labels); the job only reads it.
    virtual void withSnapshot(const FileJob& job) = 0;
    /// As withSnapshot, and the file also holds the stored run runId (its runs, run_queries and run_curves rows;
    /// nothing when there is no such run, so the job reports a missing run as it does on a file). For the commands
    /// that read one run: export-router, suggest-gold.
    virtual void withRunSnapshot(qint64 runId, const FileJob& job) = 0;
    /// Runs an import: job imports into a SQLite file holding what an import needs to see; its changes (new
    /// datasets, queries, models, labels, embeddings; filled-in fields and prices) are published in ONE
    /// transaction. A throw from job, or any failure, leaves the project as it was. Writers are serialised.
    /// withLabels: the job also reads the existing labels (the simulator does; an import does not).
    virtual void withImport(const FileJob& job, bool withLabels = false) = 0;
    /// Runs a training: job reads a consistent snapshot and stores exactly one new run in the file; that run is
    /// published in one transaction under an id reserved before the job (so the id in its summary is the stored
    /// one). A throw leaves the project as it was.
    virtual void withNewRun(const FileJob& job) = 0;
};

/// Creates an empty project (file path or postgresql:// URL) at the current schema version. Throws StoreError
/// when it exists or cannot be created.
void createProject(const QString& pathOrUrl);

/// Opens an existing project and migrates it to kSchemaVersion. Throws StoreError.
std::unique_ptr<ProjectBackend> openProject(const QString& pathOrUrl);

} // namespace crw
