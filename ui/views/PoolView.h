#pragma once
// The Cost-quality view of a pool run (kind "pool"): the pool router's cost-quality points and hull against every
// single model, the pairwise routers inside the pool (each model vs the reference) and random mixtures; the routing
// collapse (share of traffic to the most expensive model as the budget grows); the operating point along the router's
// cost weights with the traffic share per model, undoable, and export of the router at that point.
#include "runs/PoolReadout.h"
#include "views/RunView.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QScatterSeries;
class QSlider;
class QTableView;
class QUndoStack;
QT_END_NAMESPACE

namespace crw {

class StaticTableModel;

class PoolView : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit PoolView(QWidget* parent = nullptr);

    /// Shows the pool of a run of kind "pool" (any other run shows a message and no points). Clears the undo history.
    void setRun(const RunRecord& run) override;
    QList<ChartView*> charts() const override;
    QList<NamedTable> tables() const override;

    /// Operating-point edits go to this stack (shared with the pair threshold control, so Edit > Undo serves both).
    void setUndoStack(QUndoStack* stack) { m_undo = stack; }
    /// Moves the operating point to sweep point `index` (0 = cheapest), as one undoable step.
    void setPointIndex(int index);
    int pointIndex() const { return m_index; }
    /// The sweep, ascending in cost; the operating point is one of its points.
    const QVector<PoolPoint>& sweep() const { return m_sweep; }
    const PoolRun& pool() const { return m_pool; }
    /// The read-out lines (cost weight, cost, quality, traffic per model).
    QString readoutText() const;
    QSlider* slider() const { return m_slider; }
    ChartView* frontierChart() const { return m_frontierChart; }
    ChartView* collapseChart() const { return m_collapseChart; }
    StaticTableModel* shareModel() const { return m_shareModel; }

signals:
    /// "Export pool router…" was clicked.
    void exportRouterRequested();

private:
    void rebuild();
    void showPoint(int index);
    PoolRun m_pool;
    QVector<PoolPoint> m_sweep;
    int m_index = -1;
    bool m_syncing = false;
    QUndoStack* m_undo = nullptr;
    ChartView* m_frontierChart;
    ChartView* m_collapseChart;
    QLabel* m_note;
    QLabel* m_readout;
    QSlider* m_slider;
    QPushButton* m_export;
    StaticTableModel* m_shareModel;
    QTableView* m_shareTable;
    QScatterSeries* m_frontierMarker = nullptr;
    QScatterSeries* m_collapseMarker = nullptr;
};

} // namespace crw
