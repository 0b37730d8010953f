#pragma once
// The analysis views of one run in tabs (Bias, Balance, Cost-quality with the threshold control, Uncertainty, Gold
// suggestions), with export and copy of every chart and table. Self-contained: the main window only docks it and adds
// Undo/Redo actions.
#include "runs/RunRecord.h"

#include <QWidget>
#include <memory>

QT_BEGIN_NAMESPACE
class QLabel;
class QTabWidget;
class QToolBar;
class QUndoStack;
QT_END_NAMESPACE

namespace crw {

class BalanceView;
class BiasView;
class ChartView;
class CostQualityView;
class GoldSuggestionsView;
class PoolView;
class ThresholdControl;
class UncertaintyView;
struct NamedTable;
struct ChartExportOptions;

class RunViewsWidget : public QWidget {
    Q_OBJECT
public:
    explicit RunViewsWidget(QWidget* parent = nullptr);
    ~RunViewsWidget() override;

    /// Loads run `runId` of the project and shows it. Returns false and shows the message in place of the views when
    /// it cannot be loaded (the message is also returned in *error).
    bool showRun(const QString& projectPath, qint64 runId, QString* error = nullptr);
    /// Shows an already loaded run. The views are filled one per event-loop turn, the current tab's first (so showing
    /// a large run never blocks the window for long), or at once when their tab is opened or any accessor below is
    /// used.
    void showRun(const RunRecord& run);
    /// Fills every view still waiting for the shown run, now.
    void syncViews() const;
    /// How many views still wait for the shown run (0 once all are filled).
    int pendingViews() const { return int(m_pending.size()); }
    const RunRecord* run() const { return m_run.get(); }

    /// The undo stack of the threshold edits, for the main window's Undo/Redo actions.
    QUndoStack* undoStack() const;
    ThresholdControl* thresholdControl() const;
    BiasView* biasView() const { return synced(m_bias); }
    BalanceView* balanceView() const { return synced(m_balance); }
    CostQualityView* costQualityView() const { return synced(m_costQuality); }
    UncertaintyView* uncertaintyView() const { return synced(m_uncertainty); }
    GoldSuggestionsView* goldSuggestionsView() const { return synced(m_suggestions); }
    QTabWidget* tabs() const { return m_tabs; }
    /// The Cost-quality view of a pool run (its tab is shown instead of the pair views for runs of kind "pool").
    PoolView* poolView() const { return synced(m_pool); }
    /// Whether the shown run is a pool run.
    bool isPoolRun() const;

    /// Every chart of every tab, in tab order.
    QList<ChartView*> allCharts() const;
    /// Every table of every tab, in tab order (the uncertainty and gold-suggestion tables only when they have rows).
    QList<NamedTable> allTables() const;
    /// The chart with keyboard focus in the current tab, else the current tab's first chart.
    ChartView* currentChart() const;

    /// Writes every chart as <name>.png and <name>.svg (plus .pdf when withPdf) and every table as <name>.csv into
    /// outDir (created if needed). Returns the files written; stops and sets *error at the first failure.
    QStringList exportAll(
        const QString& outDir, const ChartExportOptions& options, bool withPdf = false, QString* error = nullptr);

    /// Headless export of a stored run: builds the views off screen (a QApplication must exist; use
    /// QT_QPA_PLATFORM=offscreen without a display), waits for the automatic gold suggestions (runs with
    /// uncertainty) and writes PNG and SVG of every chart plus CSV of every table.
    /// Returns the files written; throws StoreError when the run cannot be loaded or std::runtime_error when a file
    /// cannot be written.
    static QStringList exportAllViews(const QString& projectPath, qint64 runId, const QString& outDir, int dpi = 144);

    /// Exports the shown run's router chosen in the threshold control, calibrated so that the control's primary-usage
    /// share of the run's test queries goes to the primary, as a router file (causal-router/1) at filePath. Returns
    /// false and sets *error when no stored run is shown or the export fails.
    bool exportRouter(const QString& filePath, QString* error = nullptr);
    /// Asks for a file name and exports the router there (reports failures in a message box).
    void exportRouterWithDialog();

private:
    void exportCurrentChart();
    void copyCurrentChart();
    void exportAllWithDialog();
    void exportCurrentTable();
    void copyCurrentTable();
    NamedTable* currentTable(NamedTable* storage) const;
    void applyRun(QWidget* view) const;
    /// view, after every view was filled (accessors hand out views showing the current run).
    template <class View> View* synced(View* view) const
    {
        syncViews();
        return view;
    }
    void applyNextPending();
    std::unique_ptr<RunRecord> m_run;
    mutable QList<QWidget*> m_pending; // views not yet showing m_run, in tab order
    QLabel* m_header;
    QToolBar* m_toolbar;
    QTabWidget* m_tabs;
    BiasView* m_bias;
    BalanceView* m_balance;
    CostQualityView* m_costQuality;
    UncertaintyView* m_uncertainty;
    GoldSuggestionsView* m_suggestions;
    PoolView* m_pool;
    QList<QWidget*> pairViews() const;
};

} // namespace crw
