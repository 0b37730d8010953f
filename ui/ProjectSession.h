#pragma once
// The open project of the GUI: owns the ProjectStore (one QtSql connection on the GUI thread) and tells the
// views when the project changes or its data was modified.
#include "store/ProjectStore.h"

#include <QObject>
#include <memory>

namespace crw::ui {

class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);
    ~ProjectSession() override;

    /// Opens path (closing the current project first). Throws StoreError; on failure no project is open.
    void open(const QString& path);
    /// Creates an empty project at path and opens it. Throws StoreError.
    void create(const QString& path);
    void close();
    bool isOpen() const { return bool(m_store); }
    /// The open store, or nullptr.
    ProjectStore* store() const { return m_store.get(); }
    QString path() const { return m_store ? m_store->path() : QString(); }
    /// Counts and datasets of the open project (empty if none).
    ProjectInfo info() const;
    /// Announces that the project's data changed on disk (for example after an import).
    void notifyDataChanged();

signals:
    void opened(const QString& path);
    void closed();
    void dataChanged();

private:
    std::unique_ptr<ProjectStore> m_store;
};

} // namespace crw::ui
