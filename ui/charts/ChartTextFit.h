#pragma once
// Keeps a chart legible at any size (issue 15): titles wrap instead of being cut to "...", tick labels thin out
// instead of colliding, and a right-hand legend moves below a narrow chart.
#include <QString>

QT_BEGIN_NAMESPACE
class QChart;
class QFont;
QT_END_NAMESPACE

namespace crw {

/// Fits the chart's texts to its current layout: the chart title and every axis title are wrapped at word boundaries
/// (rich text lines) to the room they have; every axis of addValueAxis gets as many tick labels as fit side by side
/// (kMaxTicksProperty); a legend aligned right moves to the bottom while the chart is narrower than 640 px and back
/// when it is wide again. Returns true when anything changed (the chart then lays itself out again).
bool fitChartTexts(QChart* chart);

/// `text` broken at spaces into lines of at most maxWidth pixels in `font`, HTML-escaped and joined by "<br>"; the
/// escaped text itself when it fits on one line.
QString wrapToWidth(const QString& text, const QFont& font, double maxWidth);

/// The text a title was given before wrapping (plain text), for a chart title or an axis title.
QString plainTitle(const QString& shown);

} // namespace crw
