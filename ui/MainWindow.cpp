#include "MainWindow.h"

#include "AboutBox.h"
#include "DataTabs.h"
#include "DatasetDock.h"
#include "DatasetListModel.h"
#include "DemoProject.h"
#include "ImportDialog.h"
#include "ImportFormats.h"
#include "JobController.h"
#include "ProjectSession.h"
#include "ProjectStatusBar.h"
#include "RecentProjects.h"
#include "RecentProjectsMenu.h"
#include "Resources.h"
#include "Settings.h"
#include "StartupChoice.h"
#include "Theme.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QTreeView>

namespace crw::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new ProjectSession(this))
    , m_datasets(new DatasetListModel(this))
    , m_dock(new DatasetDock(m_datasets, this))
    , m_tabs(new DataTabs(this))
    , m_status(new ProjectStatusBar(this))
    , m_job(new JobController(this))
{
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/causal-router-workbench.svg")));
    setWindowTitle(tr("Causal Router Workbench"));
    setCentralWidget(m_tabs);
    addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    setStatusBar(m_status);
    resize(1280, 800);
    resizeDocks({ m_dock }, { 380 }, Qt::Horizontal);
    createMenus();

    connect(m_session, &ProjectSession::opened, this, &MainWindow::onProjectOpened);
    connect(m_session, &ProjectSession::closed, this, &MainWindow::onProjectClosed);
    connect(m_session, &ProjectSession::dataChanged, this, &MainWindow::reloadProjectData);
    connect(m_dock, &DatasetDock::filterChanged, this, &MainWindow::onDatasetFilter);
    connect(m_recentMenu, &RecentProjectsMenu::projectChosen, this, &MainWindow::openProject);

    connect(m_status, &ProjectStatusBar::cancelRequested, m_job, &JobController::cancel);
    connect(m_job, &JobController::progress, m_status, &ProjectStatusBar::setJobProgress);

    restoreGeometry(settings::windowGeometry.get());
    restoreState(settings::windowState.get());
    updateActions();
}

MainWindow::~MainWindow()
{
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
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_dock->toggleViewAction());
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
    reloadProjectData();
    updateActions();
}

void MainWindow::onProjectClosed()
{
    m_tabs->setDatabase({});
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

void MainWindow::createDemo(const QString& path, const QString& manifestDir)
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
    *connections << connect(m_job, &JobController::finished, this, [this, path, done] {
        done(true);
        if (openProject(path))
            m_status->showMessage(tr("Demo project created."), 10000);
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
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    settings::windowGeometry.set(saveGeometry());
    settings::windowState.set(saveState());
    m_job->cancel();
    m_job->waitForIdle();
    event->accept();
}

} // namespace crw::ui
