#pragma once
// The "Analysis" tab: the run history of the project on the left, the analysis views of the selected run on the
// right. Selecting a run reads it on a pool thread (a run of 10^5 rows takes a few hundred ms) and shows it when it
// arrives; recently shown runs are kept in memory so they reopen instantly.
#include "runs/RunRecord.h"

#include <QWidget>
#include <list>

QT_BEGIN_NAMESPACE
class QLabel;
class QListView;
class QSplitter;
QT_END_NAMESPACE

namespace crw {
class RunViewsWidget;
}

namespace crw::ui {

class RunHistoryModel;

class AnalysisPage : public QWidget {
    Q_OBJECT
public:
    /// Runs kept in memory for instant reopening.
    static constexpr int kCachedRuns = 4;

    explicit AnalysisPage(QWidget* parent = nullptr);
    ~AnalysisPage() override;

    /// Lists the runs of this project (empty: none) and shows the newest one, if any.
    void setProject(const QString& projectPath);
    /// Re-reads the run list and selects runId (-1: keep the selection, else the newest run).
    void reloadRuns(qint64 runId = -1);
    /// Selects run runId in the list, which shows it (at once when cached, else when read; runShown() follows).
    /// Returns false when the list has no such run.
    bool selectRun(qint64 runId);
    /// The id of the run shown, or 0 (the previous run stays shown while the next one is read).
    qint64 shownRunId() const { return m_shown; }

    RunHistoryModel* historyModel() const { return m_model; }
    QListView* historyView() const { return m_list; }
    RunViewsWidget* views() const { return m_views; }

signals:
    /// A run is now shown in the views.
    void runShown(qint64 runId);

private:
    struct LoadedRun {
        RunRecord run;
        bool ok = false;
        QString error;
    };
    void onCurrentChanged();
    void onLoaded(const QString& project, qint64 runId, const LoadedRun& loaded);
    void showRunId(qint64 runId);
    QString m_project;
    qint64 m_shown = 0;
    qint64 m_pending = 0; ///< run being read, or 0
    RunHistoryModel* m_model;
    QListView* m_list;
    QLabel* m_empty;
    RunViewsWidget* m_views;
    QSplitter* m_splitter;
    std::list<RunRecord> m_cache; ///< most recently shown first
};

} // namespace crw::ui
