#pragma once
// Min/max decimation: a long line series reduced to about two points per pixel column with every peak kept.
#include <QList>
#include <QPointF>

namespace crw {

/// Points of `points` (sorted by x) inside [xMin, xMax] reduced to at most 2 per column of `columns` equal-width
/// columns: the minimum and the maximum of each column, in x order. The last point before xMin and the first after xMax
/// are kept so the line reaches the plot edges. A series that already has at most 2*columns points in range is
/// returned as is (that range only, plus the two neighbours).
QList<QPointF> decimateMinMax(const QList<QPointF>& points, double xMin, double xMax, int columns);

} // namespace crw
