#include "views/UncertaintyView.h"

#include "charts/ChartBuilders.h"
#include "charts/ChartColors.h"
#include "charts/ChartView.h"
#include "runs/RunRecord.h"
#include "views/StaticTableModel.h"

#include <QAreaSeries>
#include <QChart>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace crw {

namespace {

QVariant orMissing(double x)
{
    return std::isfinite(x) ? QVariant(x) : QVariant(QString());
}

QString percent(double x)
{
    return QLocale().toString(100.0 * x, 'f', 1) + QLatin1Char('%');
}

// A band between two boundary series, owned by the area (QAreaSeries does not own them).
QAreaSeries* addBand(QChart* chart, const QList<QPointF>& upperPts, const QList<QPointF>& lowerPts, const QString& name,
    const QColor& color, int alpha, QValueAxis* x, QValueAxis* y)
{
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    upper->append(upperPts);
    lower->append(lowerPts);
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);
    lower->setParent(area);
    area->setName(name);
    QColor fill = color;
    fill.setAlpha(alpha);
    area->setBrush(fill);
    area->setPen(Qt::NoPen);
    addSeries(chart, area, x, y);
    return area;
}

} // namespace

UncertaintyView::UncertaintyView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_chart(new ChartView(makeChart(tr("Estimated quality gain ψ̂ of the test queries, with uncertainty")),
          QStringLiteral("uncertainty_psi"), this))
    , m_model(new StaticTableModel(this))
    , m_table(new QTableView(this))
{
    m_summary->setObjectName(QStringLiteral("uncertaintySummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMargin(6);
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    // The table has a handful of rows: it takes their height, the chart the rest.
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_table);
    layout->addStretch(0);
}

QList<ChartView*> UncertaintyView::charts() const
{
    return m_hasChart ? QList<ChartView*> { m_chart } : QList<ChartView*> {};
}

QList<NamedTable> UncertaintyView::tables() const
{
    if (m_model->rowCount() == 0)
        return {};
    return { { QStringLiteral("uncertainty_coverage"), m_model, m_table } };
}

QString UncertaintyView::summaryText() const
{
    return QTextDocumentFragment::fromHtml(m_summary->text()).toPlainText();
}

void UncertaintyView::setRun(const RunRecord& run)
{
    const RunUncertainty& u = run.uncertainty;
    QVector<QVector<QVariant>> rows;
    for (const CoverageRow& c : u.coverage)
        rows.push_back({ percent(c.level), orMissing(c.z), orMissing(c.coverage), orMissing(c.coverageNormal),
            orMissing(c.meanHalfWidth), c.rows });
    m_model->setTable({ tr("Nominal level"), tr("z (conformal)"), tr("Coverage (conformal)"), tr("Coverage (normal)"),
                          tr("Mean half-width"), tr("Rows checked") },
        rows);
    m_table->setVisible(!rows.isEmpty());
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height()
        + int(rows.size()) * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth() + 2);
    const QLocale l;
    if (!u.present) {
        m_summary->setText(tr("<b>This run has no uncertainty estimates.</b> Retrain it with <i>Bootstrap "
                              "replicates</i> &gt; 0 (Training panel, Settings) to get intervals on the estimated "
                              "gain, the "
                              "<i>abstain to primary when uncertain</i> rule and uncertainty-based gold "
                              "suggestions."));
    } else if (u.coverage.isEmpty()) {
        m_summary->setText(tr("<b>%1 bootstrap replicates</b> of %2. The run held out no test queries, so the "
                              "intervals could not be checked against gold labels.")
                               .arg(u.replicates)
                               .arg(routerDisplayName(u.router).toHtmlEscaped()));
    } else {
        const CoverageRow& top = u.coverage.last(); // the highest level, usually 95%
        QString verdict;
        if (coverageConsistent(top))
            verdict = tr("consistent with the nominal level");
        else if (top.coverage < top.level)
            verdict = tr("<b>below</b> the nominal level: the intervals are too narrow, treat them with caution");
        else
            verdict = tr("above the nominal level: the intervals are conservative");
        QString normal;
        if (std::isfinite(top.coverageNormal))
            normal = tr(" (normal-quantile intervals: %1)").arg(percent(top.coverageNormal));
        m_summary->setText(
            tr("<b>%1 intervals covered %2 of %3 held-out gold gains</b>%4, %5.<br>"
               "Intervals: estimated gain ± z·√(se² + σ²), with se the bootstrap standard error of the estimate (%6 "
               "replicates of %7, mean se on the test queries %8) and σ = %9 the spread of a gold label around it; "
               "z: %10.")
                .arg(percent(top.level), percent(top.coverage))
                .arg(l.toString(top.rows))
                .arg(normal, verdict)
                .arg(u.replicates)
                .arg(routerDisplayName(u.router).toHtmlEscaped())
                .arg(l.toString(u.meanSeTest, 'g', 3), l.toString(u.residualSd, 'g', 3))
                .arg((u.calibration.isEmpty() ? tr("the conformal quantile of out-of-bag scores") : u.calibration)
                         .toHtmlEscaped()));
    }
    rebuildChart(run);
}

void UncertaintyView::rebuildChart(const RunRecord& run)
{
    QChart* chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes())
        chart->removeAxis(a), delete a;
    const RunUncertainty& u = run.uncertainty;
    const RouterCurves* c = run.router(u.router);
    m_hasChart = u.present && c && c->hasTestSe();
    m_chart->setVisible(m_hasChart);
    if (!m_hasChart)
        return;
    const int n = int(c->psiTest.size());
    std::vector<int> order(size_t(n), 0);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [c](int a, int b) { return c->psiTest[a] < c->psiTest[b]; });
    const CoverageRow* band = u.at(kBandLevel);
    const double zBand = band && std::isfinite(band->z) ? band->z : 1.645;
    const double zSe = 1.96;
    const double sigma = std::isfinite(u.residualSd) ? u.residualSd : 0.0;
    const QVector<double>& gain = run.testTruth.gain;
    const bool showGain = gain.size() == n;
    QList<QPointF> psi, seHi, seLo, predHi, predLo, truth;
    double lo = 0, hi = 0;
    for (int rank = 0; rank < n; ++rank) {
        const int i = order[size_t(rank)];
        const double p = c->psiTest[i], se = c->psiTestSe[i];
        if (!std::isfinite(p) || !std::isfinite(se))
            continue;
        const double x = (rank + 0.5) / n;
        const double pred = zBand * std::sqrt(se * se + sigma * sigma);
        psi << QPointF(x, p);
        seHi << QPointF(x, p + zSe * se);
        seLo << QPointF(x, p - zSe * se);
        predHi << QPointF(x, p + pred);
        predLo << QPointF(x, p - pred);
        lo = std::min(lo, p - pred);
        hi = std::max(hi, p + pred);
        if (showGain && std::isfinite(gain[i])) {
            truth << QPointF(x, gain[i]);
            lo = std::min(lo, gain[i]);
            hi = std::max(hi, gain[i]);
        }
    }
    QValueAxis* x = addValueAxis(chart, Qt::AlignBottom, tr("share of the test queries, sorted by ψ̂"));
    QValueAxis* y = addValueAxis(chart, Qt::AlignLeft, tr("quality gain of the primary (primary − alternative)"));
    addBand(chart, predHi, predLo, tr("%1 interval for a new gold gain").arg(percent(band ? band->level : kBandLevel)),
        seriesColor(4), 70, x, y);
    addBand(chart, seHi, seLo, tr("estimate ± 1.96·se (bootstrap)"), seriesColor(0), 110, x, y);
    if (!truth.isEmpty()) {
        auto* dots = new QScatterSeries;
        dots->setName(tr("held-out gold gain"));
        dots->setMarkerShape(QScatterSeries::MarkerShapeCircle);
        dots->setMarkerSize(4);
        dots->setColor(QColor(128, 128, 128, 210)); // mid grey: visible on the light and the dark theme
        dots->setBorderColor(Qt::transparent);
        dots->append(truth);
        addSeries(chart, dots, x, y);
    }
    auto* line = new QLineSeries;
    line->setName(tr("estimated gain (%1)").arg(routerDisplayName(u.router)));
    QPen pen(seriesColor(5)); // vermillion on the blue bands, readable on both themes
    pen.setWidthF(2.2);
    line->setPen(pen);
    line->append(psi);
    addSeries(chart, line, x, y);
    x->setRange(0, 1);
    setNiceRange(y, lo, hi);
    applyChartColors(chart, ChartColors::fromPalette(m_chart->palette()));
    makeLegendInteractive(chart);
}

} // namespace crw
