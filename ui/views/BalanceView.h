#pragma once
// Balance view: propensity distributions of gold and preference rows, overlap and clipping shares, effective sample
// sizes, a love plot of standardised differences (raw vs overlap-weighted), plain-language positivity warnings, and per
// overlap-restricted Meta-Router the share of preference rows it used.
#include "metrics/HistogramBins.h"
#include "runs/BalanceStats.h"
#include "views/RunView.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace crw {

class StaticTableModel;

class BalanceView : public QWidget, public RunView {
    Q_OBJECT
public:
    explicit BalanceView(QWidget* parent = nullptr);

    void setRun(const RunRecord& run) override;
    QList<ChartView*> charts() const override;
    QList<NamedTable> tables() const override;

    const BalanceStats& stats() const { return m_stats; }
    StaticTableModel* countsModel() const { return m_countsModel; }
    StaticTableModel* smdModel() const { return m_smdModel; }
    /// The warnings as shown (empty when positivity looks fine).
    QString warningText() const;
    /// One line per overlap-restricted router (share of preference rows used, a warning below kOverlapShareWarning),
    /// as plain text; empty when the run trained none.
    QString overlapText() const;
    /// Below this share of preference rows used, the overlap line carries a warning.
    static constexpr double kOverlapShareWarning = 0.5;

private:
    void rebuildPropensityChart();
    void rebuildLovePlot();
    BalanceStats m_stats;
    HistogramBins m_propensityBins;
    void showOverlap(const RunRecord& run);
    QLabel* m_warnings;
    QLabel* m_overlap;
    QStringList m_overlapLines;
    ChartView* m_propChart;
    ChartView* m_loveChart;
    StaticTableModel* m_countsModel;
    StaticTableModel* m_smdModel;
    QTableView* m_countsTable;
    QTableView* m_smdTable;
};

} // namespace crw
