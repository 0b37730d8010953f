#include "views/BalanceView.h"

#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartView.h"
#include "runs/RunViewPrecompute.h"
#include "views/StaticTableModel.h"

#include <QCategoryAxis>
#include <QChart>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace crw {

namespace {

QTableView* makeSmallTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* t = new QTableView(parent);
    t->setModel(model);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    return t;
}

QVariant orMissing(double x)
{
    return std::isfinite(x) ? QVariant(x) : QVariant(QString());
}

} // namespace

BalanceView::BalanceView(QWidget* parent)
    : QWidget(parent)
    , m_warnings(new QLabel(this))
    , m_overlap(new QLabel(this))
    , m_propChart(new ChartView(
          makeChart(tr("Propensity of being gold-labelled, by source")), QStringLiteral("balance_propensity"), this))
    , m_loveChart(new ChartView(
          makeChart(tr("Balance of query characteristics (love plot)")), QStringLiteral("balance_love_plot"), this))
    , m_countsModel(new StaticTableModel(this))
    , m_smdModel(new StaticTableModel(this))
{
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setMargin(6);
    m_overlap->setObjectName(QStringLiteral("overlapUse"));
    m_overlap->setWordWrap(true);
    m_overlap->setTextFormat(Qt::RichText);
    m_overlap->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_overlap->setMargin(6);
    m_overlap->hide();
    m_countsTable = makeSmallTable(m_countsModel, this);
    m_smdTable = makeSmallTable(m_smdModel, this);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_propChart);
    charts->addWidget(m_loveChart);
    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(m_countsTable);
    tables->addWidget(m_smdTable);
    tables->setSizes({ 600, 400 });
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(tables);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_warnings);
    layout->addWidget(m_overlap);
    layout->addWidget(split, 1);
}

QList<ChartView*> BalanceView::charts() const
{
    return { m_propChart, m_loveChart };
}

QList<NamedTable> BalanceView::tables() const
{
    return { { QStringLiteral("balance_counts"), m_countsModel, m_countsTable },
        { QStringLiteral("balance_smd"), m_smdModel, m_smdTable } };
}

QString BalanceView::warningText() const
{
    return m_stats.warnings.join(QLatin1Char('\n'));
}

QString BalanceView::overlapText() const
{
    return m_overlapLines.join(QLatin1Char('\n'));
}

void BalanceView::showOverlap(const RunRecord& run)
{
    m_overlapLines.clear();
    QString html;
    bool anyLow = false;
    const QLocale l;
    for (auto it = run.diagnostics.overlap.begin(); it != run.diagnostics.overlap.end(); ++it) {
        const OverlapUse& u = it.value();
        const bool low = std::isfinite(u.prefShareUsed) && u.prefShareUsed < kOverlapShareWarning;
        anyLow = anyLow || low;
        QString line = tr("%1 used %2% of the preference rows (%3 of %4 with gold density ≥ %5 × preference "
                          "density); %6% of the gold rows lie inside the overlap region.")
                           .arg(routerDisplayName(it.key()))
                           .arg(l.toString(100.0 * u.prefShareUsed, 'f', 1))
                           .arg(l.toString(u.prefRowsUsed), l.toString(u.prefRows))
                           .arg(l.toString(u.minRatio, 'g', 3))
                           .arg(l.toString(100.0 * u.goldShareInside, 'f', 1));
        if (low)
            line += QLatin1Char(' ')
                + tr("Warning: less than half of the preference labels are used, so this router is close to a "
                     "gold-only router; consider a lower minimum density ratio or more gold labels for the "
                     "uncovered queries.");
        m_overlapLines << line;
        html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
    }
    m_overlap->setVisible(!m_overlapLines.isEmpty());
    if (m_overlapLines.isEmpty())
        return;
    m_overlap->setText(tr("<b>Overlap-restricted Meta-Routers</b><ul style=\"margin-top:2px\">%1</ul>").arg(html));
    m_overlap->setStyleSheet(anyLow
            ? QStringLiteral("QLabel { background: #fff4d6; color: #4a3500; border: 1px solid #e0b040; }")
            : QString());
}

void BalanceView::setRun(const RunRecord& run)
{
    if (run.precomputed) { // computed off the GUI thread when the run was loaded
        m_stats = run.precomputed->balance;
        m_propensityBins = run.precomputed->propensityBins;
    } else {
        m_stats = computeBalance(run);
        m_propensityBins = histogram({ m_stats.propensityGold, m_stats.propensityPref });
    }
    QStringList all = m_stats.warnings;
    for (const QString& w : run.diagnostics.warnings)
        if (!all.contains(w))
            all << tr("Training reported: %1").arg(w);
    if (all.isEmpty()) {
        m_warnings->setText(
            tr("<b>Overlap looks adequate.</b> No positivity warning: the gold and preference rows "
               "cover similar queries, enough gold rows carry weight, and few propensities were clipped."));
        m_warnings->setStyleSheet(QString());
    } else {
        QString html = tr("<b>Positivity warnings</b><ul style=\"margin-top:2px\">");
        for (const QString& w : all)
            html += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
        m_warnings->setText(html + QStringLiteral("</ul>"));
        m_warnings->setStyleSheet(
            QStringLiteral("QLabel { background: #fff4d6; color: #4a3500; border: 1px solid #e0b040; }"));
    }

    showOverlap(run);

    const BalanceStats& s = m_stats;
    QVector<QVector<QVariant>> counts {
        { tr("Training rows"), s.goldCount, s.prefCount, tr("rows of each source used for training") },
        { tr("Effective sample size (estimator)"), orMissing(s.essGold), orMissing(s.essPref),
            tr("(Σw)²/Σw² of the bias learner's weights, from the run diagnostics") },
        { tr("Effective sample size (overlap weights)"), s.essGoldOverlap, s.essPrefOverlap,
            tr("gold weighted by 1−p, preference by p") },
        { tr("Base rate (share of gold)"), orMissing(s.baseRate), QString(), tr("n_gold / (n_gold + n_pref)") },
        { tr("Propensities clipped"), orMissing(s.clippedShare), QString(), tr("share of rows, run diagnostics") },
        { tr("Outside the common support"), orMissing(s.shareOutsideOverlap), QString(),
            tr("share of rows with p outside [%1, %2]").arg(s.overlapLow, 0, 'g', 3).arg(s.overlapHigh, 0, 'g', 3) },
    };
    for (auto it = run.diagnostics.overlap.begin(); it != run.diagnostics.overlap.end(); ++it)
        counts.push_back({ tr("In the overlap region (%1)")
                               .arg(it.key() == QLatin1String("meta_dr_overlap")     ? tr("DR, overlap")
                                       : it.key() == QLatin1String("meta_r_overlap") ? tr("R, overlap")
                                                                                     : it.key()),
            orMissing(it.value().goldShareInside), orMissing(it.value().prefShareUsed),
            tr("preference rows used: gold density ≥ %1 × preference density; gold rows inside: preference "
               "density ≥ %1 × gold density")
                .arg(it.value().minRatio, 0, 'g', 3) });
    m_countsModel->setTable({ tr("Quantity"), tr("Gold"), tr("Preference"), tr("Meaning") }, counts);
    QVector<QVector<QVariant>> rows;
    for (const CovariateBalance& c : s.covariates)
        rows.push_back({ c.name, c.smdRaw, c.smdWeighted });
    m_smdModel->setTable({ tr("Characteristic"), tr("SMD raw"), tr("SMD overlap-weighted") }, rows);
    rebuildPropensityChart();
    rebuildLovePlot();
}

void BalanceView::rebuildPropensityChart()
{
    QChart* chart = m_propChart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    const HistogramBins& bins = m_propensityBins;
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, tr("estimated propensity p(gold | query), out of fold"));
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("density"));
    addHistogram(
        chart, bins, 1, tr("preference rows (%1)").arg(m_stats.propensityPref.size()), seriesColor(1), true, x, y);
    addHistogram(chart, bins, 0, tr("gold rows (%1)").arg(m_stats.propensityGold.size()), seriesColor(0), true, x, y);
    setNiceRange(
        x, std::max(0.0, bins.edge(0) - 0.05 * (bins.edge(bins.bins) - bins.edge(0))), bins.edge(bins.bins), false);
    setNiceRange(y, 0, histogramMax(bins, true), false);
    if (std::isfinite(m_stats.overlapLow) && m_stats.overlapHigh >= m_stats.overlapLow) {
        QPen pen(QColor(90, 90, 90));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        addVerticalLine(chart, m_stats.overlapLow, 0, y->max(), tr("common support"), pen, x, y);
        QLineSeries* hi = addVerticalLine(chart, m_stats.overlapHigh, 0, y->max(), QString(), pen, x, y);
        hideFromLegend(chart, hi);
    }
    applyChartColors(chart, ChartColors::fromPalette(m_propChart->palette()));
    makeLegendInteractive(chart);
}

void BalanceView::rebuildLovePlot()
{
    QChart* chart = m_loveChart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    const auto& cov = m_stats.covariates;
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, tr("standardised mean difference (gold − preference)"));
    auto* y = new QCategoryAxis;
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int n = int(cov.size());
    for (int i = 0; i < n; ++i)
        y->append(cov[n - 1 - i].name.left(28), i);
    y->setRange(-0.7, std::max(0, n - 1) + 0.7);
    y->setGridLineVisible(true);
    chart->addAxis(y, Qt::AlignLeft);
    auto* raw = new QScatterSeries;
    raw->setName(tr("raw"));
    raw->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    raw->setMarkerSize(10);
    raw->setColor(Qt::transparent);
    raw->setBorderColor(seriesColor(5));
    raw->setPen(QPen(seriesColor(5), 2));
    auto* weighted = new QScatterSeries;
    weighted->setName(tr("overlap-weighted"));
    weighted->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    weighted->setMarkerSize(9);
    weighted->setColor(seriesColor(0));
    weighted->setBorderColor(seriesColor(0).darker(130));
    double m = 0.15;
    for (int i = 0; i < n; ++i) {
        const CovariateBalance& c = cov[n - 1 - i];
        raw->append(c.smdRaw, i);
        weighted->append(c.smdWeighted, i);
        m = std::max({ m, std::abs(c.smdRaw), std::abs(c.smdWeighted) });
    }
    setNiceRange(x, -m, m);
    QPen zero(QColor(120, 120, 120));
    QPen limit(QColor(200, 80, 60));
    limit.setStyle(Qt::DashLine);
    for (QLineSeries* line : { new QLineSeries, new QLineSeries, new QLineSeries }) {
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    const auto lines = chart->series();
    const double xs[] = { 0.0, -kSmdWarning, kSmdWarning };
    for (int i = 0; i < 3; ++i) {
        auto* line = static_cast<QLineSeries*>(lines[i]);
        line->append(xs[i], -0.7);
        line->append(xs[i], std::max(0, n - 1) + 0.7);
        line->setPen(i == 0 ? zero : limit);
        line->setName(i == 1 ? tr("±%1").arg(kSmdWarning) : QString());
        if (i != 1)
            hideFromLegend(chart, line);
    }
    for (QScatterSeries* s : { raw, weighted }) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    applyChartColors(chart, ChartColors::fromPalette(m_loveChart->palette()));
    makeLegendInteractive(chart);
}

} // namespace crw
