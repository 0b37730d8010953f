#include "charts/ChartExport.h"

#include "charts/ChartColors.h"

#include <QApplication>
#include <QChart>
#include <QClipboard>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>
#include <memory>

namespace crw {

namespace {

/// The palette the chart shows on screen: its view's palette if it has one, else the application's.
QPalette screenPalette(QChart* chart)
{
    if (chart->scene())
        for (QGraphicsView* v : chart->scene()->views())
            return v->palette();
    return QApplication::palette();
}

} // namespace

void paintChart(QChart* chart, QPainter* painter, const QRectF& target, const ChartExportOptions& options)
{
    std::unique_ptr<QGraphicsScene> ownScene;
    if (!chart->scene()) {
        ownScene = std::make_unique<QGraphicsScene>();
        ownScene->addItem(chart);
    }
    const QRectF oldGeometry = chart->geometry();
    if (options.forceLightTheme)
        applyChartColors(chart, ChartColors::light());
    chart->setGeometry(QRectF(QPointF(0, 0), options.logicalSize));
    if (chart->layout())
        chart->layout()->activate();
    const QRectF source(chart->mapToScene(QPointF(0, 0)), options.logicalSize);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    chart->scene()->render(painter, target, source, Qt::IgnoreAspectRatio);
    painter->restore();
    if (ownScene) {
        ownScene->removeItem(chart);
    } else {
        chart->setGeometry(oldGeometry);
        if (chart->layout())
            chart->layout()->activate();
    }
    if (options.forceLightTheme)
        applyChartColors(chart, ChartColors::fromPalette(screenPalette(chart)));
}

QImage renderChartImage(QChart* chart, const ChartExportOptions& options)
{
    const double scale = options.dpi / 96.0;
    const QSize pixels = (options.logicalSize * scale).toSize();
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    const int dotsPerMeter = qRound(options.dpi / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    QPainter p(&image);
    paintChart(chart, &p, QRectF(QPointF(0, 0), QSizeF(pixels)), options);
    p.end();
    return image;
}

ExportFormat exportFormatForPath(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    return s == "svg" ? ExportFormat::Svg : s == "pdf" ? ExportFormat::Pdf : ExportFormat::Png;
}

bool exportChart(
    QChart* chart, const QString& path, ExportFormat format, const ChartExportOptions& options, QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    switch (format) {
    case ExportFormat::Png: {
        const QImage image = renderChartImage(chart, options);
        if (!image.save(path, "PNG"))
            return fail(QStringLiteral("cannot write %1").arg(path));
        return true;
    }
    case ExportFormat::Svg: {
        QSvgGenerator gen;
        gen.setFileName(path);
        gen.setSize(options.logicalSize.toSize());
        gen.setViewBox(QRectF(QPointF(0, 0), options.logicalSize));
        gen.setResolution(96);
        gen.setTitle(chart->title());
        gen.setDescription(QStringLiteral("Causal Router Workbench chart"));
        QPainter p;
        if (!p.begin(&gen))
            return fail(QStringLiteral("cannot write %1").arg(path));
        paintChart(chart, &p, QRectF(QPointF(0, 0), options.logicalSize), options);
        p.end();
        return QFileInfo(path).size() > 0 ? true : fail(QStringLiteral("cannot write %1").arg(path));
    }
    case ExportFormat::Pdf: {
        QPdfWriter writer(path);
        const QSizeF points = options.logicalSize * (72.0 / 96.0);
        writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(300);
        writer.setTitle(chart->title());
        writer.setCreator(QStringLiteral("Causal Router Workbench"));
        QPainter p;
        if (!p.begin(&writer))
            return fail(QStringLiteral("cannot write %1").arg(path));
        paintChart(chart, &p, QRectF(0, 0, writer.width(), writer.height()), options);
        p.end();
        return QFileInfo(path).size() > 0 ? true : fail(QStringLiteral("cannot write %1").arg(path));
    }
    }
    return fail(QStringLiteral("unknown format"));
}

void copyChartToClipboard(QChart* chart, const ChartExportOptions& options)
{
    ChartExportOptions o = options;
    o.dpi = 144;
    QApplication::clipboard()->setImage(renderChartImage(chart, o));
}

} // namespace crw
