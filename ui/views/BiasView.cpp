#include "views/BiasView.h"

#include "runs/RunViewPrecompute.h"

#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartView.h"
#include "metrics/HistogramBins.h"
#include "runs/RunRecord.h"
#include "views/QueryBiasModel.h"
#include "views/StaticTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace crw {

namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* t = new QTableView(parent);
    t->setModel(model);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed); // no per-row size hints at 10^5 rows
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->horizontalHeader()->setHighlightSections(false);
    t->setWordWrap(false);
    return t;
}

QString shortLabel(const QString& s)
{
    return s.size() > 18 ? s.left(16) + QStringLiteral("…") : s;
}

} // namespace

namespace {
// Filters only; sorting is done by the source model (QueryBiasModel::sort compares its rows directly), which is much
// faster at 10^5 rows than the proxy's own sort with one QVariant per comparison, and is skipped when the rows are in
// that order already.
class SourceSortingProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void sort(int column, Qt::SortOrder order) override { sourceModel()->sort(column, order); }
};
}

BiasView::BiasView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_taskChart(new ChartView(makeChart(tr("Preference bias per task")), QStringLiteral("bias_by_task"), this))
    , m_histChart(
          new ChartView(makeChart(tr("Distribution of the estimated bias")), QStringLiteral("bias_histogram"), this))
    , m_queryModel(new QueryBiasModel(this))
    , m_queryProxy(new SourceSortingProxy(this))
    , m_filter(new QLineEdit(this))
    , m_taskModel(new StaticTableModel(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_queryProxy->setSourceModel(m_queryModel);
    m_queryProxy->setFilterKeyColumn(-1);
    m_queryProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_queryProxy->setSortRole(Qt::UserRole);
    m_queryTable = makeTable(m_queryProxy, this);
    m_queryTable->setSortingEnabled(true);
    m_queryTable->sortByColumn(QueryBiasModel::DeltaHat, Qt::DescendingOrder);
    m_queryTable->horizontalHeader()->setStretchLastSection(false);
    m_queryTable->horizontalHeader()->setSectionResizeMode(QueryBiasModel::Text, QHeaderView::Stretch);
    m_queryTable->setToolTip(tr("Preference rows ranked by their estimated bias; Ctrl+C copies the selection"));
    m_filter->setPlaceholderText(tr("Filter queries by text or task…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_queryProxy, &QSortFilterProxyModel::setFilterFixedString);
    m_taskTable = makeTable(m_taskModel, this);
    m_taskTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_taskChart);
    charts->addWidget(m_histChart);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);

    auto* queries = new QWidget(this);
    auto* ql = new QVBoxLayout(queries);
    ql->setContentsMargins(0, 0, 0, 0);
    ql->addWidget(m_filter);
    ql->addWidget(m_queryTable);
    auto* tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(queries);
    tables->addWidget(m_taskTable);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(tables);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({ 550, 350 });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
}

QList<ChartView*> BiasView::charts() const
{
    return { m_taskChart, m_histChart };
}

QList<NamedTable> BiasView::tables() const
{
    return { { QStringLiteral("bias_queries"), m_queryProxy, m_queryTable },
        { QStringLiteral("bias_by_task"), m_taskModel, m_taskTable } };
}

void BiasView::setRun(const RunRecord& run)
{
    QString text = tr("<b>Preference bias Δ(q)</b>: how much the preference labels overstate the primary model's gain "
                      "on query q (positive = preference labels too optimistic). Bias learner: <b>%1</b>.")
                       .arg(run.biasLearner.isEmpty() ? tr("none") : run.biasLearner.toUpper());
    if (std::isfinite(run.deltaRmse))
        text += tr(" RMSE of Δ̂ against the simulated truth: <b>%1</b> (spread of the truth: %2).")
                    .arg(run.deltaRmse, 0, 'f', 3)
                    .arg(run.deltaTruthSd, 0, 'f', 3);
    m_summary->setText(text);
    m_queryModel->setRun(run);
    m_queryTable->sortByColumn(QueryBiasModel::DeltaHat, Qt::DescendingOrder);
    QVector<QVector<QVariant>> rows;
    for (const TaskBias& b : run.biasByTask)
        rows.push_back({ b.group, b.rows, b.estimate, b.se, b.estimate - 1.96 * b.se, b.estimate + 1.96 * b.se,
            b.meanDeltaHat, b.truth });
    m_taskModel->setTable(
        { tr("Task"), tr("Rows"), tr("Bias (DR)"), tr("SE"), tr("95% low"), tr("95% high"), tr("Mean Δ̂"), tr("Truth") },
        rows);
    rebuildTaskChart(run);
    rebuildHistogram(run);
}

void BiasView::rebuildTaskChart(const RunRecord& run)
{
    QChart* chart = m_taskChart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    const int n = int(run.biasByTask.size());
    auto* axisX = new QBarCategoryAxis;
    QStringList labels;
    for (const TaskBias& b : run.biasByTask)
        labels << shortLabel(b.group);
    axisX->append(labels);
    if (n > 8)
        axisX->setLabelsAngle(-60);
    chart->addAxis(axisX, Qt::AlignBottom);
    QValueAxis* axisY = addValueAxis(chart, Qt::AlignLeft, tr("bias Δ"));

    auto* bars = new QBarSeries;
    auto* set = new QBarSet(tr("estimate (DR pseudo-outcomes)"));
    QColor barColor = seriesColor(0);
    barColor.setAlpha(170);
    set->setColor(barColor);
    set->setBorderColor(seriesColor(0));
    double lo = 0, hi = 0;
    for (const TaskBias& b : run.biasByTask) {
        set->append(b.estimate);
        lo = std::min({ lo, b.estimate - 1.96 * b.se, std::isfinite(b.truth) ? b.truth : 0.0, b.meanDeltaHat });
        hi = std::max({ hi, b.estimate + 1.96 * b.se, std::isfinite(b.truth) ? b.truth : 0.0, b.meanDeltaHat });
    }
    bars->append(set);
    bars->setBarWidth(0.6);
    chart->addSeries(bars);
    bars->attachAxis(axisX);
    bars->attachAxis(axisY);

    // 95% whiskers: one polyline per task (lower cap, stem, upper cap).
    QPen whiskerPen(QColor(40, 40, 40));
    whiskerPen.setWidthF(1.6);
    for (int i = 0; i < n; ++i) {
        const TaskBias& b = run.biasByTask[i];
        const double l = b.estimate - 1.96 * b.se, h = b.estimate + 1.96 * b.se, w = 0.12;
        auto* s = new QLineSeries;
        s->setName(tr("95% interval"));
        s->append({ QPointF(i - w, l), QPointF(i + w, l), QPointF(i, l), QPointF(i, h), QPointF(i - w, h),
            QPointF(i + w, h) });
        s->setPen(whiskerPen);
        chart->addSeries(s);
        s->attachAxis(axisX);
        s->attachAxis(axisY);
        if (i > 0)
            hideFromLegend(chart, s);
    }
    auto* mean = new QScatterSeries;
    mean->setName(tr("mean Δ̂ (smoothed)"));
    mean->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    mean->setMarkerSize(8);
    mean->setColor(seriesColor(1));
    mean->setBorderColor(seriesColor(1).darker(130));
    auto* truth = new QScatterSeries;
    truth->setName(tr("true Δ (simulated)"));
    truth->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    truth->setMarkerSize(11);
    truth->setColor(seriesColor(5));
    truth->setBorderColor(Qt::black);
    for (int i = 0; i < n; ++i) {
        mean->append(i, run.biasByTask[i].meanDeltaHat);
        if (std::isfinite(run.biasByTask[i].truth))
            truth->append(i, run.biasByTask[i].truth);
    }
    for (QScatterSeries* s : { mean, truth }) {
        chart->addSeries(s);
        s->attachAxis(axisX);
        s->attachAxis(axisY);
    }
    if (truth->count() == 0)
        hideFromLegend(chart, truth);
    setNiceRange(axisY, lo, hi);
    axisX->setRange(labels.value(0), labels.value(n - 1));
    applyChartColors(chart, ChartColors::fromPalette(m_taskChart->palette()));
    makeLegendInteractive(chart);
}

void BiasView::rebuildHistogram(const RunRecord& run)
{
    QChart* chart = m_histChart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    HistogramBins bins;
    int estimates = 0, truths = 0;
    if (run.precomputed) { // binned off the GUI thread when the run was loaded
        bins = run.precomputed->biasBins;
        estimates = run.precomputed->biasEstimates;
        truths = run.precomputed->biasTruths;
    } else {
        const QVector<QVector<double>> samples = biasHistogramSamples(run);
        estimates = int(samples[0].size());
        truths = samples.size() > 1 ? int(samples[1].size()) : 0;
        bins = histogram(samples);
    }
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, tr("Δ̂ per preference row (%1 rows)").arg(estimates));
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("rows"));
    addHistogram(chart, bins, 0, tr("estimated Δ̂"), seriesColor(0), false, x, y);
    if (truths > 0)
        addHistogram(chart, bins, 1, tr("true Δ (simulated)"), seriesColor(5), false, x, y);
    const double top = histogramMax(bins, false);
    setNiceRange(x, bins.edge(0), bins.edge(bins.bins));
    setNiceRange(y, 0, top, false);
    QPen zero(QColor(120, 120, 120));
    zero.setStyle(Qt::DashLine);
    if (bins.edge(0) < 0 && bins.edge(bins.bins) > 0)
        addVerticalLine(chart, 0, 0, y->max(), QString(), zero, x, y);
    applyChartColors(chart, ChartColors::fromPalette(m_histChart->palette()));
    makeLegendInteractive(chart);
}

} // namespace crw
