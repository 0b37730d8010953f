#pragma once
// A chart view with keyboard zoom (+/-), pan (arrows), reset (0/Home), rubber-band zoom, min/max decimation of long
// line series and a context menu for export and copy.
#include "charts/ChartExport.h"

#include <QChartView>
#include <QList>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace crw {

class ChartView : public QChartView {
    Q_OBJECT
public:
    /// Takes ownership of chart. exportName is the file stem used by "export all" (e.g. "bias_by_task").
    ChartView(QChart* chart, const QString& exportName, QWidget* parent = nullptr);

    const QString& exportName() const { return m_exportName; }

    /// Shows `points` (sorted by x) in `series`, decimated to about two points per pixel column of the plot area and
    /// re-decimated whenever the x range of `axis` or the view size changes.
    void setDecimatedData(QLineSeries* series, QValueAxis* axis, QList<QPointF> points);
    /// Number of points `series` currently holds after decimation (for tests).
    int shownPointCount(QLineSeries* series) const;

    /// Zoom/pan steps used by the keyboard shortcuts.
    void zoomInStep();
    void zoomOutStep();
    void panStep(int dx, int dy);
    void resetZoom();

    /// Asks for a file name (PNG/SVG/PDF, DPI for PNG) and exports the chart.
    void exportWithDialog();
    /// Wraps the titles and thins the tick labels to the chart's current layout now (fitChartTexts); true when
    /// something changed. Also runs by itself after every layout change.
    bool fitTexts();
    void copyToClipboard();

signals:
    void zoomChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Decimated {
        QPointer<QLineSeries> series;
        QPointer<QValueAxis> axis;
        QList<QPointF> points;
    };
    struct Home {
        QPointer<QValueAxis> axis;
        double min, max;
    };
    /// Remembers the axis ranges before the first zoom or pan, so reset returns there (QChart::zoomReset ignores
    /// scrolling).
    void saveHome();
    void redecimate();
    void scheduleTextFit();
    QString m_exportName;
    bool m_fitPending = false;
    int m_fitRounds = 0;
    QList<Home> m_home;
    QList<Decimated> m_decimated;
};

} // namespace crw
