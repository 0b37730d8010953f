// Rendering and export: PNG/SVG/PDF files, PNG size scales with DPI, light theme forced, export all, headless export,
// keyboard zoom/pan/reset, decimation in a live chart, and screenshots of every view (/tmp/views_*.png).
#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartExport.h"
#include "charts/ChartView.h"
#include "helpers/SyntheticRun.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "views/BalanceView.h"
#include "views/BiasView.h"
#include "views/CostQualityView.h"
#include "views/QueryBiasModel.h"
#include "views/RunViewsWidget.h"
#include "views/StaticTableModel.h"
#include "views/ThresholdControl.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QComboBox>
#include <QChart>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QPalette>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>
#include <cmath>

using namespace crw;
using namespace crw::test;

namespace {

/// Share of pixels that are not (near) white: an empty chart is almost all background.
double inkShare(const QImage& img)
{
    qint64 ink = 0;
    const QImage im = img.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < im.height(); y += 2)
        for (int x = 0; x < im.width(); x += 2) {
            const QRgb p = im.pixel(x, y);
            if (qRed(p) < 235 || qGreen(p) < 235 || qBlue(p) < 235)
                ++ink;
        }
    return double(ink) / (double(im.width() / 2) * double(im.height() / 2));
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(40, 40, 40));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    return p;
}

} // namespace

class TstViewsRender : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    SyntheticRun m_fix;

private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath("r.crw");
        m_fix = writeSyntheticRun(m_path);
    }

    void screenshotsOfEveryView()
    {
        RunViewsWidget w;
        w.resize(1500, 950);
        QVERIFY(w.showRun(m_path, m_fix.runId));
        w.thresholdControl()->spinBox()->setValue(0.35);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList names { "bias", "balance", "costquality", "uncertainty", "gold_suggestions" };
        QCOMPARE(w.tabs()->count(), names.size());
        for (int i = 0; i < w.tabs()->count(); ++i) {
            w.tabs()->setCurrentIndex(i);
            QCoreApplication::processEvents();
            const QImage shot = w.grab().toImage();
            const QString path = QStringLiteral("/tmp/views_%1.png").arg(names[i]);
            QVERIFY(shot.save(path));
            // The fixture has no bootstrap run: its Uncertainty tab is one message, its suggestion list empty.
            if (i < 3)
                QVERIFY(inkShare(shot) > 0.05);
        }
        // And every chart as exported (light theme), for a look at the export sinks.
        for (ChartView* c : w.allCharts()) {
            ChartExportOptions o;
            o.dpi = 96;
            const QImage img = renderChartImage(c->chart(), o);
            QVERIFY(img.save(QStringLiteral("/tmp/views_chart_%1.png").arg(c->exportName())));
            QVERIFY2(inkShare(img) > 0.04, qPrintable(c->exportName())); // not an empty chart
        }
    }

    void viewsShowTheRunsContent()
    {
        const RunRecord run = RunStore::load(m_path, m_fix.runId);
        BiasView b;
        b.setRun(run);
        QCOMPARE(b.queryModel()->rowCount(), 300);
        QCOMPARE(b.taskModel()->rowCount(), 5);
        // Bars + 5 whiskers + mean + truth series on the task chart.
        QCOMPARE(b.taskChart()->chart()->series().size(), 1 + 5 + 2);
        BalanceView bal;
        bal.setRun(run);
        QCOMPARE(bal.stats().goldCount, 60);
        QCOMPARE(bal.stats().prefCount, 300);
        QCOMPARE(bal.smdModel()->rowCount(), 6); // log length + 5 tasks
        QVERIFY(bal.stats().covariates[0].smdRaw > 0.2); // fixture: gold queries are longer
        CostQualityView cq;
        cq.setRun(run);
        // The Pareto frontier is monotone: costlier points are strictly better.
        const QList<QPointF> f = cq.frontierPoints();
        QVERIFY(f.size() >= 2);
        for (int i = 1; i < f.size(); ++i) {
            QVERIFY(f[i].x() > f[i - 1].x());
            QVERIFY(f[i].y() > f[i - 1].y());
        }
        // Every router point lies on or below the frontier's step envelope.
        for (const RouterCurves& c : run.routers)
            for (int i = 0; i < c.costQuality.share.size(); ++i) {
                const double x = 1000 * c.costQuality.costPerQuery[i], y = c.costQuality.quality[i];
                double best = -1;
                for (const QPointF& p : f)
                    if (p.x() <= x + 1e-12)
                        best = std::max(best, p.y());
                QVERIFY(y <= best + 1e-12);
            }
    }

    void biasViewOffersClustersNextToTasks()
    {
        // A run with one task and three clusters, one of them with too few gold rows for an interval.
        RunRecord run = RunStore::load(m_path, m_fix.runId);
        run.biasByTask.resize(1);
        run.clusters.clear();
        for (int c = 0; c < 3; ++c) {
            TaskBias b;
            b.id = c;
            b.group = QStringLiteral("term%1, other").arg(c);
            b.nGold = c == 2 ? 4 : 20 + c;
            b.nPreference = 100 + c;
            b.rows = b.nGold + b.nPreference;
            b.estimate = 0.1 * c;
            b.se = 0.05;
            if (c != 2) {
                b.ciLow = b.estimate - 0.1;
                b.ciHigh = b.estimate + 0.1;
            } else {
                b.reason = QStringLiteral("4 gold rows, fewer than the 10 an interval needs");
            }
            b.meanDeltaHat = b.estimate;
            run.clusters.push_back(b);
        }
        BiasView v;
        v.setRun(run);
        // One task only: the view opens on the clusters.
        QVERIFY(v.groupingBox()->isEnabled());
        QCOMPARE(v.grouping(), BiasView::Grouping::Clusters);
        QCOMPARE(v.taskModel()->rowCount(), 3);
        QCOMPARE(v.taskChart()->chart()->title(), QStringLiteral("Preference bias per query cluster"));
        // Bars + 2 whiskers (the third cluster has none) + mean + truth.
        QCOMPARE(v.taskChart()->chart()->series().size(), 1 + 2 + 2);
        // n_gold / n_preference beside each interval, the reason where there is none.
        QCOMPARE(v.taskModel()->index(0, 1).data().toInt(), 20);
        QCOMPARE(v.taskModel()->index(0, 2).data().toInt(), 100);
        QVERIFY(v.taskModel()->index(2, 5).data().toString().isEmpty());
        QVERIFY(!v.taskModel()->index(1, 5).data().toString().isEmpty());
        QVERIFY(v.taskModel()->index(2, 9).data().toString().contains(QLatin1String("4 gold rows")));
        auto* axis = qobject_cast<QBarCategoryAxis*>(v.taskChart()->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(axis);
        QCOMPARE(axis->categories().value(2), QStringLiteral("3: term2, other")); // the counts are in the table
        // The selector switches back to tasks.
        v.groupingBox()->setCurrentIndex(0);
        QTRY_COMPARE(v.taskModel()->rowCount(), 1);
        QCOMPARE(v.taskChart()->chart()->title(), QStringLiteral("Preference bias per task"));
        // Both group tables are exportable.
        QStringList names;
        for (const NamedTable& t : v.tables())
            names << t.name;
        QVERIFY(names.contains(QStringLiteral("bias_by_cluster")));
        // A run without clusters: tasks only, the selector disabled.
        run.clusters.clear();
        v.setRun(run);
        QVERIFY(!v.groupingBox()->isEnabled());
        QCOMPARE(v.grouping(), BiasView::Grouping::Tasks);
    }

    void exportsProduceFilesAndPngScalesWithDpi()
    {
        BiasView b;
        b.setRun(RunStore::load(m_path, m_fix.runId));
        QChart* chart = b.taskChart()->chart();
        QTemporaryDir d;
        ChartExportOptions o;
        o.logicalSize = QSizeF(600, 400);
        o.dpi = 96;
        QVERIFY(exportChart(chart, d.filePath("a.png"), ExportFormat::Png, o));
        o.dpi = 192;
        QVERIFY(exportChart(chart, d.filePath("b.png"), ExportFormat::Png, o));
        const QImage a(d.filePath("a.png")), b2(d.filePath("b.png"));
        QCOMPARE(a.size(), QSize(600, 400));
        QCOMPARE(b2.size(), QSize(1200, 800));
        QCOMPARE(qRound(b2.dotsPerMeterX() * 0.0254), 192);
        QVERIFY(QFileInfo(d.filePath("b.png")).size() > QFileInfo(d.filePath("a.png")).size());
        QVERIFY(exportChart(chart, d.filePath("c.svg"), exportFormatForPath("c.svg"), o));
        QVERIFY(exportChart(chart, d.filePath("c.pdf"), exportFormatForPath("c.pdf"), o));
        QFile svg(d.filePath("c.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray s = svg.readAll();
        QVERIFY(s.contains("<svg"));
        QVERIFY(s.contains("Preference bias per task")); // text stays text in the vector file
        QFile pdf(d.filePath("c.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(pdf.size() > 1000);
        QString error;
        QVERIFY(!exportChart(chart, d.filePath("missing/dir/x.png"), ExportFormat::Png, o, &error));
        QVERIFY(!error.isEmpty());
        // The chart on screen keeps its geometry after an export.
        b.resize(1000, 700);
        b.show();
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        const QRectF before = chart->geometry();
        exportChart(chart, d.filePath("again.png"), ExportFormat::Png, o);
        QCOMPARE(chart->geometry(), before);
    }

    void exportForcesLightThemeInDarkMode()
    {
        BiasView b;
        b.setPalette(darkPalette());
        b.setRun(RunStore::load(m_path, m_fix.runId));
        QChart* chart = b.histogramChart()->chart();
        QVERIFY(chart->backgroundBrush().color().lightnessF() < 0.3); // dark on screen
        ChartExportOptions o;
        o.logicalSize = QSizeF(500, 300);
        const QImage img = renderChartImage(chart, o);
        const QRgb corner = img.pixel(3, 3);
        QVERIFY(qRed(corner) > 245 && qGreen(corner) > 245 && qBlue(corner) > 245); // white in the file
        QVERIFY(chart->backgroundBrush().color().lightnessF() < 0.3); // and dark again on screen
        o.forceLightTheme = false;
        const QImage darkImg = renderChartImage(chart, o);
        QVERIFY(qRed(darkImg.pixel(3, 3)) < 80);
    }

    void copyChartToClipboardGivesAnImage()
    {
        BiasView b;
        b.setRun(RunStore::load(m_path, m_fix.runId));
        ChartExportOptions o;
        o.logicalSize = QSizeF(400, 300);
        copyChartToClipboard(b.taskChart()->chart(), o);
        const QImage img = QApplication::clipboard()->image();
        QCOMPARE(img.size(), QSize(600, 450)); // 144 DPI
    }

    void exportAllWritesEveryChartAndTable()
    {
        RunViewsWidget w;
        QVERIFY(w.showRun(m_path, m_fix.runId));
        QTemporaryDir d;
        ChartExportOptions o;
        QString error;
        const QStringList files = w.exportAll(d.filePath("all"), o, true, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 6 * 3 + 5); // 6 charts x (png, svg, pdf) + 5 tables
        for (const QString& f : files)
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
        QVERIFY(files.contains(d.filePath("all/cost_quality.svg")));
        QFile csv(d.filePath("all/bias_queries.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        int lines = 0;
        bool inQuote = false;
        for (char ch : csv.readAll()) {
            if (ch == '"')
                inQuote = !inQuote;
            if (ch == '\n' && !inQuote)
                ++lines;
        }
        QCOMPARE(lines, 301); // header + 300 preference rows (multi-line texts quoted)
    }

    void headlessExportAllViews()
    {
        QTemporaryDir d;
        const QStringList files = RunViewsWidget::exportAllViews(m_path, m_fix.runId, d.filePath("out"), 96);
        QCOMPARE(files.size(), 6 * 2 + 5);
        const QImage png(d.filePath("out/efficiency_gain.png"));
        QCOMPARE(png.size(), QSize(900, 560));
        QVERIFY(inkShare(png) > 0.04);
        QVERIFY_THROWS_EXCEPTION(std::exception, RunViewsWidget::exportAllViews(m_path, 999, d.filePath("x")));
    }

    void keyboardZoomPanReset()
    {
        auto* chart = makeChart("zoom");
        QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, "x");
        QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, "y");
        auto* s = new QLineSeries;
        addSeries(chart, s, x, y);
        x->setRange(0, 100);
        y->setRange(0, 10);
        ChartView v(chart, "zoom");
        v.resize(600, 400);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QTest::keyClick(&v, Qt::Key_Plus);
        QVERIFY(x->max() - x->min() < 100 * 0.9);
        const double width = x->max() - x->min();
        const double left = x->min();
        QTest::keyClick(&v, Qt::Key_Right);
        QVERIFY(x->min() > left);
        QVERIFY(std::abs((x->max() - x->min()) - width) < 1e-6);
        QTest::keyClick(&v, Qt::Key_Minus);
        QVERIFY(x->max() - x->min() > width);
        QTest::keyClick(&v, Qt::Key_Home);
        QCOMPARE(x->min(), 0.0);
        QCOMPARE(x->max(), 100.0);
        QTest::keyClick(&v, Qt::Key_Up);
        QVERIFY(y->min() > 0);
        QTest::keyClick(&v, Qt::Key_0);
        QCOMPARE(y->min(), 0.0);
    }

    void longSeriesAreDecimatedAndRefinedOnZoom()
    {
        auto* chart = makeChart("1e5 points");
        QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, "x");
        QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, "y");
        auto* s = new QLineSeries;
        addSeries(chart, s, x, y);
        ChartView v(chart, "long");
        v.resize(800, 500);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QList<QPointF> pts;
        for (int i = 0; i < 100000; ++i)
            pts << QPointF(i, std::sin(i * 0.01));
        x->setRange(0, 99999);
        y->setRange(-1.1, 1.1);
        v.setDecimatedData(s, x, pts);
        const int columns = int(chart->plotArea().width());
        QVERIFY(v.shownPointCount(s) <= 2 * std::max(50, columns) + 2);
        QVERIFY(v.shownPointCount(s) > 100);
        x->setRange(1000, 1100); // zoomed in: every point of the range is shown
        QCOMPARE(v.shownPointCount(s), 101 + 2);
        const QImage img = v.grab().toImage();
        img.save("/tmp/views_decimated_zoom.png");
        QVERIFY(inkShare(img) > 0.01);
    }
};

QTEST_MAIN(TstViewsRender)
#include "tst_views_render.moc"
