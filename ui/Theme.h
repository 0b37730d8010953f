#pragma once
// Light/dark appearance: Fusion style plus a generated palette (no style sheets), so charts can read palette roles.
#include <QPalette>

namespace crw::ui {

class Theme {
public:
    /// A dark palette derived from a few base colours.
    static QPalette darkPalette();
    /// Applies Fusion and the dark or the standard light palette to the whole application.
    static void apply(bool dark);
    /// True if the application palette currently is the dark one (window colour darker than text).
    static bool isDark();
};

} // namespace crw::ui
