#include "views/GoldSuggestionsView.h"

#include "JobController.h"
#include "runs/RunRecord.h"
#include "views/GoldSuggestionModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <memory>

namespace crw {

// What a request hands back to the GUI thread: the result tagged with the request it answers.
struct GoldSuggestionOutcome {
    quint64 request = 0;
    SuggestionResult result;
};

namespace {

QString strategyHelp(AcquisitionStrategy s)
{
    switch (s) {
    case AcquisitionStrategy::Uncertainty:
        return GoldSuggestionsView::tr("queries whose routing decision is most likely wrong given the bootstrap "
                                       "uncertainty of the estimated gain (needs a run trained with bootstrap "
                                       "replicates)");
    case AcquisitionStrategy::Overlap:
        return GoldSuggestionsView::tr("queries where gold labels are rarest compared with preference labels "
                                       "(lowest gold/preference density ratio)");
    case AcquisitionStrategy::Random:
        return GoldSuggestionsView::tr("a seeded random draw, as a baseline");
    }
    return {};
}

} // namespace

} // namespace crw

Q_DECLARE_METATYPE(std::shared_ptr<crw::GoldSuggestionOutcome>)

namespace crw {

GoldSuggestionsView::GoldSuggestionsView(QWidget* parent)
    : QWidget(parent)
    , m_job(new ui::JobController(this))
    , m_model(new GoldSuggestionModel(this))
    , m_table(new QTableView(this))
    , m_strategy(new QComboBox(this))
    , m_budget(new QSpinBox(this))
    , m_share(new QDoubleSpinBox(this))
    , m_suggest(new QPushButton(tr("&Suggest"), this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
{
    for (AcquisitionStrategy s :
        { AcquisitionStrategy::Uncertainty, AcquisitionStrategy::Overlap, AcquisitionStrategy::Random }) {
        m_strategy->addItem(acquisitionStrategyName(s), int(s));
        m_strategy->setItemData(m_strategy->count() - 1, strategyHelp(s), Qt::ToolTipRole);
    }
    m_strategy->setObjectName(QStringLiteral("strategyBox"));
    m_strategy->setToolTip(tr("How to rank the preference-only queries of the run"));
    m_budget->setObjectName(QStringLiteral("budgetBox"));
    m_budget->setRange(1, 1000000);
    m_budget->setValue(kDefaultBudget);
    m_budget->setToolTip(tr("How many queries to suggest for gold labelling"));
    m_share->setObjectName(QStringLiteral("shareBox"));
    m_share->setRange(0.0, 1.0);
    m_share->setDecimals(2);
    m_share->setSingleStep(0.05);
    m_share->setValue(kDefaultShare);
    m_share->setToolTip(tr("Operating point of the uncertainty strategy: the routing threshold sends this share of "
                           "the candidates to the primary"));
    m_suggest->setObjectName(QStringLiteral("suggestButton"));
    m_suggest->setToolTip(tr("Rank the run's preference-only queries (in the background)"));
    m_export->setObjectName(QStringLiteral("exportSuggestionsButton"));
    m_export->setToolTip(tr("Save the list as CSV (query_id, text, score, reason)"));
    m_status->setObjectName(QStringLiteral("suggestionStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(QStringLiteral("suggestionError"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // one line; long messages are cut
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, QColor(200, 30, 30));
    m_error->setPalette(red);
    m_error->hide();

    m_table->setObjectName(QStringLiteral("suggestionTable"));
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* h = m_table->horizontalHeader();
    h->setSectionResizeMode(GoldSuggestionModel::QueryId, QHeaderView::ResizeToContents);
    h->setSectionResizeMode(GoldSuggestionModel::Text, QHeaderView::Stretch);
    h->setSectionResizeMode(GoldSuggestionModel::Score, QHeaderView::ResizeToContents);
    h->setSectionResizeMode(GoldSuggestionModel::Reason, QHeaderView::ResizeToContents);

    auto* controls = new QHBoxLayout;
    auto* strategyLabel = new QLabel(tr("S&trategy:"), this);
    strategyLabel->setBuddy(m_strategy);
    auto* budgetLabel = new QLabel(tr("&Budget:"), this);
    budgetLabel->setBuddy(m_budget);
    auto* shareLabel = new QLabel(tr("Primary s&hare:"), this);
    shareLabel->setBuddy(m_share);
    controls->addWidget(strategyLabel);
    controls->addWidget(m_strategy);
    controls->addSpacing(8);
    controls->addWidget(budgetLabel);
    controls->addWidget(m_budget);
    controls->addSpacing(8);
    controls->addWidget(shareLabel);
    controls->addWidget(m_share);
    controls->addSpacing(8);
    controls->addWidget(m_suggest);
    controls->addWidget(m_export);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);

    connect(m_suggest, &QPushButton::clicked, this, [this] { suggest(); });
    connect(m_export, &QPushButton::clicked, this, &GoldSuggestionsView::exportCsvWithDialog);
    connect(m_job, &ui::JobController::finished, this, &GoldSuggestionsView::onFinished);
    connect(m_job, &ui::JobController::failed, this, &GoldSuggestionsView::onFailed);
    connect(m_job, &ui::JobController::cancelled, this, &GoldSuggestionsView::updateButtons);
    m_status->setText(tr("No run shown."));
    updateButtons();
}

GoldSuggestionsView::~GoldSuggestionsView()
{
    m_job->cancel();
    m_job->waitForIdle();
}

QList<NamedTable> GoldSuggestionsView::tables() const
{
    if (m_model->rowCount() == 0)
        return {};
    return { { QStringLiteral("gold_suggestions"), m_model, m_table } };
}

void GoldSuggestionsView::setRun(const RunRecord& run)
{
    ++m_request; // a request for the previous run may still deliver: never show it
    m_job->cancel();
    m_project = run.projectPath;
    m_runId = run.id;
    m_result = {};
    m_model->setSuggestions({});
    m_error->clear();
    m_error->hide();
    const bool withSe = run.uncertainty.present;
    m_hasUncertainty = withSe;
    m_strategy->setCurrentIndex(
        m_strategy->findData(int(withSe ? AcquisitionStrategy::Uncertainty : AcquisitionStrategy::Overlap)));
    if (m_project.isEmpty()) {
        m_status->setText(tr("Gold suggestions need a run stored in a project."));
        updateButtons();
        return;
    }
    if (withSe) {
        suggest();
        return;
    }
    m_status->setText(tr("This run has no bootstrap uncertainty, so the uncertainty strategy is not available "
                         "(retrain with Bootstrap replicates > 0). Press Suggest to rank by overlap or at random."));
    updateButtons();
}

bool GoldSuggestionsView::suggest()
{
    if (m_project.isEmpty() || m_runId <= 0)
        return false;
    SuggestionRequest req;
    req.runId = m_runId;
    req.strategy = AcquisitionStrategy(m_strategy->currentData().toInt());
    req.budget = m_budget->value();
    req.primaryShare = m_share->value();
    const quint64 request = ++m_request;
    if (req.strategy == AcquisitionStrategy::Uncertainty && !m_hasUncertainty) {
        m_job->cancel(); // a running request must not replace this answer
        m_model->setSuggestions({});
        m_result = {};
        onFailed(tr("This run has no bootstrap uncertainty: retrain it with Bootstrap replicates > 0, or choose the "
                    "overlap or random strategy."));
        return false;
    }
    const QString path = m_project;
    m_error->hide();
    m_status->setText(tr("Ranking the preference-only queries by %1…").arg(acquisitionStrategyName(req.strategy)));
    m_job->start([path, req, request](Progress& progress) {
        auto outcome = std::make_shared<GoldSuggestionOutcome>();
        outcome->request = request;
        outcome->result = suggestGold(path, req);
        progress.check(); // a cancelled request (another run shown) ends as cancelled, not finished
        return QVariant::fromValue(outcome);
    });
    updateButtons();
    return true;
}

bool GoldSuggestionsView::isBusy() const
{
    return m_job->isRunning();
}

bool GoldSuggestionsView::waitUntilIdle(int timeoutMs)
{
    if (!m_job->isRunning())
        return true;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(m_job, &ui::JobController::cancelled, &loop, &QEventLoop::quit);
    connect(m_job, &ui::JobController::finished, &loop, &QEventLoop::quit);
    connect(m_job, &ui::JobController::failed, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    while (m_job->isRunning() && timer.isActive())
        loop.exec();
    return !m_job->isRunning();
}

void GoldSuggestionsView::onFinished(const QVariant& value)
{
    const auto outcome = value.value<std::shared_ptr<GoldSuggestionOutcome>>();
    if (!outcome || outcome->request != m_request) {
        updateButtons();
        return; // stale
    }
    m_result = outcome->result;
    m_model->setSuggestions(m_result.rows);
    const QLocale l;
    const QString strategy = m_strategy->currentText();
    QString status = m_result.candidates == 0
        ? tr("The run has no preference-only queries to suggest.")
        : tr("Top %1 of %2 preference-only queries (neither gold nor test rows of the run) by %3 · routing threshold "
             "on the estimated gain: %4 · base rate %5.")
              .arg(l.toString(qlonglong(m_result.rows.size())), l.toString(m_result.candidates), strategy)
              .arg(m_result.threshold, 0, 'g', 4)
              .arg(m_result.baseRate, 0, 'g', 3);
    if (!m_result.note.isEmpty())
        status += QLatin1Char(' ') + tr("Note: %1.").arg(m_result.note);
    m_status->setText(status);
    updateButtons();
    emit suggestionsReady();
}

void GoldSuggestionsView::onFailed(const QString& message)
{
    showError(message);
    m_status->setText(tr("No suggestions."));
    updateButtons();
    emit suggestionsFailed(errorText());
}

void GoldSuggestionsView::showError(const QString& message)
{
    const QString line = message.section(QLatin1Char('\n'), 0, 0).trimmed();
    m_error->setText(line);
    m_error->setToolTip(message);
    m_error->show();
}

QString GoldSuggestionsView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool GoldSuggestionsView::exportCsv(const QString& path, QString* error)
{
    auto fail = [error](const QString& msg) {
        if (error)
            *error = msg;
        return false;
    };
    if (m_model->suggestions().empty())
        return fail(tr("there are no suggestions to export"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fail(tr("cannot write %1: %2").arg(path, f.errorString()));
    const QByteArray bytes = suggestionsCsv(m_model->suggestions()).toUtf8();
    if (f.write(bytes) != bytes.size() || !f.flush())
        return fail(tr("cannot write %1: %2").arg(path, f.errorString()));
    return true;
}

void GoldSuggestionsView::exportCsvWithDialog()
{
    const QString suggested
        = QStringLiteral("gold-suggestions-run%1-%2.csv").arg(m_runId).arg(m_strategy->currentText());
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export gold suggestions"), suggested, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        showError(error);
}

void GoldSuggestionsView::updateButtons()
{
    const bool busy = m_job->isRunning();
    m_suggest->setEnabled(!m_project.isEmpty() && m_runId > 0);
    m_suggest->setText(busy ? tr("Suggesting…") : tr("&Suggest"));
    m_export->setEnabled(!busy && !m_model->suggestions().empty());
}

} // namespace crw
