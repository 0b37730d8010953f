#pragma once
// Bias view: estimated preference bias per task with 95% intervals and the truth where known, the distribution of
// Delta_hat over the preference rows, and the preference queries ranked by Delta_hat.
#include "views/RunView.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
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

    QueryBiasModel* queryModel() const { return m_queryModel; }
    StaticTableModel* taskModel() const { return m_taskModel; }
    ChartView* taskChart() const { return m_taskChart; }
    ChartView* histogramChart() const { return m_histChart; }

private:
    void rebuildTaskChart(const RunRecord& run);
    void rebuildHistogram(const RunRecord& run);
    QLabel* m_summary;
    ChartView* m_taskChart;
    ChartView* m_histChart;
    QueryBiasModel* m_queryModel;
    QSortFilterProxyModel* m_queryProxy;
    QTableView* m_queryTable;
    QLineEdit* m_filter;
    StaticTableModel* m_taskModel;
    QTableView* m_taskTable;
};

} // namespace crw
