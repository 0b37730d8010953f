#include "ProjectSession.h"

namespace crw::ui {

ProjectSession::ProjectSession(QObject* parent)
    : QObject(parent)
{
}

ProjectSession::~ProjectSession() = default;

void ProjectSession::open(const QString& path)
{
    close();
    m_store = std::make_unique<ProjectStore>(path);
    emit opened(path);
}

void ProjectSession::create(const QString& path)
{
    ProjectStore::create(path);
    open(path);
}

void ProjectSession::close()
{
    if (!m_store)
        return;
    emit closed(); // views drop their connection handles before the store removes it
    m_store.reset();
}

ProjectInfo ProjectSession::info() const
{
    if (!m_store)
        return {};
    try {
        return m_store->info();
    } catch (const StoreError&) {
        return {};
    }
}

void ProjectSession::notifyDataChanged()
{
    emit dataChanged();
}

} // namespace crw::ui
