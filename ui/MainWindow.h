#pragma once
// The main window: menus, the dataset dock, the data tabs and the status bar. It only wires small parts together;
// the project lives in ProjectSession, background work in JobController.
#include <QMainWindow>

class QAction;

namespace crw {
struct ImportResult;
}

namespace crw::ui {

class DataTabs;
class DatasetDock;
class DatasetListModel;
class ImportDialog;
class JobController;
class ProjectSession;
class ProjectStatusBar;
class RecentProjectsMenu;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens the project (adding it to the recent list). On failure shows a non-blocking error and returns false.
    bool openProject(const QString& path);
    /// Creates the demo project at path in the background and opens it when done.
    void createDemo(const QString& path, const QString& manifestDir);
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

    ProjectSession* m_session;
    DatasetListModel* m_datasets;
    DatasetDock* m_dock;
    DataTabs* m_tabs;
    ProjectStatusBar* m_status;
    JobController* m_job;
    RecentProjectsMenu* m_recentMenu = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_darkAction = nullptr;
};

} // namespace crw::ui
