#pragma once
// ProjectBackend of a .crw file: every job runs on the file itself (its own transactions do the rest).
#include "store/ProjectBackend.h"

namespace crw {

class SqliteBackend : public ProjectBackend {
public:
    /// Opens (and migrates) the file. Throws StoreError when it is not a project.
    explicit SqliteBackend(const QString& path);
    QString display() const override { return m_path; }
    int schemaVersion() override;
    ProjectInfo info() override;
    void withSnapshot(const FileJob& job) override { job(m_path); }
    void withRunSnapshot(qint64, const FileJob& job) override { job(m_path); }
    void withImport(const FileJob& job, bool) override { job(m_path); }
    void withNewRun(const FileJob& job) override { job(m_path); }

private:
    QString m_path;
};

} // namespace crw
