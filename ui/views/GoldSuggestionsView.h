#pragma once
// Gold suggestions view: which preference-only queries of the shown run to label with gold next (core suggestGold:
// uncertainty, overlap or random strategy), ranked off the GUI thread through a JobController; results of a superseded
// request or of a run no longer shown are dropped. Suggestions are computed automatically for runs with uncertainty.
#include "active/GoldSuggestions.h"
#include "views/RunView.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

namespace crw::ui {
class JobController;
}

namespace crw {

class GoldSuggestionModel;

class GoldSuggestionsView : public QWidget, public RunView {
    Q_OBJECT
public:
    static constexpr int kDefaultBudget = 100;
    static constexpr double kDefaultShare = 0.5;

    explicit GoldSuggestionsView(QWidget* parent = nullptr);
    ~GoldSuggestionsView() override;

    /// Drops the shown list and any running request. With a stored run that has uncertainty, selects the uncertainty
    /// strategy and starts suggest() with the current budget and share; otherwise selects overlap and waits for the
    /// user.
    void setRun(const RunRecord& run) override;
    QList<ChartView*> charts() const override { return {}; }
    /// The suggestion table, only when it has rows.
    QList<NamedTable> tables() const override;

    /// Starts ranking for the shown run with the widgets' strategy, budget and share (replacing a running request).
    /// Returns false when no stored run is shown, or (with suggestionsFailed and the inline error) when the
    /// uncertainty strategy is chosen for a run without bootstrap uncertainty.
    bool suggest();
    /// True while a request runs.
    bool isBusy() const;
    /// Processes events until the running request has delivered its outcome or timeoutMs passed; true when idle.
    bool waitUntilIdle(int timeoutMs = 60000);
    /// Writes suggestionsCsv of the shown rows (header query_id,text,score,reason). Returns false and sets *error
    /// when there are no rows or the file cannot be written.
    bool exportCsv(const QString& path, QString* error = nullptr);
    /// Asks for a file name and exports (errors appear in the inline error line).
    void exportCsvWithDialog();

    GoldSuggestionModel* model() const { return m_model; }
    QComboBox* strategyBox() const { return m_strategy; }
    QSpinBox* budgetBox() const { return m_budget; }
    QDoubleSpinBox* shareBox() const { return m_share; }
    QPushButton* suggestButton() const { return m_suggest; }
    QPushButton* exportButton() const { return m_export; }
    QLabel* statusLabel() const { return m_status; }
    /// The last error in one line (empty when the last request succeeded).
    QString errorText() const;
    /// Candidates, threshold and base rate of the shown list.
    const SuggestionResult& result() const { return m_result; }

signals:
    /// A request finished and its rows are shown.
    void suggestionsReady();
    /// A request failed; message is the one-line error shown.
    void suggestionsFailed(const QString& message);

private:
    void onFinished(const QVariant& value);
    void onFailed(const QString& message);
    void showError(const QString& message);
    void updateButtons();
    ui::JobController* m_job;
    GoldSuggestionModel* m_model;
    QTableView* m_table;
    QComboBox* m_strategy;
    QSpinBox* m_budget;
    QDoubleSpinBox* m_share;
    QPushButton* m_suggest;
    QPushButton* m_export;
    QLabel* m_status;
    QLabel* m_error;
    QString m_project;
    qint64 m_runId = 0;
    bool m_hasUncertainty = false;
    quint64 m_request = 0; ///< id of the request whose result may be shown
    SuggestionResult m_result;
};

} // namespace crw
