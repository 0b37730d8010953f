#include "store/SqliteBackend.h"

#include "store/PgStore.h"
#include "store/StoreUrl.h"

namespace crw {

SqliteBackend::SqliteBackend(const QString& path) : m_path(path) { ProjectStore check(path); }

int SqliteBackend::schemaVersion() { return ProjectStore(m_path).schemaVersion(); }

ProjectInfo SqliteBackend::info() { return ProjectStore(m_path).info(); }

void createProject(const QString& pathOrUrl)
{
    if (isStoreUrl(pathOrUrl))
        PgStore::create(pathOrUrl);
    else
        ProjectStore::create(pathOrUrl);
}

std::unique_ptr<ProjectBackend> openProject(const QString& pathOrUrl)
{
    if (isStoreUrl(pathOrUrl))
        return std::make_unique<PgStore>(pathOrUrl);
    return std::make_unique<SqliteBackend>(pathOrUrl);
}

} // namespace crw
