#pragma once
// Help > About: name, version, licence (GPL-3.0-or-later) and the method it implements.
class QWidget;

namespace crw::ui {

/// Shows the about box (non-blocking).
void showAboutBox(QWidget* parent);

} // namespace crw::ui
