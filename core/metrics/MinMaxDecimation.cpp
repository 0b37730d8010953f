#include "metrics/MinMaxDecimation.h"

#include <algorithm>

namespace crw {

QList<QPointF> decimateMinMax(const QList<QPointF>& points, double xMin, double xMax, int columns)
{
    auto byX = [](const QPointF& p, double x) { return p.x() < x; };
    auto first = std::lower_bound(points.begin(), points.end(), xMin, byX);
    auto last
        = std::upper_bound(points.begin(), points.end(), xMax, [](double x, const QPointF& p) { return x < p.x(); });
    QList<QPointF> out;
    if (first != points.begin())
        out << *(first - 1);
    const qsizetype inRange = last - first;
    if (columns <= 0 || inRange <= 2 * qsizetype(columns) || !(xMax > xMin)) {
        for (auto it = first; it != last; ++it)
            out << *it;
    } else {
        const double width = (xMax - xMin) / columns;
        auto it = first;
        while (it != last) {
            const int col = std::min(columns - 1, int((it->x() - xMin) / width));
            auto lo = it, hi = it;
            auto end = it;
            while (end != last && std::min(columns - 1, int((end->x() - xMin) / width)) == col) {
                if (end->y() < lo->y())
                    lo = end;
                if (end->y() > hi->y())
                    hi = end;
                ++end;
            }
            if (lo == hi) {
                out << *lo;
            } else if (lo - first < hi - first) {
                out << *lo << *hi;
            } else {
                out << *hi << *lo;
            }
            it = end;
        }
    }
    if (last != points.end())
        out << *last;
    return out;
}

} // namespace crw
