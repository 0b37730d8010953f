#include "charts/ChartView.h"

#include "charts/ChartColors.h"
#include "charts/ChartTextFit.h"
#include "metrics/MinMaxDecimation.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QValueAxis>
#include <QTimer>
#include <QWheelEvent>
#include <algorithm>

namespace crw {

ChartView::ChartView(QChart* chart, const QString& exportName, QWidget* parent)
    : QChartView(chart, parent)
    , m_exportName(exportName)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 220);
    setToolTip(tr("Zoom: + / - or drag a rectangle; pan: arrow keys; reset: 0 or Home; right-click to export"));
    applyChartColors(chart, ChartColors::fromPalette(palette()));
    // Titles wrap and tick labels thin out to the room they get after every layout (ChartTextFit.h).
    connect(chart, &QChart::plotAreaChanged, this, &ChartView::scheduleTextFit);
}

void ChartView::scheduleTextFit()
{
    if (m_fitPending)
        return;
    m_fitPending = true;
    QTimer::singleShot(0, this, [this] {
        m_fitPending = false;
        fitTexts();
    });
}

bool ChartView::fitTexts()
{
    // A fit that changes something lays the chart out again and comes back here; a few rounds settle it, and the
    // cap keeps two layouts from alternating for ever.
    if (m_fitRounds >= 6)
        return false;
    const bool changed = fitChartTexts(chart());
    m_fitRounds = changed ? m_fitRounds + 1 : 0;
    return changed;
}

void ChartView::setDecimatedData(QLineSeries* series, QValueAxis* axis, QList<QPointF> points)
{
    m_decimated.removeIf([](const Decimated& d) { return !d.series || !d.axis; });
    for (Decimated& d : m_decimated)
        if (d.series == series) {
            d.axis = axis;
            d.points = std::move(points);
            redecimate();
            return;
        }
    m_decimated.push_back({ series, axis, std::move(points) });
    connect(axis, &QValueAxis::rangeChanged, this, &ChartView::redecimate, Qt::UniqueConnection);
    redecimate();
}

int ChartView::shownPointCount(QLineSeries* series) const
{
    return int(series->count());
}

void ChartView::redecimate()
{
    const int columns = std::max(50, int(chart()->plotArea().width()));
    for (const Decimated& d : m_decimated)
        if (d.series && d.axis)
            d.series->replace(decimateMinMax(d.points, d.axis->min(), d.axis->max(), columns));
}

void ChartView::saveHome()
{
    const bool stale = m_home.isEmpty()
        || std::any_of(m_home.begin(), m_home.end(), [](const Home& h) { return !h.axis; })
        || !std::all_of(
            m_home.begin(), m_home.end(), [this](const Home& h) { return chart()->axes().contains(h.axis); });
    if (!stale)
        return;
    m_home.clear();
    for (QAbstractAxis* a : chart()->axes())
        if (auto* v = qobject_cast<QValueAxis*>(a))
            m_home.push_back({ v, v->min(), v->max() });
}

void ChartView::zoomInStep()
{
    saveHome();
    chart()->zoom(1.25);
    emit zoomChanged();
}

void ChartView::zoomOutStep()
{
    saveHome();
    chart()->zoom(0.8);
    emit zoomChanged();
}

void ChartView::panStep(int dx, int dy)
{
    saveHome();
    const QRectF area = chart()->plotArea();
    chart()->scroll(dx * area.width() * 0.1, dy * area.height() * 0.1);
    emit zoomChanged();
}

void ChartView::resetZoom()
{
    chart()->zoomReset();
    for (const Home& h : m_home)
        if (h.axis && chart()->axes().contains(h.axis))
            h.axis->setRange(h.min, h.max);
    m_home.clear();
    emit zoomChanged();
}

void ChartView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomInStep();
        break;
    case Qt::Key_Minus:
        zoomOutStep();
        break;
    case Qt::Key_Left:
        panStep(-1, 0);
        break;
    case Qt::Key_Right:
        panStep(1, 0);
        break;
    case Qt::Key_Up:
        panStep(0, 1);
        break;
    case Qt::Key_Down:
        panStep(0, -1);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ChartView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        event->angleDelta().y() > 0 ? zoomInStep() : zoomOutStep();
        event->accept();
        return;
    }
    QChartView::wheelEvent(event);
}

void ChartView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        saveHome();
    QChartView::mousePressEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event)
{
    // A right click would zoom out with the rubber band; keep it for the context menu.
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
    emit zoomChanged();
}

void ChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    m_fitRounds = 0;
    scheduleTextFit();
    redecimate();
}

void ChartView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyChartColors(chart(), ChartColors::fromPalette(palette()));
    QChartView::changeEvent(event);
}

void ChartView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Export chart..."), this, &ChartView::exportWithDialog);
    menu.addAction(tr("Copy chart"), this, &ChartView::copyToClipboard);
    menu.addSeparator();
    menu.addAction(tr("Zoom in (+)"), this, &ChartView::zoomInStep);
    menu.addAction(tr("Zoom out (-)"), this, &ChartView::zoomOutStep);
    menu.addAction(tr("Reset zoom (0)"), this, &ChartView::resetZoom);
    menu.exec(event->globalPos());
}

void ChartView::exportWithDialog()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), m_exportName + ".png",
        tr("PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    ChartExportOptions o;
    if (size().width() > 100 && size().height() > 100)
        o.logicalSize = size();
    const ExportFormat format = exportFormatForPath(path);
    if (format == ExportFormat::Png) {
        bool ok = false;
        o.dpi = QInputDialog::getInt(this, tr("PNG resolution"), tr("Dots per inch:"), 192, 48, 1200, 24, &ok);
        if (!ok)
            return;
    }
    QString error;
    if (!exportChart(chart(), path, format, o, &error))
        QMessageBox::warning(this, tr("Export chart"), error);
}

void ChartView::copyToClipboard()
{
    ChartExportOptions o;
    if (size().width() > 100 && size().height() > 100)
        o.logicalSize = size();
    copyChartToClipboard(chart(), o);
}

} // namespace crw
