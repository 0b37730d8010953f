#pragma once
// "Recent projects" submenu: rebuilt each time it opens; missing files are shown greyed and can be removed.
#include <QMenu>

namespace crw::ui {

class RecentProjectsMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentProjectsMenu(QWidget* parent = nullptr);
    /// Rebuilds the entries from settings (also called automatically before the menu shows).
    void rebuild();

signals:
    void projectChosen(const QString& path);
};

} // namespace crw::ui
