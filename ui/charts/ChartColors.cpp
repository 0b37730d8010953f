#include "charts/ChartColors.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

namespace crw {

ChartColors ChartColors::light()
{
    return ChartColors { QColor(255, 255, 255), QColor(255, 255, 255), QColor(33, 33, 33), QColor(90, 90, 90),
        QColor(225, 225, 225), QColor(120, 120, 120) };
}

ChartColors ChartColors::fromPalette(const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = base.lightnessF() < 0.5;
    ChartColors c;
    c.background = base;
    c.plotBackground = base;
    c.text = text;
    c.mutedText = palette.color(QPalette::PlaceholderText);
    c.grid = dark ? base.lighter(170) : QColor(225, 225, 225);
    c.axisLine = dark ? base.lighter(260) : QColor(120, 120, 120);
    return c;
}

void applyChartColors(QChart* chart, const ChartColors& colors)
{
    chart->setBackgroundBrush(colors.background);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setDropShadowEnabled(false);
    chart->setPlotAreaBackgroundBrush(colors.plotBackground);
    chart->setPlotAreaBackgroundVisible(true);
    chart->setTitleBrush(colors.text);
    chart->legend()->setLabelColor(colors.text);
    chart->legend()->setBrush(Qt::NoBrush);
    chart->legend()->setPen(Qt::NoPen);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(colors.text);
        axis->setTitleBrush(colors.text);
        axis->setGridLineColor(colors.grid);
        axis->setMinorGridLineColor(colors.grid.lighter(105));
        axis->setLinePenColor(colors.axisLine);
    }
}

QColor seriesColor(int i)
{
    static const QColor colors[] = { QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115),
        QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0), QColor(150, 150, 40), QColor(120, 120, 120),
        QColor(110, 70, 160), QColor(30, 60, 120), QColor(170, 60, 60) };
    constexpr int n = int(sizeof(colors) / sizeof(colors[0]));
    return colors[((i % n) + n) % n];
}

} // namespace crw
