#include "RecentProjectsMenu.h"

#include "RecentProjects.h"

#include <QDir>
#include <QFileInfo>

namespace crw::ui {

RecentProjectsMenu::RecentProjectsMenu(QWidget* parent)
    : QMenu(tr("Recent &projects"), parent)
{
    connect(this, &QMenu::aboutToShow, this, &RecentProjectsMenu::rebuild);
    rebuild();
}

void RecentProjectsMenu::rebuild()
{
    clear();
    const QStringList paths = RecentProjects::paths();
    bool anyMissing = false;
    int n = 0;
    for (const QString& path : paths) {
        const bool exists = QFileInfo(path).isFile();
        anyMissing |= !exists;
        QString label = QStringLiteral("&%1  %2").arg(++n).arg(QDir::toNativeSeparators(path));
        if (!exists)
            label += tr("  (missing)");
        QAction* a = addAction(label);
        a->setData(path);
        a->setEnabled(exists);
        connect(a, &QAction::triggered, this, [this, path] { emit projectChosen(path); });
    }
    if (paths.isEmpty()) {
        addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    addSeparator();
    QAction* prune = addAction(tr("Remove &missing entries"), this, [] { RecentProjects::removeMissing(); });
    prune->setEnabled(anyMissing);
    addAction(tr("&Clear list"), this, [] { RecentProjects::clear(); });
}

} // namespace crw::ui
