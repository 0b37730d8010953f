#include "training/AnalysisPage.h"
#include "runs/RunStore.h"

#include "training/RunHistoryModel.h"
#include "views/RunViewsWidget.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace crw::ui {

AnalysisPage::AnalysisPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new RunHistoryModel(this))
    , m_list(new QListView)
    , m_empty(new QLabel)
    , m_views(new RunViewsWidget)
    , m_splitter(new QSplitter(Qt::Horizontal))
{
    setObjectName(QStringLiteral("analysisPage"));
    m_list->setObjectName(QStringLiteral("runHistoryView"));
    m_list->setModel(m_model);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setAlternatingRowColors(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setWordWrap(true); // long model names wrap instead of being cut
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSpacing(2);
    m_empty->setObjectName(QStringLiteral("noRunsLabel"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_empty->setText(tr("No training runs yet. Set up a run in the Training panel and press Run."));

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 0, 4);
    auto* title = new QLabel(tr("<b>Runs</b>"));
    leftLayout->addWidget(title);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addWidget(m_empty);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_views);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 210, 1100 }); // the list wraps; the views need the width

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &AnalysisPage::onCurrentChanged);
}

AnalysisPage::~AnalysisPage() = default;

void AnalysisPage::setProject(const QString& projectPath)
{
    m_project = projectPath;
    m_cache.clear();
    m_shown = 0;
    m_pending = 0;
    m_views->setEnabled(true);
    m_list->selectionModel()->clear();
    reloadRuns(-1);
}

void AnalysisPage::reloadRuns(qint64 runId)
{
    const qint64 keep = runId > 0 ? runId : m_pending > 0 ? m_pending : m_shown;
    {
        const QSignalBlocker block(m_list->selectionModel());
        m_model->reload(m_project);
    }
    m_empty->setVisible(m_model->rowCount() == 0);
    m_views->setVisible(m_model->rowCount() > 0);
    if (!m_model->errorString().isEmpty())
        m_empty->setText(tr("Cannot read the runs: %1").arg(m_model->errorString()));
    if (m_model->rowCount() == 0)
        return;
    if (!selectRun(keep))
        selectRun(m_model->entries().first().id);
}

bool AnalysisPage::selectRun(qint64 runId)
{
    const int row = m_model->rowOf(runId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row);
    if (m_list->currentIndex() == index && (m_shown == runId || m_pending == runId))
        return true;
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
    if (m_shown != runId && m_pending != runId) // same index as before a reload: no currentChanged
        showRunId(runId);
    return true;
}

void AnalysisPage::onCurrentChanged()
{
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid())
        showRunId(index.data(RunHistoryModel::RunIdRole).toLongLong());
}

void AnalysisPage::showRunId(qint64 runId)
{
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
        if (it->id == runId) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            m_pending = 0;
            m_views->showRun(m_cache.front());
            m_shown = runId;
            emit runShown(runId);
            return;
        }
    // A large run takes a while to read: read it on a pool thread, show it when it arrives (if still wanted).
    m_pending = runId;
    m_views->setEnabled(false);
    const QString project = m_project;
    QtConcurrent::run([project, runId] {
        LoadedRun r;
        try {
            r.run = RunStore::load(project, runId);
            r.run.precompute(); // balance statistics, histograms, sorted bias rows: off the GUI thread
            r.ok = true;
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    }).then(this, [this, project, runId](const LoadedRun& r) { onLoaded(project, runId, r); });
}

void AnalysisPage::onLoaded(const QString& project, qint64 runId, const LoadedRun& loaded)
{
    if (project != m_project || runId != m_pending)
        return; // another project or run was chosen meanwhile
    m_pending = 0;
    m_views->setEnabled(true);
    if (!loaded.ok) {
        m_views->showRun(m_project, runId); // shows the error in place of the views
        m_shown = 0;
        return;
    }
    m_cache.push_front(loaded.run);
    while (int(m_cache.size()) > kCachedRuns)
        m_cache.pop_back();
    m_views->showRun(m_cache.front());
    m_shown = runId;
    emit runShown(runId);
}

} // namespace crw::ui
