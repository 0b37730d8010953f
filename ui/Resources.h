#pragma once
// Registers the resources compiled into the static crwui library (icons), which the linker would otherwise drop.

namespace crw::ui {

/// Idempotent; call before using ":/icons/..." (MainWindow does).
void initResources();

} // namespace crw::ui
