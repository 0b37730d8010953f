#pragma once
// Which project the GUI opens at start: the one on the command line, else the last one, else the demo project
// (created from the bundled data if it does not exist yet).
#include <QString>

namespace crw::ui {

struct StartupChoice {
    enum Action { OpenProject, CreateDemo };
    Action action = OpenProject;
    QString path;

    /// Decides from the command-line project (may be empty), the last project from settings (may be empty or
    /// missing on disk) and the demo project path. Pure apart from checking which files exist.
    static StartupChoice decide(const QString& commandLineProject, const QString& lastProject, const QString& demoPath);
};

} // namespace crw::ui
