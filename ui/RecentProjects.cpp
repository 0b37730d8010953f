#include "RecentProjects.h"

#include "Settings.h"

#include <QFileInfo>

namespace crw::ui {

QStringList RecentProjects::paths()
{
    return settings::recentProjects.get();
}

void RecentProjects::add(const QString& path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMaxEntries)
        list.removeLast();
    settings::recentProjects.set(list);
}

void RecentProjects::remove(const QString& path)
{
    QStringList list = paths();
    list.removeAll(path);
    settings::recentProjects.set(list);
}

int RecentProjects::removeMissing()
{
    QStringList list = paths();
    const qsizetype before = list.size();
    list.removeIf([](const QString& p) { return !QFileInfo(p).isFile(); });
    settings::recentProjects.set(list);
    return int(before - list.size());
}

void RecentProjects::clear()
{
    settings::recentProjects.reset();
}

} // namespace crw::ui
