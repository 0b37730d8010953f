#include "views/PoolView.h"

#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartView.h"
#include "runs/RunRecord.h"
#include "views/PoolPointCommand.h"
#include "views/StaticTableModel.h"

#include <QChart>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

namespace crw {

namespace {

QString costAxisTitle(const PoolRun& p)
{
    return p.costUnit == QLatin1String("usd") ? QObject::tr("USD per 1,000 queries")
                                               : QObject::tr("calls to a non-reference model per 1,000 queries");
}

QList<QPointF> points(const QJsonValue& v)
{
    QList<QPointF> out;
    for (const QJsonValue& p : v.toArray())
        out << QPointF(1000.0 * p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble());
    return out;
}

} // namespace

PoolView::PoolView(QWidget* parent)
    : QWidget(parent)
    , m_frontierChart(new ChartView(makeChart(tr("Cost and quality of the pool router")), QStringLiteral("pool_frontier"), this))
    , m_collapseChart(new ChartView(makeChart(tr("Routing collapse: traffic to the most expensive model")),
          QStringLiteral("pool_routing_collapse"), this))
    , m_note(new QLabel(this))
    , m_readout(new QLabel(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_export(new QPushButton(tr("Export pool router…"), this))
    , m_shareModel(new StaticTableModel(this))
    , m_shareTable(new QTableView(this))
{
    m_note->setWordWrap(true);
    m_readout->setWordWrap(true);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_slider->setObjectName(QStringLiteral("poolPointSlider"));
    m_slider->setToolTip(tr("Budget: move right to allow more expensive models (the router's cost weight falls)"));
    m_shareTable->setModel(m_shareModel);
    m_shareTable->verticalHeader()->hide();
    m_shareTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_syncing)
            setPointIndex(v);
    });
    connect(m_export, &QPushButton::clicked, this, &PoolView::exportRouterRequested);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_frontierChart);
    charts->addWidget(m_collapseChart);
    charts->setSizes({ 700, 500 });
    auto* point = new QWidget(this);
    auto* pl = new QVBoxLayout(point);
    pl->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Budget:"), point));
    row->addWidget(m_slider, 1);
    pl->addLayout(row);
    pl->addWidget(m_readout);
    pl->addWidget(m_export, 0, Qt::AlignLeft);
    pl->addStretch(1);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(point);
    bottom->addWidget(m_shareTable);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({ 750, 250 });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(split, 1);
}

QList<ChartView*> PoolView::charts() const
{
    return { m_frontierChart, m_collapseChart };
}

QList<NamedTable> PoolView::tables() const
{
    return { { QStringLiteral("pool_traffic_share"), m_shareModel, m_shareTable } };
}

void PoolView::setRun(const RunRecord& run)
{
    m_pool = PoolRun::fromSummaryJson(run.summary);
    m_sweep = poolSweep(m_pool);
    // Ascending in cost (the slider is a budget), the cheaper point first among equal costs.
    std::stable_sort(m_sweep.begin(), m_sweep.end(),
        [](const PoolPoint& a, const PoolPoint& b) { return a.costPer1000 < b.costPer1000; });
    if (m_undo)
        m_undo->clear();
    if (m_pool.isEmpty() || m_pool.testQueries() == 0)
        m_note->setText(tr("This run holds no pool router with held-out test queries."));
    else if (m_pool.costUnit != QLatin1String("usd"))
        m_note->setText(tr("No price for %1: costs are in calls to a non-reference model. Import prices for USD.")
                            .arg(m_pool.unpriced.join(tr(", "))));
    else
        m_note->setText(tr("Pool of %1 models, reference %2, %3 held-out test queries; costs in USD.")
                            .arg(m_pool.models.size())
                            .arg(m_pool.reference)
                            .arg(m_pool.testQueries()));
    rebuild();
    // Start where the stored router's weight puts it (w = 0 for a pool trained in the GUI: the best quality).
    int start = int(m_sweep.size()) - 1;
    for (int i = 0; i < m_sweep.size(); ++i)
        if (std::abs(m_sweep[i].w - m_pool.costWeight) < std::abs(m_sweep[start].w - m_pool.costWeight))
            start = i;
    m_syncing = true;
    m_slider->setRange(0, std::max(0, int(m_sweep.size()) - 1));
    m_syncing = false;
    showPoint(m_sweep.isEmpty() ? -1 : start);
}

void PoolView::rebuild()
{
    const PoolRun& p = m_pool;
    const QString costTitle = costAxisTitle(p);
    // Frontier.
    QChart* chart = m_frontierChart->chart();
    clearChart(chart);
    m_frontierMarker = nullptr;
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, costTitle);
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("mean quality on the test queries"));
    QList<QPointF> all;
    auto line = [&](const QList<QPointF>& pts, const QString& name, const QColor& c, double width, Qt::PenStyle style) {
        auto* s = new QLineSeries;
        s->setName(name);
        QPen pen(c);
        pen.setWidthF(width);
        pen.setStyle(style);
        s->setPen(pen);
        s->append(pts);
        addSeries(chart, s, x, y);
        all << pts;
        return s;
    };
    const QJsonObject f = p.frontier;
    line(points(f["random_frontier"]), tr("random mixtures"), QColor(130, 130, 130), 1.5, Qt::DotLine);
    for (int q = 0; q < p.modelOf.size(); ++q)
        line(pairwiseCurve(p, q), tr("pair %1 vs %2").arg(p.models.value(p.modelOf[q]), p.reference), seriesColor(q + 1),
            1.4, Qt::DashLine);
    auto* pts = new QScatterSeries;
    pts->setName(tr("pool router (each cost weight)"));
    pts->setMarkerSize(6);
    pts->setColor(seriesColor(0));
    for (const PoolPoint& pp : m_sweep)
        pts->append(pp.costPer1000, pp.quality), all << QPointF(pp.costPer1000, pp.quality);
    addSeries(chart, pts, x, y);
    line(points(f["router_hull"]), tr("pool router frontier"), seriesColor(0), 3.0, Qt::SolidLine);
    for (int m = 0; m < p.models.size(); ++m) {
        auto* s = new QScatterSeries;
        const QJsonObject sm = f["single_models"].toArray().at(m).toObject();
        s->setName(tr("only %1").arg(p.models[m]));
        s->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        s->setMarkerSize(12);
        s->setColor(seriesColor(m + 1));
        s->setBorderColor(Qt::black);
        const QPointF pt(1000.0 * sm["cost"].toDouble(), sm["quality"].toDouble());
        s->append(pt);
        all << pt;
        addSeries(chart, s, x, y);
    }
    m_frontierMarker = new QScatterSeries;
    m_frontierMarker->setName(tr("operating point"));
    m_frontierMarker->setMarkerSize(18);
    m_frontierMarker->setColor(QColor(255, 255, 255, 0));
    m_frontierMarker->setPen(QPen(QColor(200, 30, 30), 3));
    addSeries(chart, m_frontierMarker, x, y);
    double xHi = 0, yLo = 1e300, yHi = -1e300;
    for (const QPointF& pt : all) {
        xHi = std::max(xHi, pt.x());
        yLo = std::min(yLo, pt.y());
        yHi = std::max(yHi, pt.y());
    }
    setNiceRange(x, 0, all.isEmpty() ? 1 : xHi, false);
    setNiceRange(y, all.isEmpty() ? 0 : yLo, all.isEmpty() ? 1 : yHi);
    chart->legend()->setAlignment(Qt::AlignRight);
    applyChartColors(chart, ChartColors::fromPalette(m_frontierChart->palette()));
    makeLegendInteractive(chart);

    // Routing collapse.
    QChart* cc = m_collapseChart->chart();
    clearChart(cc);
    m_collapseMarker = nullptr;
    const int top = mostExpensiveModel(p);
    QValueAxis* cx = addValueAxis(cc, Qt::AlignBottom, tr("budget: %1").arg(costTitle));
    QValueAxis* cy = addValueAxis(cc, Qt::AlignLeft, tr("share of traffic to %1").arg(top >= 0 ? p.models[top] : tr("it")));
    auto* collapse = new QLineSeries;
    collapse->setName(tr("pool router"));
    QPen cp(seriesColor(0));
    cp.setWidthF(2.5);
    collapse->setPen(cp);
    collapse->setPointsVisible(true);
    double cHi = 0;
    for (const QPointF& pt : routingCollapse(p)) {
        collapse->append(pt);
        cHi = std::max(cHi, pt.x());
    }
    addSeries(cc, collapse, cx, cy);
    // Reference: a random mixture reaching the same budget with only the cheapest and the most expensive model.
    m_collapseMarker = new QScatterSeries;
    m_collapseMarker->setName(tr("operating point"));
    m_collapseMarker->setMarkerSize(16);
    m_collapseMarker->setColor(QColor(255, 255, 255, 0));
    m_collapseMarker->setPen(QPen(QColor(200, 30, 30), 3));
    addSeries(cc, m_collapseMarker, cx, cy);
    setNiceRange(cx, 0, cHi, false);
    cy->setRange(0, 1);
    cc->legend()->setAlignment(Qt::AlignBottom);
    applyChartColors(cc, ChartColors::fromPalette(m_collapseChart->palette()));
    makeLegendInteractive(cc);
}

void PoolView::setPointIndex(int index)
{
    if (index < 0 || index >= m_sweep.size() || index == m_index)
        return;
    if (m_undo)
        m_undo->push(new PoolPointCommand(m_index, index, [this](int i) { showPoint(i); }));
    else
        showPoint(index);
}

void PoolView::showPoint(int index)
{
    m_index = index;
    m_syncing = true;
    m_slider->setValue(std::max(0, index));
    m_syncing = false;
    m_export->setEnabled(index >= 0);
    if (m_frontierMarker)
        m_frontierMarker->clear();
    if (m_collapseMarker)
        m_collapseMarker->clear();
    QVector<QVector<QVariant>> rows;
    if (index < 0) {
        m_readout->setText(tr("—"));
        m_shareModel->setTable({ tr("Model"), tr("traffic share"), tr("cost per query") }, rows);
        return;
    }
    const PoolPoint& pt = m_sweep[index];
    const bool usd = m_pool.costUnit == QLatin1String("usd");
    QStringList shares;
    for (int m = 0; m < m_pool.models.size(); ++m) {
        shares << tr("%1 %2%").arg(m_pool.models[m]).arg(100.0 * pt.share.value(m), 0, 'f', 1);
        rows.push_back({ m_pool.models[m], pt.share.value(m), m_pool.costs.value(m) });
    }
    m_shareModel->setTable({ tr("Model"), tr("traffic share"), usd ? tr("USD per query") : tr("calls per query") }, rows, 4);
    const QString cost = usd ? tr("$%1 per 1,000 queries").arg(pt.costPer1000, 0, 'f', 4)
                             : tr("%1 non-reference calls per 1,000 queries").arg(pt.costPer1000, 0, 'f', 1);
    m_readout->setText(tr("Cost weight w = %1 · %2 · expected quality %3\nTraffic: %4")
                           .arg(pt.w, 0, 'g', 4)
                           .arg(cost)
                           .arg(pt.quality, 0, 'f', 4)
                           .arg(shares.join(QStringLiteral("  ·  "))));
    if (m_frontierMarker)
        m_frontierMarker->append(pt.costPer1000, pt.quality);
    const int top = mostExpensiveModel(m_pool);
    if (m_collapseMarker && top >= 0)
        m_collapseMarker->append(pt.costPer1000, pt.share.value(top));
}

QString PoolView::readoutText() const
{
    return m_readout->text();
}

} // namespace crw
