#pragma once
// Small helpers that build the pieces the views share: value axes, histogram outlines, reference lines, markers,
// and a legend whose entries toggle their series.
#include "metrics/HistogramBins.h"

#include <QColor>
#include <QPen>
#include <QList>
#include <QPair>
#include <QString>

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QAreaSeries;
class QCategoryAxis;
class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace crw {

/// A new chart with no margins wasted, a bottom legend and a bold title.
QChart* makeChart(const QString& title);

/// Adds a numeric axis at `alignment` with a title. It is a QCategoryAxis whose labels sit at exact multiples of a
/// 1/2/5 step and follow zooming, so ticks never read like -5.55e-17.
QValueAxis* addValueAxis(QChart* chart, Qt::Alignment alignment, const QString& title);

/// Dynamic property of an axis of addValueAxis: the most tick labels it may show (1-6, default 6; ChartTextFit sets it
/// from the room the labels have).
inline constexpr const char* kMaxTicksProperty = "crwMaxTicks";

/// Re-places the tick labels of an axis of addValueAxis at multiples of a 1/2/5 step giving at most its
/// kMaxTicksProperty labels.
void relabelAxis(QCategoryAxis* axis);

/// Tick labels and positions at exact multiples of the 1/2/5 step giving at most about maxTicks (1-6) intervals over
/// [lo, hi], with as many decimals as the step needs ("0" for zero).
QList<QPair<QString, double>> niceTicks(double lo, double hi, int maxTicks);

/// Adds the series to the chart and attaches it to both axes.
void addSeries(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y);

/// A histogram outline (steps) of sample `sample` filled with a translucent colour. density=true divides by n*width.
QAreaSeries* addHistogram(QChart* chart, const HistogramBins& bins, int sample, const QString& name,
    const QColor& color, bool density, QValueAxis* x, QValueAxis* y);

/// The largest bar height among all samples of a histogram.
double histogramMax(const HistogramBins& bins, bool density);

/// A vertical line at x from y0 to y1; hidden from the legend when name is empty.
QLineSeries* addVerticalLine(QChart* chart, double x, double y0, double y1, const QString& name, const QPen& pen,
    QValueAxis* xAxis, QValueAxis* yAxis);

/// Sets a nice rounded range around [lo, hi] (padded by 5%; the low end stays at lo when padLow is false) with 1/2/5
/// ticks.
void setNiceRange(QValueAxis* axis, double lo, double hi, bool padLow = true);

/// Hides the legend entry of a series.
void hideFromLegend(QChart* chart, QAbstractSeries* series);

/// Clicking a legend entry hides/shows its series (the entry stays, greyed).
void makeLegendInteractive(QChart* chart);

/// Removes every series and axis of the chart (and deletes the axes), so it can be rebuilt from scratch.
void clearChart(QChart* chart);

} // namespace crw
