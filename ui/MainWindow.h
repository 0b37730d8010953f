#pragma once
// The main window: menus, the dataset and training docks, the data tabs with the Analysis tab, and the status bar.
// It only wires small parts together; the project lives in ProjectSession, background work in JobController,
// training in TrainingPanel, the run history and views in AnalysisPage.
#include <QMainWindow>

class QAction;
class QDockWidget;

namespace crw {
struct ImportResult;
}

namespace crw::ui {

class AnalysisPage;
class DataTabs;
class DatasetDock;
class DatasetListModel;
class ImportDialog;
class JobController;
class ProjectSession;
class ProjectStatusBar;
class RecentProjectsMenu;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens the project (adding it to the recent list). On failure shows a non-blocking error and returns false.
    bool openProject(const QString& path);
    /// Creates the demo project at path in the background and opens it when done; then, when trainAfter is set,
    /// starts the demo training run (demoTrainConfig) in the training panel.
    void createDemo(const QString& path, const QString& manifestDir, bool trainAfter = true);
    /// Writes every chart (PNG, SVG, PDF) and table (CSV) of the shown run into dir. Returns the files written; on
    /// failure sets *error.
    QStringList exportAllCharts(const QString& dir, QString* error = nullptr);
    /// Applies the start-up rule: the command-line project, else the last one, else the demo project.
    void startup(const QString& commandLineProject);
    /// Opens the (non-modal) import dialog for the current project; nullptr if no project is open.
    ImportDialog* showImportDialog();

    ProjectSession* session() const { return m_session; }
    DataTabs* tabs() const { return m_tabs; }
    DatasetDock* datasetDock() const { return m_dock; }
    DatasetListModel* datasetModel() const { return m_datasets; }
    ProjectStatusBar* projectStatusBar() const { return m_status; }
    JobController* backgroundJob() const { return m_job; }
    TrainingPanel* trainingPanel() const { return m_training; }
    QDockWidget* trainingDock() const { return m_trainingDock; }
    AnalysisPage* analysisPage() const { return m_analysis; }
    QAction* undoAction() const { return m_undoAction; }
    QAction* redoAction() const { return m_redoAction; }
    QAction* exportChartsAction() const { return m_exportChartsAction; }
    QAction* exportRouterAction() const { return m_exportRouterAction; }

signals:
    /// A background project job (demo creation) ended; ok is false on error or cancel.
    void backgroundJobDone(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void newProject();
    void openProjectDialog();
    void onProjectOpened(const QString& path);
    void onProjectClosed();
    void reloadProjectData();
    void onImported(const ImportResult& result);
    void onDatasetFilter(qint64 datasetId, const QString& kind);
    void setDarkMode(bool dark);
    void showError(const QString& title, const QString& text);
    void updateActions();
    void exportAllChartsWithDialog();
    void onTrainingBusy(bool busy);
    void onTrainingFinished(qint64 runId);

    ProjectSession* m_session;
    DatasetListModel* m_datasets;
    DatasetDock* m_dock;
    DataTabs* m_tabs;
    ProjectStatusBar* m_status;
    JobController* m_job;
    AnalysisPage* m_analysis;
    TrainingPanel* m_training;
    QDockWidget* m_trainingDock;
    RecentProjectsMenu* m_recentMenu = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_darkAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_exportChartsAction = nullptr;
    QAction* m_exportRouterAction = nullptr;
};

} // namespace crw::ui
