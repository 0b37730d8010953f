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
#include <algorithm>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalBlocker>
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

// The group's name on the category axis (clusters numbered so that equal names stay apart); the gold and preference
// row counts stand beside each interval in the table, where they are never cut.
QString groupLabel(const TaskBias& b)
{
    return b.id >= 0 ? QStringLiteral("%1: %2").arg(b.id + 1).arg(shortLabel(b.group)) : shortLabel(b.group);
}

QVariant numberOrEmpty(double v)
{
    return std::isfinite(v) ? QVariant(v) : QVariant();
}

QVariant countOrEmpty(int v)
{
    return v >= 0 ? QVariant(v) : QVariant();
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
    , m_clusterModel(new StaticTableModel(this))
    , m_grouping(new QComboBox(this))
{
    m_grouping->addItem(tr("Tasks"), int(Grouping::Tasks));
    m_grouping->addItem(tr("Query clusters"), int(Grouping::Clusters));
    m_grouping->setToolTip(tr("Show the bias per imported task or per k-means query cluster (train --clusters K)"));
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] { showGroups(); });
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

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(new QLabel(tr("Bias per:"), this));
    top->addWidget(m_grouping);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
}

QList<ChartView*> BiasView::charts() const
{
    return { m_taskChart, m_histChart };
}

QList<NamedTable> BiasView::tables() const
{
    QList<NamedTable> t { { QStringLiteral("bias_queries"), m_queryProxy, m_queryTable },
        { QStringLiteral("bias_by_task"), m_taskModel, m_taskTable } };
    if (!m_clusters.isEmpty()) // runs trained with clusters (train --clusters K, default 8)
        t.push_back({ QStringLiteral("bias_by_cluster"), m_clusterModel, m_taskTable });
    return t;
}

void BiasView::setGrouping(Grouping g)
{
    m_grouping->setCurrentIndex(m_grouping->findData(int(g)));
}

BiasView::Grouping BiasView::grouping() const
{
    return Grouping(m_grouping->currentData().toInt());
}

void BiasView::showGroups()
{
    const bool clusters = grouping() == Grouping::Clusters;
    m_taskTable->setModel(clusters ? m_clusterModel : m_taskModel);
    rebuildTaskChart(clusters ? m_clusters : m_tasks,
        clusters ? tr("Preference bias per query cluster") : tr("Preference bias per task"));
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
    m_tasks = run.biasByTask;
    m_clusters = run.clusters;
    auto fill = [this](StaticTableModel* model, const QVector<TaskBias>& groups, const QString& first) {
        QVector<QVector<QVariant>> rows;
        for (const TaskBias& b : groups)
            rows.push_back({ b.id >= 0 ? QStringLiteral("%1: %2").arg(b.id + 1).arg(b.group) : b.group,
                countOrEmpty(b.nGold), countOrEmpty(b.nPreference), b.estimate, numberOrEmpty(b.se),
                b.hasInterval() ? QVariant(b.ciLow) : QVariant(), b.hasInterval() ? QVariant(b.ciHigh) : QVariant(),
                numberOrEmpty(b.meanDeltaHat), numberOrEmpty(b.truth), b.reason });
        model->setTable({ first, tr("Gold rows"), tr("Preference rows"), tr("Bias (AIPW)"), tr("SE"), tr("95% low"),
                            tr("95% high"), tr("Mean Δ̂"), tr("Truth"), tr("No interval because") },
            rows);
    };
    fill(m_taskModel, m_tasks, tr("Task"));
    fill(m_clusterModel, m_clusters, tr("Cluster"));
    // Clusters are offered when the run has them; a run without tasks opens on its clusters.
    m_grouping->setEnabled(!m_clusters.isEmpty());
    const bool noTasks = m_tasks.size() <= 1;
    {
        const QSignalBlocker block(m_grouping);
        if (m_clusters.isEmpty())
            setGrouping(Grouping::Tasks);
        else if (noTasks)
            setGrouping(Grouping::Clusters);
    }
    showGroups();
    rebuildHistogram(run);
}

void BiasView::rebuildTaskChart(const QVector<TaskBias>& groups, const QString& title)
{
    QChart* chart = m_taskChart->chart();
    chart->setTitle(title);
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    const int n = int(groups.size());
    auto* axisX = new QBarCategoryAxis;
    QStringList labels;
    for (const TaskBias& b : groups)
        labels << groupLabel(b);
    axisX->append(labels);
    if (n > 8)
        axisX->setLabelsAngle(-60);
    chart->addAxis(axisX, Qt::AlignBottom);
    QValueAxis* axisY = addValueAxis(chart, Qt::AlignLeft, tr("bias Δ"));

    auto* bars = new QBarSeries;
    auto* set = new QBarSet(tr("estimate (AIPW; gold and preference rows in the table)"));
    QColor barColor = seriesColor(0);
    barColor.setAlpha(170);
    set->setColor(barColor);
    set->setBorderColor(seriesColor(0));
    double lo = 0, hi = 0;
    for (const TaskBias& b : groups) {
        set->append(b.estimate);
        const double md = std::isfinite(b.meanDeltaHat) ? b.meanDeltaHat : 0.0;
        lo = std::min({ lo, b.hasInterval() ? b.ciLow : b.estimate, std::isfinite(b.truth) ? b.truth : 0.0, md });
        hi = std::max({ hi, b.hasInterval() ? b.ciHigh : b.estimate, std::isfinite(b.truth) ? b.truth : 0.0, md });
    }
    bars->append(set);
    bars->setBarWidth(0.6);
    chart->addSeries(bars);
    bars->attachAxis(axisX);
    bars->attachAxis(axisY);

    // 95% whiskers: one polyline per group that has an interval (lower cap, stem, upper cap).
    QPen whiskerPen(QColor(40, 40, 40));
    whiskerPen.setWidthF(1.6);
    bool first = true;
    for (int i = 0; i < n; ++i) {
        const TaskBias& b = groups[i];
        if (!b.hasInterval())
            continue;
        const double l = b.ciLow, h = b.ciHigh, w = 0.12;
        auto* s = new QLineSeries;
        s->setName(tr("95% interval"));
        s->append({ QPointF(i - w, l), QPointF(i + w, l), QPointF(i, l), QPointF(i, h), QPointF(i - w, h),
            QPointF(i + w, h) });
        s->setPen(whiskerPen);
        chart->addSeries(s);
        s->attachAxis(axisX);
        s->attachAxis(axisY);
        if (!first)
            hideFromLegend(chart, s);
        first = false;
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
        if (std::isfinite(groups[i].meanDeltaHat))
            mean->append(i, groups[i].meanDeltaHat);
        if (std::isfinite(groups[i].truth))
            truth->append(i, groups[i].truth);
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
