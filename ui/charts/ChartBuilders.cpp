#include "charts/ChartBuilders.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace crw {

QChart* makeChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    QFont f = chart->titleFont();
    f.setBold(true);
    f.setPointSizeF(std::max(10.0, f.pointSizeF() + 1));
    chart->setTitleFont(f);
    chart->setMargins(QMargins(6, 6, 18, 6)); // room for the last x label
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

namespace {

/// 1, 2 or 5 times a power of ten, at least raw (with a little tolerance for rounding).
double niceStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double p10 = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * p10 >= raw * 0.999)
            return m * p10;
    return 10 * p10;
}

} // namespace

QList<QPair<QString, double>> niceTicks(double lo, double hi, int maxTicks)
{
    QList<QPair<QString, double>> out;
    if (!(hi > lo))
        return out;
    const double step = niceStep((hi - lo) / std::clamp(maxTicks, 1, 6));
    const int decimals = std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 12);
    const qint64 first = qint64(std::ceil(lo / step - 1e-9)), last = qint64(std::floor(hi / step + 1e-9));
    for (qint64 i = first; i <= last && i - first < 200; ++i) {
        const double v = double(i) * step;
        QString text = QString::number(v, 'f', decimals);
        if (i == 0)
            text = QStringLiteral("0");
        out.append({ text, std::clamp(v, lo, hi) });
    }
    return out;
}

void relabelAxis(QCategoryAxis* axis)
{
    for (const QString& l : axis->categoriesLabels())
        axis->remove(l);
    const double lo = axis->min(), hi = axis->max();
    if (!(hi > lo))
        return;
    const QVariant maxTicks = axis->property(kMaxTicksProperty);
    axis->setStartValue(lo);
    for (const auto& [text, v] : niceTicks(lo, hi, maxTicks.isValid() ? maxTicks.toInt() : 6))
        axis->append(text, v);
}

QValueAxis* addValueAxis(QChart* chart, Qt::Alignment alignment, const QString& title)
{
    auto* axis = new QCategoryAxis;
    axis->setTitleText(title);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setProperty(kMaxTicksProperty, 6);
    QObject::connect(axis, &QValueAxis::rangeChanged, axis, [axis] { relabelAxis(axis); });
    chart->addAxis(axis, alignment);
    relabelAxis(axis);
    return axis;
}

void addSeries(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

double histogramMax(const HistogramBins& bins, bool density)
{
    double m = 0;
    for (int s = 0; s < bins.counts.size(); ++s)
        for (int b = 0; b < bins.bins; ++b)
            m = std::max(m, density ? bins.density(s, b) : double(bins.counts[s][b]));
    return m;
}

QAreaSeries* addHistogram(QChart* chart, const HistogramBins& bins, int sample, const QString& name,
    const QColor& color, bool density, QValueAxis* x, QValueAxis* y)
{
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    for (int b = 0; b < bins.bins; ++b) {
        const double h = density ? bins.density(sample, b) : double(bins.counts[sample][b]);
        upper->append(bins.edge(b), h);
        upper->append(bins.edge(b + 1), h);
        lower->append(bins.edge(b), 0);
        lower->append(bins.edge(b + 1), 0);
    }
    auto* area = new QAreaSeries(upper, lower);
    // QAreaSeries does not own its boundary series: parent them to it, or every chart rebuild leaks two series
    // (found by LeakSanitizer in tst_run_threshold and tst_views_render).
    upper->setParent(area);
    lower->setParent(area);
    area->setName(name);
    QColor fill = color;
    fill.setAlpha(90);
    area->setBrush(fill);
    QPen pen(color);
    pen.setWidthF(1.5);
    area->setPen(pen);
    addSeries(chart, area, x, y);
    return area;
}

QLineSeries* addVerticalLine(QChart* chart, double x, double y0, double y1, const QString& name, const QPen& pen,
    QValueAxis* xAxis, QValueAxis* yAxis)
{
    auto* line = new QLineSeries;
    line->append(x, y0);
    line->append(x, y1);
    line->setPen(pen);
    line->setName(name);
    addSeries(chart, line, xAxis, yAxis);
    if (name.isEmpty())
        hideFromLegend(chart, line);
    return line;
}

void setNiceRange(QValueAxis* axis, double lo, double hi, bool padLow)
{
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi <= lo) {
        const double pad = 0.5 * (1e-3 + std::abs(lo) * 0.1);
        lo -= pad;
        hi += pad;
    }
    const double pad = 0.05 * (hi - lo);
    const double low0 = lo;
    if (padLow)
        lo -= pad;
    hi += pad;
    const double step = niceStep((hi - lo) / 6);
    lo = padLow ? std::floor(lo / step + 1e-9) * step : low0;
    hi = std::ceil(hi / step - 1e-9) * step;
    axis->setRange(lo, hi);
}

void hideFromLegend(QChart* chart, QAbstractSeries* series)
{
    for (QLegendMarker* m : chart->legend()->markers(series))
        m->setVisible(false);
}

void makeLegendInteractive(QChart* chart)
{
    for (QLegendMarker* m : chart->legend()->markers()) {
        QObject::connect(m, &QLegendMarker::clicked, chart, [m] {
            QAbstractSeries* s = m->series();
            s->setVisible(!s->isVisible());
            m->setVisible(true);
            QColor c = m->labelBrush().color();
            c.setAlphaF(s->isVisible() ? 1.0 : 0.4);
            m->setLabelBrush(c);
        });
    }
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
}

} // namespace crw
