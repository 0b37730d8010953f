#include "MainWindow.h"

#include "AboutBox.h"
#include "DataTabs.h"
#include "DatasetDock.h"
#include "DatasetListModel.h"
#include "store/DemoProject.h"
#include "ImportDialog.h"
#include "import/ImportFormats.h"
#include "JobController.h"
#include "ProjectSession.h"
#include "ProjectStatusBar.h"
#include "RecentProjects.h"
#include "RecentProjectsMenu.h"
#include "Resources.h"
#include "Settings.h"
#include "StartupChoice.h"
#include "Theme.h"
#include "charts/ChartExport.h"
#include "training/AnalysisPage.h"
#include "pipeline/DemoTraining.h"
#include "training/TrainingPanel.h"
#include "views/RunViewsWidget.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>

namespace crw::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new ProjectSession(this))
    , m_datasets(new DatasetListModel(this))
    , m_dock(new DatasetDock(m_datasets, this))
    , m_tabs(new DataTabs(this))
    , m_status(new ProjectStatusBar(this))
    , m_job(new JobController(this))
    , m_analysis(new AnalysisPage)
    , m_training(new TrainingPanel)
    , m_trainingDock(new QDockWidget(tr("Training"), this))
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/causal-router-workbench.svg")));
    setWindowTitle(tr("Causal Router Workbench"));
    setCentralWidget(m_tabs);
    m_tabs->addTab(m_analysis, tr("Analysis"));
    addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    m_trainingDock->setObjectName(QStringLiteral("trainingDock"));
    m_trainingDock->setWidget(m_training);
    addDockWidget(Qt::LeftDockWidgetArea, m_trainingDock);
    tabifyDockWidget(m_dock, m_trainingDock);
    m_trainingDock->raise();
    setStatusBar(m_status);
    resize(1440, 900);
    resizeDocks({ m_dock }, { 380 }, Qt::Horizontal);
    createMenus();

    connect(m_session, &ProjectSession::opened, this, &MainWindow::onProjectOpened);
    connect(m_session, &ProjectSession::closed, this, &MainWindow::onProjectClosed);
    connect(m_session, &ProjectSession::dataChanged, this, &MainWindow::reloadProjectData);
    connect(m_dock, &DatasetDock::filterChanged, this, &MainWindow::onDatasetFilter);
    connect(m_recentMenu, &RecentProjectsMenu::projectChosen, this, &MainWindow::openProject);

    connect(m_status, &ProjectStatusBar::cancelRequested, m_job, &JobController::cancel);
    connect(m_status, &ProjectStatusBar::cancelRequested, m_training, &TrainingPanel::cancel);
    connect(m_job, &JobController::progress, m_status, &ProjectStatusBar::setJobProgress);
    connect(m_training->job(), &JobController::progress, m_status, &ProjectStatusBar::setJobProgress);
    connect(m_training, &TrainingPanel::busyChanged, this, &MainWindow::onTrainingBusy);
    connect(m_training, &TrainingPanel::runFinished, this, &MainWindow::onTrainingFinished);
    connect(m_training, &TrainingPanel::runFailed, this,
        [this](const QString& message) { m_status->showMessage(tr("Training failed: %1").arg(message), 15000); });
    connect(m_training, &TrainingPanel::runCancelled, this,
        [this] { m_status->showMessage(tr("Training cancelled: no run was stored."), 10000); });
    connect(m_analysis, &AnalysisPage::runShown, this, &MainWindow::updateActions);

    restoreGeometry(settings::windowGeometry.get());
    restoreState(settings::windowState.get());
    updateActions();
}

MainWindow::~MainWindow()
{
    m_training->cancel();
    m_training->job()->waitForIdle();
    m_job->cancel();
    m_job->waitForIdle();
    m_session->close(); // views drop their connection handles before the store removes the connection
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    m_recentMenu = new RecentProjectsMenu(this);
    file->addMenu(m_recentMenu);
    file->addSeparator();
    m_importAction = file->addAction(tr("&Import…"), QKeySequence(tr("Ctrl+I")), this, [this] { showImportDialog(); });
    m_importAction->setObjectName(QStringLiteral("importAction"));
    m_exportChartsAction = file->addAction(
        tr("&Export all charts…"), QKeySequence(tr("Ctrl+Shift+E")), this, &MainWindow::exportAllChartsWithDialog);
    m_exportChartsAction->setObjectName(QStringLiteral("exportChartsAction"));
    m_exportChartsAction->setToolTip(tr("Save every chart (PNG, SVG, PDF) and table (CSV) of the shown run"));
    m_exportRouterAction = file->addAction(
        tr("Export &router config…"), this, [this] { m_analysis->views()->exportRouterWithDialog(); });
    m_exportRouterAction->setObjectName(QStringLiteral("exportRouterAction"));
    m_exportRouterAction->setToolTip(
        tr("Write the shown run's router at the chosen primary usage as a router file (causal-router/1)"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Undo/Redo of the analysis views (threshold edits).
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QUndoStack* undo = m_analysis->views()->undoStack();
    m_undoAction = undo->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Z) });
    m_redoAction = undo->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("redoAction"));
    m_redoAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) });
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_dock->toggleViewAction());
    view->addAction(m_trainingDock->toggleViewAction());
    view->addAction(
        tr("&Analysis"), QKeySequence(tr("Ctrl+4")), this, [this] { m_tabs->setCurrentWidget(m_analysis); });
    view->addSeparator();
    m_darkAction = view->addAction(tr("&Dark mode"));
    m_darkAction->setObjectName(QStringLiteral("darkModeAction"));
    m_darkAction->setCheckable(true);
    m_darkAction->setChecked(settings::darkMode.get());
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkMode);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Causal Router Workbench"), this, [this] { showAboutBox(this); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::setDarkMode(bool dark)
{
    settings::darkMode.set(dark);
    Theme::apply(dark);
}

void MainWindow::showError(const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("errorBox"));
    box->open();
}

bool MainWindow::openProject(const QString& path)
{
    try {
        m_session->open(path);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot open project"), QString::fromUtf8(e.what()));
        updateActions();
        return false;
    }
}

void MainWindow::newProject()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New project"), QString(), tr("Workbench projects (*.crw)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".crw")))
        path += QLatin1String(".crw");
    try {
        m_session->create(path);
    } catch (const std::exception& e) {
        showError(tr("Cannot create project"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open project"), QString(), tr("Workbench projects (*.crw);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::onProjectOpened(const QString& path)
{
    RecentProjects::add(path);
    settings::lastProject.set(QFileInfo(path).absoluteFilePath());
    setWindowTitle(tr("%1 — Causal Router Workbench").arg(QFileInfo(path).fileName()));
    m_tabs->setDatasetFilter(-1);
    m_tabs->setDatabase(m_session->store()->database());
    m_training->setProject(path);
    m_analysis->setProject(path);
    reloadProjectData();
    updateActions();
}

void MainWindow::onProjectClosed()
{
    m_tabs->setDatabase({});
    m_training->setProject({});
    m_analysis->setProject({});
    m_datasets->setDatasets({});
    m_status->showProject({}, {});
    setWindowTitle(tr("Causal Router Workbench"));
    updateActions();
}

void MainWindow::reloadProjectData()
{
    const ProjectInfo info = m_session->info();
    const QModelIndexList sel = m_dock->view()->selectionModel()->selectedRows();
    const qint64 selected = sel.isEmpty() ? -1 : sel.first().data(DatasetListModel::IdRole).toLongLong();
    m_datasets->setDatasets(info.datasets);
    m_tabs->refresh();
    m_dock->selectDataset(selected);
    m_status->showProject(m_session->path(), info);
}

void MainWindow::onDatasetFilter(qint64 datasetId, const QString& kind)
{
    m_tabs->setDatasetFilter(datasetId);
    DataKind k;
    if (datasetId < 0 || !parseDataKind(kind, &k))
        return;
    switch (k) {
    case DataKind::Queries:
        m_tabs->setCurrentIndex(DataTabs::Queries);
        break;
    case DataKind::Gold:
        m_tabs->setCurrentIndex(DataTabs::GoldLabels);
        break;
    case DataKind::Preference:
        m_tabs->setCurrentIndex(DataTabs::PreferenceLabels);
        break;
    case DataKind::Prices:
        m_tabs->setCurrentIndex(DataTabs::Models);
        break;
    }
}

ImportDialog* MainWindow::showImportDialog()
{
    if (!m_session->isOpen())
        return nullptr;
    auto* dialog = new ImportDialog(m_session->path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::imported, this, &MainWindow::onImported);
    dialog->open();
    return dialog;
}

void MainWindow::onImported(const ImportResult& result)
{
    m_session->notifyDataChanged();
    m_dock->selectDataset(result.datasetId);
    m_status->showMessage(
        tr("Imported %1 rows into “%2” (%3).").arg(QLocale().toString(result.rows), result.datasetName, result.format),
        10000);
    if (result.skipped.isEmpty() && result.warnings.isEmpty())
        return;
    QStringList lines = result.warnings;
    for (qsizetype i = 0; i < result.skipped.size() && i < 50; ++i)
        lines << tr("line %1: %2").arg(result.skipped[i].line).arg(result.skipped[i].reason);
    if (result.skipped.size() > 50)
        lines << tr("… and %1 more skipped rows").arg(result.skipped.size() - 50);
    auto* box = new QMessageBox(QMessageBox::Information, tr("Import report"),
        tr("Imported %1 rows into “%2”; %3 rows were skipped.")
            .arg(QLocale().toString(result.rows), result.datasetName)
            .arg(result.skipped.size()),
        QMessageBox::Ok, this);
    box->setDetailedText(lines.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("importReport"));
    box->open();
}

void MainWindow::createDemo(const QString& path, const QString& manifestDir, bool trainAfter)
{
    m_status->showJob(true, tr("Creating the demo project"));
    // One-shot wiring: whichever outcome arrives first disconnects all three.
    auto connections = std::make_shared<QList<QMetaObject::Connection>>();
    auto done = [this, connections](bool ok) {
        for (const auto& c : *connections)
            disconnect(c);
        m_status->showJob(false);
        emit backgroundJobDone(ok);
    };
    *connections << connect(m_job, &JobController::finished, this, [this, path, done, trainAfter] {
        done(true);
        if (!openProject(path))
            return;
        m_status->showMessage(tr("Demo project created."), 10000);
        if (trainAfter) {
            // A first-time user sees analysis views after one training run on the demo pair.
            m_trainingDock->raise();
            m_training->start(demoTrainConfig(TrainingPanel::kGuiThreads));
        }
    });
    *connections << connect(m_job, &JobController::failed, this, [this, done](const QString& message) {
        done(false);
        showError(tr("Cannot create the demo project"), message);
    });
    *connections << connect(m_job, &JobController::cancelled, this, [this, done] {
        done(false);
        m_status->showMessage(tr("Demo project creation cancelled"), 10000);
    });
    m_job->start(
        [path, manifestDir](Progress& progress) { return QVariant(createDemoProject(path, progress, manifestDir)); });
}

void MainWindow::startup(const QString& commandLineProject)
{
    const StartupChoice choice
        = StartupChoice::decide(commandLineProject, settings::lastProject.get(), defaultDemoProjectPath());
    if (choice.action == StartupChoice::OpenProject)
        openProject(choice.path);
    else
        createDemo(choice.path, QString::fromLatin1(kBundledDemoDir));
}

void MainWindow::updateActions()
{
    m_importAction->setEnabled(m_session->isOpen());
    m_exportChartsAction->setEnabled(m_session->isOpen() && m_analysis->shownRunId() > 0);
    m_exportRouterAction->setEnabled(m_session->isOpen() && m_analysis->shownRunId() > 0);
}

void MainWindow::onTrainingBusy(bool busy)
{
    if (busy) {
        m_status->clearMessage(); // a temporary message would be drawn over the progress
        m_status->showJob(true, tr("Training"));
    } else if (!m_job->isRunning())
        m_status->showJob(false);
}

void MainWindow::onTrainingFinished(qint64 runId)
{
    if (!m_session->isOpen() || m_training->runProject() != m_session->path())
        return; // the run belongs to a project that is no longer open
    // In three event-loop turns (1 ms timers: see RunViewsWidget::showRun), so that a large run never blocks the window
    // in one go: re-read the run history (the run itself loads on a pool thread), then show the Analysis tab, then
    // refresh the status bar's counts.
    m_analysis->reloadRuns(runId);
    QTimer::singleShot(1, this, [this, runId] {
        m_tabs->setCurrentWidget(m_analysis);
        m_status->showMessage(tr("Training run %1 stored.").arg(runId), 10000);
        updateActions();
        QTimer::singleShot(1, this, [this] {
            if (m_session->isOpen())
                m_status->showProject(m_session->path(), m_session->info());
        });
    });
}

QStringList MainWindow::exportAllCharts(const QString& dir, QString* error)
{
    if (m_analysis->shownRunId() <= 0) {
        if (error)
            *error = tr("no run is shown");
        return {};
    }
    ChartExportOptions options;
    options.dpi = 192;
    return m_analysis->views()->exportAll(dir, options, true, error);
}

void MainWindow::exportAllChartsWithDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all charts and tables into"));
    if (dir.isEmpty())
        return;
    QString error;
    const QStringList files = exportAllCharts(dir, &error);
    if (!error.isEmpty())
        showError(tr("Export all charts"), error);
    else
        m_status->showMessage(tr("%n file(s) written to %1.", nullptr, int(files.size())).arg(dir), 10000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    settings::windowGeometry.set(saveGeometry());
    settings::windowState.set(saveState());
    m_training->cancel();
    m_training->job()->waitForIdle();
    m_job->cancel();
    m_job->waitForIdle();
    event->accept();
}

} // namespace crw::ui
