#pragma once
// Every persistent GUI setting, declared once with its key, type and default.
#include "SettingOption.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace crw::ui::settings {

/// Most recently used project files, newest first (at most RecentProjects::kMaxEntries).
inline const SettingOption<QStringList> recentProjects { "project/recent", {} };
/// The project that was open when the GUI last closed; reopened on the next start.
inline const SettingOption<QString> lastProject { "project/last", {} };
/// Dark palette on/off (View menu).
inline const SettingOption<bool> darkMode { "view/darkMode", false };
/// Folder of the last file chosen in the import dialog.
inline const SettingOption<QString> lastImportDir { "import/lastDir", {} };
/// Main window geometry and dock state.
inline const SettingOption<QByteArray> windowGeometry { "window/geometry", {} };
inline const SettingOption<QByteArray> windowState { "window/state", {} };

} // namespace crw::ui::settings
