#include "runs/ParetoFrontier.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crw {

QVector<QPointF> paretoFrontier(QVector<QPointF> points)
{
    points.erase(std::remove_if(points.begin(), points.end(),
                     [](const QPointF& p) { return !std::isfinite(p.x()) || !std::isfinite(p.y()); }),
        points.end());
    // Cheapest first; among equal costs the best quality first, so it is the one kept.
    std::sort(points.begin(), points.end(),
        [](const QPointF& a, const QPointF& b) { return a.x() != b.x() ? a.x() < b.x() : a.y() > b.y(); });
    QVector<QPointF> out;
    double best = -std::numeric_limits<double>::infinity();
    for (const QPointF& p : points)
        if (p.y() > best) {
            out << p;
            best = p.y();
        }
    return out;
}

} // namespace crw
