#pragma once
// The upper-left envelope of (cost, quality) points: nothing cheaper is at least as good.
#include <QPointF>
#include <QVector>

namespace crw {

/// Pareto-efficient points (x = cost, y = quality), cheapest first: a point is kept when every cheaper-or-equal point
/// has strictly lower quality. Among equal costs only the best quality survives; duplicates appear once. Non-finite
/// points are ignored.
QVector<QPointF> paretoFrontier(QVector<QPointF> points);

} // namespace crw
