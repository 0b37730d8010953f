#pragma once
// Bias view: estimated preference bias per task or per query cluster (a selector) with 95% intervals, the gold and
// preference rows behind each, and the truth where known; the distribution of Delta_hat over the preference rows,
// and the preference queries ranked by Delta_hat.
#include "views/RunView.h"

#include "runs/RunRecord.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
QT_END_NAMESPACE

namespace crw {

class QueryBiasModel;
class StaticTableModel;

class BiasView : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit BiasView(QWidget* parent = nullptr);

    void setRun(const RunRecord& run) override;
    QList<ChartView*> charts() const override;
    QList<NamedTable> tables() const override;

    /// Which groups the chart and the group table show.
    enum class Grouping { Tasks = 0, Clusters = 1 };
    /// Shows tasks or clusters (the selector; clusters only when the run has them).
    void setGrouping(Grouping g);
    Grouping grouping() const;
    QComboBox* groupingBox() const { return m_grouping; }

    QueryBiasModel* queryModel() const { return m_queryModel; }
    /// The group table of the current grouping.
    StaticTableModel* taskModel() const { return m_grouping && grouping() == Grouping::Clusters ? m_clusterModel : m_taskModel; }
    StaticTableModel* clusterModel() const { return m_clusterModel; }
    ChartView* taskChart() const { return m_taskChart; }
    ChartView* histogramChart() const { return m_histChart; }

private:
    void showGroups();
    void rebuildTaskChart(const QVector<TaskBias>& groups, const QString& title);
    void rebuildHistogram(const RunRecord& run);
    QLabel* m_summary;
    ChartView* m_taskChart;
    ChartView* m_histChart;
    QueryBiasModel* m_queryModel;
    QSortFilterProxyModel* m_queryProxy;
    QTableView* m_queryTable;
    QLineEdit* m_filter;
    StaticTableModel* m_taskModel;
    StaticTableModel* m_clusterModel;
    QTableView* m_taskTable;
    QComboBox* m_grouping;
    QVector<TaskBias> m_tasks, m_clusters;
};

} // namespace crw
