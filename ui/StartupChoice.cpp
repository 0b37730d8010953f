#include "StartupChoice.h"

#include <QFileInfo>

namespace crw::ui {

StartupChoice StartupChoice::decide(
    const QString& commandLineProject, const QString& lastProject, const QString& demoPath)
{
    if (!commandLineProject.isEmpty())
        return { OpenProject, commandLineProject }; // opening reports a clear error if it does not exist
    if (!lastProject.isEmpty() && QFileInfo(lastProject).isFile())
        return { OpenProject, lastProject };
    if (QFileInfo(demoPath).isFile())
        return { OpenProject, demoPath };
    return { CreateDemo, demoPath };
}

} // namespace crw::ui
