#pragma once
// Saves a widget's rendering to $CRW_SCREENSHOT_DIR/<name>.png when that variable is set (for looking at the GUI).
#include <QString>

class QWidget;

namespace crw::test {

/// Returns false only if the variable is set and saving failed.
bool screenshot(QWidget* widget, const QString& name);

} // namespace crw::test
