#include "views/RunViewsWidget.h"
#include "runs/RunStore.h"

#include "charts/ChartExport.h"
#include "charts/ChartView.h"
#include "routing/RouterExport.h"
#include "routing/RouterFile.h"
#include "serve/ServeCommandLine.h"
#include "store/SqliteDb.h"
#include "views/BalanceView.h"
#include "views/BiasView.h"
#include "views/CostQualityView.h"
#include "views/GoldSuggestionsView.h"
#include "views/OperatingPointState.h"
#include "views/PoolView.h"
#include "runs/PoolReadout.h"
#include "views/TableExport.h"
#include "views/ThresholdControl.h"
#include "views/UncertaintyView.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <stdexcept>

namespace crw {

RunViewsWidget::RunViewsWidget(QWidget* parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_toolbar(new QToolBar(this))
    , m_tabs(new QTabWidget(this))
    , m_bias(new BiasView(this))
    , m_balance(new BalanceView(this))
    , m_costQuality(new CostQualityView(this))
    , m_uncertainty(new UncertaintyView(this))
    , m_suggestions(new GoldSuggestionsView(this))
    , m_pool(new PoolView(this))
{
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->addTab(m_bias, tr("Bias"));
    m_tabs->addTab(m_balance, tr("Balance"));
    m_tabs->addTab(m_costQuality, tr("Cost-quality"));
    m_tabs->addTab(m_uncertainty, tr("Uncertainty"));
    m_tabs->addTab(m_suggestions, tr("Gold suggestions"));
    m_pool->hide(); // its tab exists only while a pool run is shown
    m_pool->setUndoStack(m_costQuality->thresholdControl()->undoStack());
    connect(m_pool, &PoolView::exportRouterRequested, this, &RunViewsWidget::exportRouterWithDialog);
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) { applyRun(m_tabs->widget(index)); });

    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->addAction(tr("Export chart…"), this, &RunViewsWidget::exportCurrentChart)
        ->setToolTip(tr("Save the current chart as PNG, SVG or PDF"));
    m_toolbar->addAction(tr("Copy chart"), this, &RunViewsWidget::copyCurrentChart)
        ->setToolTip(tr("Copy the current chart to the clipboard as an image"));
    m_toolbar->addAction(tr("Export all…"), this, &RunViewsWidget::exportAllWithDialog)
        ->setToolTip(tr("Save every chart (PNG, SVG, PDF) and every table (CSV) into a folder"));
    m_toolbar->addSeparator();
    m_toolbar->addAction(tr("Export table…"), this, &RunViewsWidget::exportCurrentTable)
        ->setToolTip(tr("Save the current tab's main table as CSV"));
    auto* copyTable = m_toolbar->addAction(tr("Copy table"), this, &RunViewsWidget::copyCurrentTable);
    copyTable->setToolTip(tr("Copy the selected rows (or the whole table) as tab-separated text"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_tabs, 1);
    m_toolbar->setEnabled(false);
    m_header->setText(tr("No run selected."));
    connect(
        thresholdControl(), &ThresholdControl::exportRouterRequested, this, &RunViewsWidget::exportRouterWithDialog);
}

RunViewsWidget::~RunViewsWidget() = default;

QUndoStack* RunViewsWidget::undoStack() const
{
    return m_costQuality->thresholdControl()->undoStack();
}

ThresholdControl* RunViewsWidget::thresholdControl() const
{
    syncViews();
    return m_costQuality->thresholdControl();
}

bool RunViewsWidget::showRun(const QString& projectPath, qint64 runId, QString* error)
{
    try {
        showRun(RunStore::load(projectPath, runId));
        return true;
    } catch (const std::exception& e) {
        const QString msg = QString::fromUtf8(e.what());
        m_header->setText(tr("<b>Cannot show run %1:</b> %2").arg(runId).arg(msg.toHtmlEscaped()));
        if (error)
            *error = msg;
        return false;
    }
}

void RunViewsWidget::showRun(const RunRecord& run)
{
    m_run = std::make_unique<RunRecord>(run);
    // A pool run (kind "pool") has its own Cost-quality view and nothing for the pair views.
    const bool pool = isPoolRun();
    for (QWidget* v : pairViews())
        m_tabs->setTabVisible(m_tabs->indexOf(v), !pool);
    if (pool && m_tabs->indexOf(m_pool) < 0)
        m_tabs->addTab(m_pool, tr("Cost-quality (pool)"));
    if (!pool && m_tabs->indexOf(m_pool) >= 0) {
        if (m_tabs->currentWidget() == m_pool)
            m_tabs->setCurrentWidget(m_costQuality);
        m_tabs->removeTab(m_tabs->indexOf(m_pool));
        m_pool->hide();
    }
    if (pool) {
        m_tabs->setCurrentWidget(m_pool);
        const PoolRun p = PoolRun::fromSummaryJson(run.summary);
        m_header->setText(tr("<b>Run %1</b> (%2) · pool router over <b>%3</b> · reference <b>%4</b> · %5 test rows")
                              .arg(m_run->id)
                              .arg(m_run->createdAt.toHtmlEscaped())
                              .arg(p.models.join(QStringLiteral(", ")).toHtmlEscaped())
                              .arg(p.reference.toHtmlEscaped())
                              .arg(p.testQueries()));
        m_pending = { m_pool };
        QTimer::singleShot(1, this, &RunViewsWidget::applyNextPending);
        m_toolbar->setEnabled(true);
        return;
    }
    m_header->setText(tr("<b>Run %1</b> (%2) · primary <b>%3</b> vs alternative <b>%4</b> · %5 gold, %6 preference, "
                         "%7 test rows · features: %8")
                          .arg(m_run->id)
                          .arg(m_run->createdAt.toHtmlEscaped())
                          .arg(m_run->primary.toHtmlEscaped())
                          .arg(m_run->alternative.toHtmlEscaped())
                          .arg(m_run->goldRows)
                          .arg(m_run->preferenceRows)
                          .arg(m_run->testRows)
                          .arg(m_run->features.toHtmlEscaped()));
    // The default router's choice in words, and its cross-validation table on hover.
    const AutoChoice& ac = m_run->diagnostics.autoChoice;
    if (!ac.isEmpty()) {
        m_header->setText(m_header->text() + tr("<br>Router choice (auto): %1.").arg(ac.reason.toHtmlEscaped()));
        QString table = tr("<b>auto: held-out gold loss of each candidate</b><table><tr><th align=left>candidate</th>"
                           "<th>loss</th><th>vs gold-only</th><th>SE</th></tr>");
        for (const AutoCandidateRow& c : ac.candidates)
            table += QStringLiteral("<tr><td>%1%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                         .arg(c.name.toHtmlEscaped(), c.name == ac.chosen ? tr(" (chosen)") : QString())
                         .arg(c.loss, 0, 'g', 4)
                         .arg(c.diffVsGoldOnly, 0, 'g', 3)
                         .arg(c.diffSe, 0, 'g', 3);
        m_header->setToolTip(table + QStringLiteral("</table>"));
    } else
        m_header->setToolTip(QString());
    // Every view is filled in its own event-loop turn, the visible one first (filling, laying out and first painting
    // a view with 10^5 rows takes tens of milliseconds; in one go they would block the window). A 1 ms timer, not a
    // zero-timeout, because zero-timeouts are posted events that Qt may deliver in the same batch as the layout and
    // paint events, with no timer (or input) in between.
    m_pending = { m_bias, m_balance, m_costQuality, m_uncertainty, m_suggestions };
    m_pending.removeOne(m_tabs->currentWidget());
    m_pending.prepend(m_tabs->currentWidget());
    QTimer::singleShot(1, this, &RunViewsWidget::applyNextPending);
    m_toolbar->setEnabled(true);
}

void RunViewsWidget::applyRun(QWidget* view) const
{
    if (!m_run || !m_pending.removeOne(view))
        return;
    if (auto* v = dynamic_cast<RunView*>(view))
        v->setRun(*m_run);
}

void RunViewsWidget::applyNextPending()
{
    if (m_pending.isEmpty())
        return;
    applyRun(m_pending.first());
    if (!m_pending.isEmpty())
        QTimer::singleShot(1, this, &RunViewsWidget::applyNextPending);
}

void RunViewsWidget::syncViews() const
{
    while (!m_pending.isEmpty())
        applyRun(m_pending.first());
}

QList<ChartView*> RunViewsWidget::allCharts() const
{
    syncViews();
    if (isPoolRun())
        return m_pool->charts();
    return m_bias->charts() + m_balance->charts() + m_costQuality->charts() + m_uncertainty->charts()
        + m_suggestions->charts();
}

QList<NamedTable> RunViewsWidget::allTables() const
{
    syncViews();
    if (isPoolRun())
        return m_pool->tables();
    return m_bias->tables() + m_balance->tables() + m_costQuality->tables() + m_uncertainty->tables()
        + m_suggestions->tables();
}

ChartView* RunViewsWidget::currentChart() const
{
    applyRun(m_tabs->currentWidget());
    auto* view = dynamic_cast<RunView*>(m_tabs->currentWidget());
    if (!view || view->charts().isEmpty())
        return nullptr;
    for (ChartView* c : view->charts())
        if (c->hasFocus())
            return c;
    return view->charts().first();
}

NamedTable* RunViewsWidget::currentTable(NamedTable* storage) const
{
    applyRun(m_tabs->currentWidget());
    auto* view = dynamic_cast<RunView*>(m_tabs->currentWidget());
    if (!view || view->tables().isEmpty())
        return nullptr;
    const QList<NamedTable> tables = view->tables();
    *storage = tables.first();
    for (const NamedTable& t : tables)
        if (t.view && t.view->hasFocus())
            *storage = t;
    return storage;
}

QStringList RunViewsWidget::exportAll(
    const QString& outDir, const ChartExportOptions& options, bool withPdf, QString* error)
{
    QStringList written;
    if (!QDir().mkpath(outDir)) {
        if (error)
            *error = tr("cannot create folder %1").arg(outDir);
        return written;
    }
    const QDir dir(outDir);
    QList<QPair<QString, ExportFormat>> formats { { "png", ExportFormat::Png }, { "svg", ExportFormat::Svg } };
    if (withPdf)
        formats.push_back({ "pdf", ExportFormat::Pdf });
    for (ChartView* c : allCharts())
        for (const auto& [suffix, format] : formats) {
            const QString path = dir.filePath(c->exportName() + QLatin1Char('.') + suffix);
            if (!exportChart(c->chart(), path, format, options, error))
                return written;
            written << path;
        }
    for (const NamedTable& t : allTables()) {
        const QString path = dir.filePath(t.name + QStringLiteral(".csv"));
        if (!exportTableCsv(t.model, path, error))
            return written;
        written << path;
    }
    return written;
}

QStringList RunViewsWidget::exportAllViews(const QString& projectPath, qint64 runId, const QString& outDir, int dpi)
{
    RunRecord run = RunStore::load(projectPath, runId);
    RunViewsWidget w;
    w.resize(1400, 900);
    w.showRun(run);
    w.goldSuggestionsView()->waitUntilIdle(); // the list is computed off the GUI thread; a failure leaves it out
    ChartExportOptions o;
    o.dpi = dpi;
    QString error;
    const QStringList files = w.exportAll(outDir, o, false, &error);
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    return files;
}

bool RunViewsWidget::exportRouter(const QString& filePath, QString* error)
{
    auto fail = [error](const QString& msg) {
        if (error)
            *error = msg;
        return false;
    };
    if (!m_run || m_run->projectPath.isEmpty())
        return fail(tr("no stored run is shown"));
    if (isPoolRun()) {
        // The pool router at the operating point chosen in the pool view.
        syncViews();
        const int i = m_pool->pointIndex();
        if (i < 0)
            return fail(tr("the pool run has no operating point"));
        try {
            writeRouterFile(poolRouterAt(m_pool->pool(), m_pool->sweep()[i].w, m_run->id), filePath);
        } catch (const std::exception& e) {
            return fail(QString::fromUtf8(e.what()));
        }
        return true;
    }
    const OperatingPointState* state = thresholdControl()->state();
    ExportOptions o;
    o.runId = m_run->id;
    o.router = state->router();
    o.target = CalibrationTarget { CalibrationTarget::Share, state->share() };
    try {
        writeRouterFile(exportRouterFromRun(m_run->projectPath, o), filePath);
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    return true;
}

bool RunViewsWidget::isPoolRun() const
{
    return m_run && m_run->kind == QLatin1String("pool");
}

QList<QWidget*> RunViewsWidget::pairViews() const
{
    return { m_bias, m_balance, m_costQuality, m_uncertainty, m_suggestions };
}

void RunViewsWidget::exportRouterWithDialog()
{
    if (!m_run)
        return;
    const QString suggested
        = QStringLiteral("router-run%1-%2.json").arg(m_run->id).arg(thresholdControl()->state()->router());
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export router config"), suggested, tr("Router file (*.json)"));
    if (path.isEmpty())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    const bool ok = exportRouter(path, &error);
    QApplication::restoreOverrideCursor();
    if (!ok) {
        QMessageBox::warning(this, tr("Export router config"), error);
        return;
    }
    // Offer the command line that serves the exported file over HTTP (docs/serve.md).
    const QString command = serveCommandLine(path);
    QMessageBox box(QMessageBox::Information, tr("Export router config"),
        tr("Router exported to %1.\n\nServe it over HTTP (POST /v1/route, /v1/chat/completions) with:\n\n%2")
            .arg(QDir::toNativeSeparators(path), command),
        QMessageBox::Ok, this);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPushButton* copy = box.addButton(tr("Copy command"), QMessageBox::ActionRole);
    box.exec();
    if (box.clickedButton() == copy)
        QGuiApplication::clipboard()->setText(command);
}

void RunViewsWidget::exportCurrentChart()
{
    if (ChartView* c = currentChart())
        c->exportWithDialog();
}

void RunViewsWidget::copyCurrentChart()
{
    if (ChartView* c = currentChart())
        c->copyToClipboard();
}

void RunViewsWidget::exportAllWithDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all charts and tables into"));
    if (dir.isEmpty())
        return;
    ChartExportOptions o;
    o.dpi = 192;
    QString error;
    const QStringList files = exportAll(dir, o, true, &error);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export all"), error);
    else
        QMessageBox::information(
            this, tr("Export all"), tr("%n file(s) written to %1.", nullptr, int(files.size())).arg(dir));
}

void RunViewsWidget::exportCurrentTable()
{
    NamedTable storage;
    NamedTable* t = currentTable(&storage);
    if (!t)
        return;
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export table"), t->name + QStringLiteral(".csv"), tr("CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportTableCsv(t->model, path, &error))
        QMessageBox::warning(this, tr("Export table"), error);
}

void RunViewsWidget::copyCurrentTable()
{
    NamedTable storage;
    NamedTable* t = currentTable(&storage);
    if (!t)
        return;
    QModelIndexList selection;
    if (t->view && t->view->selectionModel())
        selection = t->view->selectionModel()->selectedIndexes();
    copyTableToClipboard(t->model, selection);
}

} // namespace crw
