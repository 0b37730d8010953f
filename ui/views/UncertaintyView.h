#pragma once
// Uncertainty view: the calibration check of the intervals on psi_hat (how often the held-out gold gains fell inside
// the conformal and the normal-quantile intervals at each nominal level), a plain-language verdict, and a chart of the
// main router's psi_hat on the test queries, sorted, with its bootstrap band and the predictive interval.
#include "views/RunView.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace crw {

class StaticTableModel;

class UncertaintyView : public QWidget, public RunView {
    Q_OBJECT
public:
    /// The nominal level of the predictive band drawn on the chart.
    static constexpr double kBandLevel = 0.9;

    explicit UncertaintyView(QWidget* parent = nullptr);

    void setRun(const RunRecord& run) override;
    /// The psi_hat chart, only when the run has standard errors on its test queries (no empty chart is exported).
    QList<ChartView*> charts() const override;
    /// The calibration table, only when it has rows.
    QList<NamedTable> tables() const override;

    StaticTableModel* coverageModel() const { return m_model; }
    /// The plain-language summary as plain text (or the message saying how to get uncertainty).
    QString summaryText() const;

private:
    void rebuildChart(const RunRecord& run);
    QLabel* m_summary;
    ChartView* m_chart;
    StaticTableModel* m_model;
    QTableView* m_table;
    bool m_hasChart = false;
};

} // namespace crw
