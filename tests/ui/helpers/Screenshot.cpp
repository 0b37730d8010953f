#include "Screenshot.h"

#include <QCoreApplication>
#include <QDir>
#include <QWidget>

namespace crw::test {

bool screenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("CRW_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QCoreApplication::processEvents(); // pending layout requests, as a running event loop would do
    QDir().mkpath(dir);
    return widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace crw::test
