#pragma once
// Cost-quality view: every router's cost-quality curve with the single models as points and the Pareto frontier,
// and the efficiency gain against primary-model usage (paper cut-off or full ranking). The operating point of the
// threshold control is marked on both charts.
#include "runs/OperatingPointReadout.h"
#include "views/RunView.h"

#include <QMap>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QScrollArea;
class QValueAxis;
QT_END_NAMESPACE

namespace crw {

class StaticTableModel;
class ThresholdControl;

class CostQualityView : public QWidget, public RunView {
    Q_OBJECT
public:
    enum class EgMode { PaperCutoff, FullRanking };

    explicit CostQualityView(QWidget* parent = nullptr);

    void setRun(const RunRecord& run) override;
    QList<ChartView*> charts() const override;
    QList<NamedTable> tables() const override;

    ThresholdControl* thresholdControl() const { return m_threshold; }
    void setEgMode(EgMode mode);
    EgMode egMode() const { return m_egMode; }
    /// Current operating-point markers (for tests): the point on the cost-quality chart and on the EG chart.
    QPointF costQualityMarker() const;
    QPointF egMarker() const;
    /// Points of the Pareto frontier as drawn (x = cost per 1,000 queries, y = quality).
    QList<QPointF> frontierPoints() const;
    /// The line above the charts naming the models without a price (empty and hidden when the costs are in USD).
    QString costNote() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Keeps the threshold control's wrapped read-out visible: the scroll area's minimum height follows the height the
    /// control needs at its width, capped at 45% of the view (beyond that it scrolls).
    void fitThresholdHeight();
    void rebuildCostQuality();
    void rebuildEg();
    void updateMarkers(const OperatingPointReadout& readout);
    const RunRecord* m_run = nullptr;
    ChartView* m_cqChart;
    ChartView* m_egChart;
    QComboBox* m_egModeBox;
    ThresholdControl* m_threshold;
    QScrollArea* m_thresholdScroll;
    StaticTableModel* m_routerModel;
    QAbstractItemView* m_routerTable;
    QLabel* m_costNote; ///< names the unpriced models when the costs are calls, hidden in USD
    EgMode m_egMode = EgMode::FullRanking;
    QMap<QString, QLineSeries*> m_cqSeries, m_egSeries;
    QScatterSeries* m_cqMarker = nullptr;
    QScatterSeries* m_egMarker = nullptr;
    QLineSeries* m_egMarkerLine = nullptr;
    QLineSeries* m_frontier = nullptr;
    QValueAxis* m_egY = nullptr;
};

} // namespace crw
