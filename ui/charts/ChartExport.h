#pragma once
// One paint routine, many sinks: a chart rendered at a fixed logical size, light theme forced, into PNG (any DPI),
// SVG, PDF or the clipboard.
#include <QImage>
#include <QSizeF>
#include <QString>

QT_BEGIN_NAMESPACE
class QChart;
class QPainter;
class QRectF;
QT_END_NAMESPACE

namespace crw {

enum class ExportFormat { Png, Svg, Pdf };

struct ChartExportOptions {
    QSizeF logicalSize { 900, 560 }; ///< layout size in logical pixels (1/96 inch)
    int dpi = 96; ///< PNG resolution: the image is logicalSize * dpi / 96 pixels
    bool forceLightTheme = true;
};

/// Lays the chart out at `logicalSize` and paints it into `target` of `painter` (light theme forced when asked),
/// then restores the chart's geometry and colours. The single paint routine behind every sink.
void paintChart(QChart* chart, QPainter* painter, const QRectF& target, const ChartExportOptions& options);

/// The chart as an image of logicalSize * dpi / 96 pixels, with the DPI stored in the image.
QImage renderChartImage(QChart* chart, const ChartExportOptions& options = {});

/// Writes the chart to `path` in `format`. Returns false (and sets *error) when the file cannot be written.
bool exportChart(QChart* chart, const QString& path, ExportFormat format, const ChartExportOptions& options = {},
    QString* error = nullptr);

/// The format for a file name by suffix (png, svg, pdf); Png when unknown.
ExportFormat exportFormatForPath(const QString& path);

/// Puts the chart on the clipboard as an image (144 DPI).
void copyChartToClipboard(QChart* chart, const ChartExportOptions& options = {});

} // namespace crw
