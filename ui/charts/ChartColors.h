#pragma once
// Chart chrome colours (background, text, grid) taken from a palette or forced light for exports; series colours
// come from one fixed colour-blind-safe sequence that reads on light and dark backgrounds.
#include <QColor>
#include <QPalette>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace crw {

struct ChartColors {
    QColor background, plotBackground, text, mutedText, grid, axisLine;
    /// The light export theme: white background, near-black text, light grey grid.
    static ChartColors light();
    /// Colours following a widget palette (dark mode aware).
    static ChartColors fromPalette(const QPalette& palette);
};

/// Applies the chrome colours to the chart, its legend and every axis. Series colours are untouched.
void applyChartColors(QChart* chart, const ChartColors& colors);

/// The i-th series colour (Okabe-Ito order, cycling).
QColor seriesColor(int i);

} // namespace crw
