#pragma once
// The recent-projects list stored in settings: newest first, unique, at most kMaxEntries.
#include <QStringList>

namespace crw::ui {

class RecentProjects {
public:
    static constexpr int kMaxEntries = 8;

    /// Paths, newest first (as stored; may include files that no longer exist).
    static QStringList paths();
    /// Moves path (made absolute) to the front, dropping duplicates and entries beyond kMaxEntries.
    static void add(const QString& path);
    /// Removes one path.
    static void remove(const QString& path);
    /// Removes every entry whose file no longer exists; returns how many were removed.
    static int removeMissing();
    static void clear();
};

} // namespace crw::ui
