#include "views/CostQualityView.h"

#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartView.h"
#include "runs/ParetoFrontier.h"
#include "views/OperatingPointState.h"
#include "views/StaticTableModel.h"
#include "views/ThresholdControl.h"

#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace crw {

namespace {

/// Cost scale shown: USD per 1,000 queries, or primary calls per 1,000 queries.
double costScale()
{
    return 1000.0;
}

QVariant orMissing(double x)
{
    return std::isfinite(x) ? QVariant(x) : QVariant(QString());
}

} // namespace

CostQualityView::CostQualityView(QWidget* parent)
    : QWidget(parent)
    , m_cqChart(new ChartView(makeChart(tr("Cost and quality of every router")), QStringLiteral("cost_quality"), this))
    , m_egChart(
          new ChartView(makeChart(tr("Efficiency gain over random routing")), QStringLiteral("efficiency_gain"), this))
    , m_egModeBox(new QComboBox(this))
    , m_threshold(new ThresholdControl(this))
    , m_routerModel(new StaticTableModel(this))
    , m_costNote(new QLabel(this))
{
    m_egModeBox->addItem(tr("Full ranking curve"), int(EgMode::FullRanking));
    m_egModeBox->addItem(tr("Paper curve (cut off at ψ̂ > 0)"), int(EgMode::PaperCutoff));
    m_egModeBox->setToolTip(tr("The paper's curve admits only queries with ψ̂ > 0 and stops there; the full ranking "
                               "curve ranks every query and depends only on the ordering"));
    connect(m_egModeBox, &QComboBox::currentIndexChanged, this,
        [this](int i) { setEgMode(EgMode(m_egModeBox->itemData(i).toInt())); });
    auto* table = new QTableView(this);
    table->setModel(m_routerModel);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_routerTable = table;

    auto* egBox = new QWidget(this);
    auto* egLayout = new QVBoxLayout(egBox);
    egLayout->setContentsMargins(0, 0, 0, 0);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(new QLabel(tr("Curve:"), egBox));
    modeRow->addWidget(m_egModeBox);
    modeRow->addStretch(1);
    egLayout->addLayout(modeRow);
    egLayout->addWidget(m_egChart, 1);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_cqChart);
    charts->addWidget(egBox);
    charts->setSizes({ 700, 700 });
    // The read-out's wrapped lines keep their height in a narrow window: the control scrolls instead of clipping.
    auto* thresholdScroll = m_thresholdScroll = new QScrollArea(this);
    thresholdScroll->setWidget(m_threshold);
    thresholdScroll->setWidgetResizable(true);
    thresholdScroll->setFrameShape(QFrame::NoFrame);
    thresholdScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(thresholdScroll);
    bottom->addWidget(table);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    m_costNote->setWordWrap(true);
    m_costNote->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_costNote);
    layout->addWidget(split);
    connect(m_threshold, &ThresholdControl::readoutChanged, this, &CostQualityView::updateMarkers);
}

QList<ChartView*> CostQualityView::charts() const
{
    return { m_cqChart, m_egChart };
}

QList<NamedTable> CostQualityView::tables() const
{
    return { { QStringLiteral("router_evaluation"), m_routerModel, m_routerTable } };
}

void CostQualityView::setRun(const RunRecord& run)
{
    m_run = &run;
    QVector<QVector<QVariant>> rows;
    for (const RouterCurves& c : run.routers) {
        if (!c.hasTest())
            continue;
        const QJsonObject e = c.evaluation;
        const QJsonObject q = e["quality_at"].toObject();
        rows.push_back({ routerDisplayName(c.router), e["full_ranking_area"].toDouble(), e["eg_area"].toDouble(),
            e["eg_max"].toDouble(), e["pmur_at_max"].toDouble(), orMissing(q["0.3"].toDouble(qQNaN())),
            orMissing(q["0.5"].toDouble(qQNaN())) });
    }
    m_routerModel->setTable({ tr("Router"), tr("EG area (full)"), tr("EG area (paper)"), tr("max EG"),
                                tr("usage at max"), tr("quality @30%"), tr("quality @50%") },
        rows);
    rebuildCostQuality();
    rebuildEg();
    m_threshold->setRun(&run);
}

void CostQualityView::setEgMode(EgMode mode)
{
    m_egModeBox->setCurrentIndex(m_egModeBox->findData(int(mode)));
    if (mode == m_egMode)
        return;
    m_egMode = mode;
    rebuildEg();
    updateMarkers(m_threshold->readout());
}

void CostQualityView::rebuildCostQuality()
{
    QChart* chart = m_cqChart->chart();
    clearChart(chart);
    m_cqSeries.clear();
    m_cqMarker = nullptr;
    m_frontier = nullptr;
    if (!m_run)
        return;
    const RunRecord& run = *m_run;
    const RouterCurves* any = nullptr;
    for (const RouterCurves& c : run.routers)
        if (!c.costQuality.isEmpty())
            any = any ? any : &c;
    const bool usd = any && any->costQuality.costUnit == "usd";
    const QStringList unpriced = usd ? QStringList() : unpricedModels(run);
    m_costNote->setVisible(any && !usd);
    m_costNote->setText(unpriced.isEmpty()
            ? tr("Costs are in calls to the primary model: the run has no prices.")
            : tr("No price for %1: costs are in calls to the primary model. Import prices (kind \"prices\") and "
                 "train again for USD.")
                  .arg(unpriced.join(tr(", "))));
    QValueAxis* x = addValueAxis(
        chart, Qt::AlignBottom, usd ? tr("USD per 1,000 queries") : tr("primary-model calls per 1,000 queries"));
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("mean quality on the test queries"));
    // The frontier goes first so it is drawn below the router curves; its points are filled in at the end.
    m_frontier = new QLineSeries;
    m_frontier->setName(tr("Pareto frontier"));
    QPen fp(QColor(220, 40, 40, 120));
    fp.setWidthF(10);
    fp.setCapStyle(Qt::RoundCap);
    m_frontier->setPen(fp);
    addSeries(chart, m_frontier, x, y);
    QVector<QPointF> all;
    int colour = 0;
    const QString selected = run.defaultRouter();
    for (const RouterCurves& c : run.routers) {
        if (c.costQuality.isEmpty()) {
            ++colour;
            continue;
        }
        auto* s = new QLineSeries;
        s->setName(routerDisplayName(c.router));
        QPen pen(seriesColor(colour++));
        pen.setWidthF(c.router == selected ? 3.0 : 1.6);
        if (c.router == "random")
            pen.setStyle(Qt::DotLine);
        s->setPen(pen);
        s->setPointsVisible(true);
        s->setMarkerSize(5);
        const CostQualityCurve& cq = c.costQuality;
        for (int i = 0; i < cq.share.size(); ++i) {
            const QPointF p(cq.costPerQuery.value(i) * costScale(), cq.quality.value(i));
            if (std::isfinite(p.x()) && std::isfinite(p.y())) {
                s->append(p);
                all << p;
            }
        }
        addSeries(chart, s, x, y);
        m_cqSeries.insert(c.router, s);
    }
    // The two single models: share 0 (always the alternative) and share 1 (always the primary).
    if (any) {
        const CostQualityCurve& cq = any->costQuality;
        const int last = int(cq.share.size()) - 1;
        struct Model {
            QString name;
            int index;
            QScatterSeries::MarkerShape shape;
        };
        for (const Model& m : { Model { run.alternative, 0, QScatterSeries::MarkerShapeTriangle },
                 Model { run.primary, last, QScatterSeries::MarkerShapeRectangle } }) {
            auto* s = new QScatterSeries;
            s->setName(tr("only %1").arg(m.name.isEmpty() ? tr("model") : m.name));
            s->setMarkerShape(m.shape);
            s->setMarkerSize(13);
            s->setColor(QColor(60, 60, 60));
            s->setBorderColor(Qt::black);
            const QPointF p(cq.costPerQuery.value(m.index) * costScale(), cq.quality.value(m.index));
            s->append(p);
            all << p;
            addSeries(chart, s, x, y);
        }
    }
    for (const QPointF& p : paretoFrontier(all))
        m_frontier->append(p);

    m_cqMarker = new QScatterSeries;
    m_cqMarker->setName(tr("operating point"));
    m_cqMarker->setMarkerSize(18);
    m_cqMarker->setColor(QColor(255, 255, 255, 0));
    m_cqMarker->setBorderColor(QColor(200, 30, 30));
    m_cqMarker->setPen(QPen(QColor(200, 30, 30), 3));
    addSeries(chart, m_cqMarker, x, y);

    double xLo = 0, xHi = 0, yLo = 1e300, yHi = -1e300;
    for (const QPointF& p : all) {
        xHi = std::max(xHi, p.x());
        yLo = std::min(yLo, p.y());
        yHi = std::max(yHi, p.y());
    }
    setNiceRange(x, xLo, xHi, false);
    setNiceRange(y, all.isEmpty() ? 0 : yLo, all.isEmpty() ? 1 : yHi);
    chart->legend()->setAlignment(Qt::AlignRight);
    applyChartColors(chart, ChartColors::fromPalette(m_cqChart->palette()));
    makeLegendInteractive(chart);
}

void CostQualityView::rebuildEg()
{
    QChart* chart = m_egChart->chart();
    clearChart(chart);
    m_egSeries.clear();
    m_egMarker = nullptr;
    m_egMarkerLine = nullptr;
    if (!m_run)
        return;
    const RunRecord& run = *m_run;
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, tr("primary-model usage ratio (share of test queries)"));
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("efficiency gain (summed true gain over random)"));
    m_egY = y;
    double lo = 0, hi = 0;
    int colour = 0;
    const QString selected = run.defaultRouter();
    for (const RouterCurves& c : run.routers) {
        const QVector<double>& curve = m_egMode == EgMode::FullRanking ? c.fullRankingCurve : c.egCurve;
        if (curve.isEmpty() || c.pmurGrid.size() != curve.size()) {
            ++colour;
            continue;
        }
        auto* s = new QLineSeries;
        s->setName(routerDisplayName(c.router));
        QPen pen(seriesColor(colour++));
        pen.setWidthF(c.router == selected ? 3.0 : 1.6);
        if (c.router == "random")
            pen.setStyle(Qt::DotLine);
        s->setPen(pen);
        QList<QPointF> pts;
        for (int i = 0; i < curve.size(); ++i) {
            if (!std::isfinite(curve[i]))
                break; // the paper curve ends where psi_hat stops being positive
            pts << QPointF(c.pmurGrid[i], curve[i]);
            lo = std::min(lo, curve[i]);
            hi = std::max(hi, curve[i]);
        }
        addSeries(chart, s, x, y);
        m_egChart->setDecimatedData(s, x, pts);
        m_egSeries.insert(c.router, s);
    }
    x->setRange(0.2, 0.8);
    setNiceRange(y, lo, hi);
    QPen zero(QColor(140, 140, 140));
    addVerticalLine(chart, 0.2, 0, 0, QString(), zero, x, y)->replace({ QPointF(0.2, 0), QPointF(0.8, 0) });
    QPen mp(QColor(200, 30, 30));
    mp.setStyle(Qt::DashLine);
    mp.setWidthF(1.5);
    m_egMarkerLine = addVerticalLine(chart, 0.5, y->min(), y->max(), QString(), mp, x, y);
    m_egMarker = new QScatterSeries;
    m_egMarker->setName(tr("operating point"));
    m_egMarker->setMarkerSize(16);
    m_egMarker->setColor(QColor(255, 255, 255, 0));
    m_egMarker->setPen(QPen(QColor(200, 30, 30), 3));
    addSeries(chart, m_egMarker, x, y);
    chart->legend()->setAlignment(Qt::AlignRight);
    applyChartColors(chart, ChartColors::fromPalette(m_egChart->palette()));
    makeLegendInteractive(chart);
}

void CostQualityView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitThresholdHeight();
}

void CostQualityView::fitThresholdHeight()
{
    const int width = m_thresholdScroll->viewport()->width();
    const int needed
        = m_threshold->hasHeightForWidth() ? m_threshold->heightForWidth(width) : m_threshold->sizeHint().height();
    m_thresholdScroll->setMinimumHeight(std::min(needed, int(0.45 * height())));
}

void CostQualityView::updateMarkers(const OperatingPointReadout& r)
{
    fitThresholdHeight(); // the read-out's lines change with the operating point
    if (!m_run)
        return;
    // Emphasise the chosen router.
    for (auto* map : { &m_cqSeries, &m_egSeries })
        for (auto it = map->begin(); it != map->end(); ++it) {
            QPen pen = it.value()->pen();
            pen.setWidthF(it.key() == r.router ? 3.0 : 1.6);
            it.value()->setPen(pen);
        }
    if (m_cqMarker) {
        m_cqMarker->clear();
        if (r.valid)
            m_cqMarker->append(r.costPer1000, r.expectedQuality);
    }
    if (m_egMarker && m_egMarkerLine && m_egY) {
        m_egMarker->clear();
        const double s = r.sharePrimary;
        m_egMarkerLine->replace({ QPointF(s, m_egY->min()), QPointF(s, m_egY->max()) });
        m_egMarkerLine->setVisible(r.valid && s >= 0.2 && s <= 0.8);
        const RouterCurves* c = m_run->router(r.router);
        if (r.valid && r.abstainApplied) {
            // The abstain rule is not a ranking: its own efficiency gain, off the router's curve.
            if (std::isfinite(r.egAtShare))
                m_egMarker->append(s, r.egAtShare);
        } else if (r.valid && c) {
            const QVector<double>& curve = m_egMode == EgMode::FullRanking ? c->fullRankingCurve : c->egCurve;
            const double eg = interpolateAt(c->pmurGrid, curve, s);
            if (std::isfinite(eg))
                m_egMarker->append(s, eg);
        }
    }
}

QPointF CostQualityView::costQualityMarker() const
{
    return m_cqMarker && m_cqMarker->count() ? m_cqMarker->at(0) : QPointF(qQNaN(), qQNaN());
}

QPointF CostQualityView::egMarker() const
{
    return m_egMarker && m_egMarker->count() ? m_egMarker->at(0) : QPointF(qQNaN(), qQNaN());
}

QString CostQualityView::costNote() const
{
    return m_costNote->isHidden() ? QString() : m_costNote->text();
}

QList<QPointF> CostQualityView::frontierPoints() const
{
    return m_frontier ? m_frontier->points() : QList<QPointF>();
}

} // namespace crw
