#include "training/TrainingPanel.h"

#include "JobController.h"
#include "runs/RunRecord.h"
#include "training/BootstrapSpinBox.h"
#include "runs/TrainingRemarks.h"
#include "routing/PoolRunJob.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTime>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

namespace crw::ui {

namespace {
struct CatalogResult {
    PairCatalog catalog;
    QString error;
};

void selectData(QComboBox* box, const QVariant& data)
{
    const int i = box->findData(data);
    if (i >= 0)
        box->setCurrentIndex(i);
}

// Sets a model combo to name, adding the name when the list does not have it.
void selectModel(QComboBox* box, const QString& name)
{
    if (name.isEmpty())
        return;
    int i = box->findText(name);
    if (i < 0) {
        box->addItem(name);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

// Short checkbox labels that fit a narrow dock; the tooltip has the full name.
QString learnerLabel(RouterKind k)
{
    switch (k) {
    case RouterKind::MetaR:
        return TrainingPanel::tr("Meta R");
    case RouterKind::MetaDR:
        return TrainingPanel::tr("Meta DR");
    case RouterKind::MetaT:
        return TrainingPanel::tr("Meta T");
    case RouterKind::GoldOnly:
        return TrainingPanel::tr("Gold only");
    case RouterKind::PrefOnly:
        return TrainingPanel::tr("Preference only");
    case RouterKind::Pooled:
        return TrainingPanel::tr("Pooled");
    case RouterKind::MeanShift:
        return TrainingPanel::tr("Mean shift");
    case RouterKind::AllGold:
        return TrainingPanel::tr("All gold (oracle)");
    case RouterKind::Random:
        return TrainingPanel::tr("Random");
    case RouterKind::MetaRReference:
        return TrainingPanel::tr("Meta R (ref.)");
    case RouterKind::MetaDRReference:
        return TrainingPanel::tr("Meta DR (ref.)");
    case RouterKind::MetaROverlap:
        return TrainingPanel::tr("Meta R (overlap)");
    case RouterKind::MetaDROverlap:
        return TrainingPanel::tr("Meta DR (overlap)");
    }
    return routerName(k);
}

std::vector<RouterKind> rDrBaselines()
{
    return { RouterKind::MetaR, RouterKind::MetaDR, RouterKind::GoldOnly, RouterKind::PrefOnly, RouterKind::Pooled,
        RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random };
}
}

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent)
    , m_job(new JobController(this))
{
    setObjectName(QStringLiteral("trainingPanel"));
    buildUi();
    connect(m_job, &JobController::progress, this, &TrainingPanel::onProgress);
    connect(m_job, &JobController::finished, this, &TrainingPanel::onFinished);
    connect(m_job, &JobController::failed, this, &TrainingPanel::onFailed);
    connect(m_job, &JobController::cancelled, this, &TrainingPanel::onCancelled);
    setBusy(false);
}

TrainingPanel::~TrainingPanel()
{
    m_job->cancel();
    m_job->waitForIdle();
}

void TrainingPanel::buildUi()
{
    auto* content = new QWidget;
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_primary = new QComboBox;
    m_primary->setObjectName(QStringLiteral("primaryBox"));
    m_primary->setToolTip(tr("The strong, costly model the router sends a query to when it is worth it"));
    m_alternative = new QComboBox;
    m_alternative->setObjectName(QStringLiteral("alternativeBox"));
    m_alternative->setToolTip(tr("The cheap model that answers every other query"));
    for (QComboBox* b : { m_primary, m_alternative }) {
        b->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        b->setMinimumContentsLength(10);
    }
    m_pairInfo = new QLabel;
    m_pairInfo->setObjectName(QStringLiteral("pairInfo"));
    m_pairInfo->setWordWrap(true);
    form->addRow(tr("&Primary:"), m_primary);
    form->addRow(tr("&Alternative:"), m_alternative);
    form->addRow(QString(), m_pairInfo);

    auto* learners = new QGroupBox(tr("Learners"));
    auto* grid = new QGridLayout(learners);
    int cell = 0;
    for (RouterKind k : allRouterKinds()) {
        auto* c = new QCheckBox(learnerLabel(k));
        c->setObjectName(QStringLiteral("learner_") + routerName(k));
        c->setToolTip(QStringLiteral("%1 (%2)").arg(routerDisplayName(routerName(k)), routerName(k)));
        connect(c, &QCheckBox::toggled, this, &TrainingPanel::updateRunEnabled);
        if (k == RouterKind::MetaROverlap || k == RouterKind::MetaDROverlap)
            c->setToolTip(c->toolTip()
                + tr(": the Meta-Router trained only where gold and preference queries overlap (preference rows "
                     "with too little gold density around them are left out)"));
        m_learners.insert(k, c);
        grid->addWidget(c, cell / 2, cell % 2);
        ++cell;
    }
    auto* preset = new QPushButton(tr("R + DR + baselines"));
    preset->setObjectName(QStringLiteral("presetRDrBaselines"));
    preset->setToolTip(tr("Meta-Router (R), Meta-Router (DR) and every baseline"));
    connect(preset, &QPushButton::clicked, this, &TrainingPanel::applyPresetRDrBaselines);
    auto* metaOnly = new QPushButton(tr("R + DR only"));
    connect(metaOnly, &QPushButton::clicked, this, [this] { setLearners({ RouterKind::MetaR, RouterKind::MetaDR }); });
    grid->addWidget(preset, (cell + 1) / 2, 0);
    grid->addWidget(metaOnly, (cell + 1) / 2, 1);

    m_nuisance = new QComboBox;
    m_nuisance->setObjectName(QStringLiteral("nuisanceBox"));
    m_nuisance->addItem(tr("Gradient boosting (XGBoost)"), QStringLiteral("xgb"));
    m_nuisance->addItem(tr("Random forest (XGBoost)"), QStringLiteral("rf"));
    m_nuisance->addItem(tr("Ridge regression"), QStringLiteral("linear"));
    m_folds = new QSpinBox;
    m_folds->setObjectName(QStringLiteral("foldsBox"));
    m_folds->setRange(2, 20);
    m_folds->setValue(5);
    m_folds->setToolTip(tr("Cross-fitting folds of the nuisance models"));
    m_normalization = new QComboBox;
    m_normalization->setObjectName(QStringLiteral("normalizationBox"));
    const std::pair<NormalizationMethod, QString> normalizations[]
        = { { NormalizationMethod::Regression, tr("Regression (default)") },
              { NormalizationMethod::Variance, tr("Variance") }, { NormalizationMethod::Amplitude, tr("Amplitude") },
              { NormalizationMethod::Wasserstein2, tr("Wasserstein-2") }, { NormalizationMethod::None, tr("None") } };
    for (const auto& [m, label] : normalizations)
        m_normalization->addItem(label, normalizationName(m));
    m_normalization->setToolTip(tr("How preference outcomes are put on the gold scale before the bias is estimated"));
    m_propensity = new QComboBox;
    m_propensity->setObjectName(QStringLiteral("propensityBox"));
    m_propensity->addItem(tr("Auto (design unless a balance test rejects; default)"), QStringLiteral("auto"));
    m_propensity->addItem(tr("Estimated (cross-fitted, clipped)"), QStringLiteral("estimated"));
    m_propensity->addItem(tr("Design (constant n/(n+m))"), QStringLiteral("design"));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seedBox"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(1);
    m_goldSize = new QSpinBox;
    m_goldSize->setObjectName(QStringLiteral("goldSizeBox"));
    m_goldSize->setRange(0, std::numeric_limits<int>::max());
    m_goldSize->setSpecialValueText(tr("all"));
    m_goldSize->setToolTip(tr("Train on a seeded random subset of this many gold queries (all = every gold query "
                              "that is not held out)"));
    m_testSize = new QSpinBox;
    m_testSize->setObjectName(QStringLiteral("testSizeBox"));
    m_testSize->setRange(0, std::numeric_limits<int>::max());
    m_testSize->setSpecialValueText(tr("none"));
    m_testSize->setToolTip(tr("Gold queries held out for evaluation (default: 500 or 20% of the gold queries, "
                              "whichever is smaller)"));
    connect(m_testSize, &QSpinBox::valueChanged, this, [this] {
        if (!m_settingDefault)
            m_testSizeEdited = true;
    });
    m_dim = new QSpinBox;
    m_dim->setObjectName(QStringLiteral("dimBox"));
    m_dim->setRange(0, 1024);
    m_dim->setValue(50);
    m_dim->setSpecialValueText(tr("keep all"));
    m_dim->setToolTip(tr("Feature dimensions: TF-IDF SVD of the texts, or PCA of imported embeddings"));

    m_bootstrap = new BootstrapSpinBox;
    m_bootstrap->setObjectName(QStringLiteral("bootstrapBox"));
    m_bootstrap->setValue(TrainingConfig {}.bootstrap);
    m_bootstrap->setToolTip(tr("Bootstrap refits of the main router's ψ̂ model (0 = none). They give intervals on "
                               "ψ̂ (Uncertainty tab), enable the \"abstain to primary when uncertain\" rule and "
                               "uncertainty-based gold suggestions; each replicate costs one more final-stage fit"));
    m_overlapRatio = new QDoubleSpinBox;
    m_overlapRatio->setObjectName(QStringLiteral("overlapRatioBox"));
    m_overlapRatio->setRange(0.01, 1.0);
    m_overlapRatio->setDecimals(2);
    m_overlapRatio->setSingleStep(0.05);
    m_overlapRatio->setValue(TrainingConfig {}.overlapMinRatio);
    m_overlapRatio->setToolTip(tr("Overlap-restricted Meta-Routers use a preference row only where the gold density "
                                  "is at least this share of the preference density (higher = fewer, better covered "
                                  "rows)"));
    for (RouterKind k : { RouterKind::MetaROverlap, RouterKind::MetaDROverlap })
        connect(m_learners.value(k), &QCheckBox::toggled, this, [this] {
            m_overlapRatio->setEnabled(m_learners.value(RouterKind::MetaROverlap)->isChecked()
                || m_learners.value(RouterKind::MetaDROverlap)->isChecked());
        });
    m_overlapRatio->setEnabled(false);

    // Combo boxes size to a few characters, not to their longest entry, so the panel fits a narrow dock.
    for (QComboBox* b : { m_nuisance, m_normalization, m_propensity }) {
        b->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        b->setMinimumContentsLength(10);
    }
    auto* settings = new QFormLayout;
    settings->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    settings->addRow(tr("&Nuisance model:"), m_nuisance);
    settings->addRow(tr("&Folds:"), m_folds);
    settings->addRow(tr("N&ormalisation:"), m_normalization);
    settings->addRow(tr("P&ropensity:"), m_propensity);
    settings->addRow(tr("&Seed:"), m_seed);
    settings->addRow(tr("&Gold size:"), m_goldSize);
    settings->addRow(tr("&Test size:"), m_testSize);
    settings->addRow(tr("Feature &dimensions:"), m_dim);
    settings->addRow(tr("&Bootstrap replicates:"), m_bootstrap);
    settings->addRow(tr("O&verlap min. density ratio:"), m_overlapRatio);
    auto* settingsBox = new QGroupBox(tr("Settings"));
    settingsBox->setLayout(settings);

    // Many models: one Meta-Router per model over a reference (docs/multi-model.md), with the settings above.
    m_poolBox = new QGroupBox(tr("Pool (many models)"));
    m_poolModels = new QListWidget;
    m_poolModels->setObjectName(QStringLiteral("poolModels"));
    m_poolModels->setToolTip(tr("Check two or more models: the pool router sends each query to the model whose "
                                "estimated gain over the reference is worth its extra cost"));
    m_poolModels->setMaximumHeight(150);
    m_poolReference = new QComboBox;
    m_poolReference->setObjectName(QStringLiteral("poolReference"));
    m_poolReference->setToolTip(tr("The model every gain is measured against (its gain is 0); default: the cheapest. "
                                   "Each other model needs preference labels against it."));
    m_poolReference->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_poolReference->setMinimumContentsLength(10);
    m_poolInfo = new QLabel;
    m_poolInfo->setWordWrap(true);
    m_runPool = new QPushButton(tr("Train &pool"));
    m_runPool->setObjectName(QStringLiteral("runPoolButton"));
    connect(m_runPool, &QPushButton::clicked, this, [this] { startPool(); });
    connect(m_poolModels, &QListWidget::itemChanged, this, [this] { updateRunEnabled(); });
    auto* poolForm = new QFormLayout(m_poolBox);
    poolForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    poolForm->addRow(m_poolModels);
    poolForm->addRow(tr("Reference:"), m_poolReference);
    poolForm->addRow(m_poolInfo);
    poolForm->addRow(m_runPool);

    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(form);
    contentLayout->addWidget(learners);
    contentLayout->addWidget(settingsBox);
    contentLayout->addWidget(m_poolBox);
    contentLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_run = new QPushButton(tr("&Run training"));
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_run, &QPushButton::clicked, this, [this] { start(); });
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPanel::cancel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run, 1);
    buttons->addWidget(m_cancel);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_stage = new QLabel(tr("Idle"));
    m_stage->setObjectName(QStringLiteral("trainingStage"));
    m_stage->setWordWrap(true);
    m_log = new QPlainTextEdit;
    m_log->setObjectName(QStringLiteral("trainingLog"));
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(tr("Warnings and remarks of the training runs appear here."));
    m_log->setMinimumHeight(90);
    m_log->setMaximumHeight(220);
    m_log->setMaximumBlockCount(2000);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(scroll, 5);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_stage);
    layout->addWidget(m_log, 1);

    m_form = { m_primary, m_alternative, learners, settingsBox, m_poolModels, m_poolReference };
    connect(m_primary, &QComboBox::currentTextChanged, this, &TrainingPanel::onPairChanged);
    connect(m_alternative, &QComboBox::currentTextChanged, this, &TrainingPanel::onPairChanged);
    applyPresetRDrBaselines();
}

void TrainingPanel::setProject(const QString& projectPath)
{
    m_project = projectPath;
    const quint64 generation = ++m_catalogGeneration;
    ++m_countGeneration;
    m_catalog = {};
    m_catalogLoaded = false;
    {
        const QSignalBlocker b1(m_primary), b2(m_alternative);
        m_primary->clear();
        m_alternative->clear();
    }
    m_pairInfo->setText(projectPath.isEmpty() ? tr("No project open.") : tr("Reading the models…"));
    m_testSizeEdited = false;
    updateRunEnabled();
    if (projectPath.isEmpty())
        return;
    QtConcurrent::run([projectPath] {
        CatalogResult r;
        try {
            r.catalog = scanPairCatalog(projectPath);
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    }).then(this, [this, generation](const CatalogResult& r) {
        // Always through the event loop, even when the scan finished before then() was attached: the caller can
        // still set a pair after setProject() and have it kept.
        QMetaObject::invokeMethod(
            this, [this, generation, r] { onCatalog(generation, r.catalog, r.error); }, Qt::QueuedConnection);
    });
}

void TrainingPanel::onCatalog(quint64 generation, const PairCatalog& catalog, const QString& error)
{
    if (generation != m_catalogGeneration)
        return; // another project was opened meanwhile
    m_catalog = catalog;
    m_catalogLoaded = true;
    if (!error.isEmpty())
        m_pairInfo->setText(tr("Cannot read the models: %1").arg(error));
    // A pair chosen before the list arrived (by the user or setConfig, e.g. the demo run) is kept.
    QString primary = m_primary->currentText(), alternative = m_alternative->currentText();
    if (!catalog.models.contains(primary) || !catalog.models.contains(alternative)) {
        primary.clear();
        alternative.clear();
        if (!catalog.defaultPair(&primary, &alternative) && catalog.models.size() >= 2) {
            primary = catalog.models[0];
            alternative = catalog.models[1];
        }
    }
    {
        const QSignalBlocker b1(m_primary), b2(m_alternative);
        m_primary->clear();
        m_alternative->clear();
        m_primary->addItems(catalog.models);
        m_alternative->addItems(catalog.models);
        selectModel(m_primary, primary);
        selectModel(m_alternative, alternative);
    }
    {
        const QSignalBlocker b(m_poolModels);
        m_poolModels->clear();
        for (const QString& m : catalog.models) {
            auto* item = new QListWidgetItem(m, m_poolModels);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
        m_poolReference->clear();
        m_poolReference->addItem(tr("cheapest (default)"), QString());
        for (const QString& m : catalog.models)
            m_poolReference->addItem(m, m);
    }
    onPairChanged();
    emit catalogReady();
}

void TrainingPanel::onPairChanged()
{
    const QString a = m_primary->currentText(), b = m_alternative->currentText();
    const quint64 generation = ++m_countGeneration;
    updateRunEnabled();
    if (m_project.isEmpty())
        return;
    if (a.isEmpty() || b.isEmpty()) {
        m_pairInfo->setText(m_catalog.models.size() < 2 ? tr("The project needs gold or preference labels of at least "
                                                             "two models.")
                                                        : QString());
        return;
    }
    if (a == b) {
        m_pairInfo->setText(tr("Choose two different models."));
        return;
    }
    m_pairInfo->setText(tr("Counting gold queries…"));
    const QString path = m_project;
    QtConcurrent::run([path, a, b] {
        try {
            return countPairGoldQueries(path, a, b);
        } catch (const std::exception&) {
            return qint64(-1);
        }
    }).then(this, [this, generation](qint64 n) { onGoldCount(generation, n); });
}

void TrainingPanel::onGoldCount(quint64 generation, qint64 goldQueries)
{
    if (generation != m_countGeneration)
        return;
    const QString a = m_primary->currentText(), b = m_alternative->currentText();
    qint64 prefs = 0;
    for (const PreferencePair& p : m_catalog.pairs)
        if ((p.modelA == a && p.modelB == b) || (p.modelA == b && p.modelB == a))
            prefs += p.labels;
    const QLocale l;
    if (goldQueries < 0)
        m_pairInfo->setText(tr("Cannot count the labels of this pair."));
    else if (!m_catalogLoaded) // the preference counts come with the model list
        m_pairInfo->setText(tr("%1 gold queries with both models.").arg(l.toString(goldQueries)));
    else
        m_pairInfo->setText(tr("%1 gold queries with both models, %2 preference labels.")
                                .arg(l.toString(goldQueries), l.toString(prefs)));
    if (goldQueries >= 0 && !m_testSizeEdited) {
        m_settingDefault = true;
        m_testSize->setValue(TrainingConfig::defaultTestSize(goldQueries));
        m_settingDefault = false;
    }
}

TrainingConfig TrainingPanel::config() const
{
    TrainingConfig c;
    c.primary = m_primary->currentText();
    c.alternative = m_alternative->currentText();
    c.routers.clear();
    for (RouterKind k : allRouterKinds())
        if (m_learners.value(k)->isChecked())
            c.routers.push_back(k);
    parseNuisanceFamily(m_nuisance->currentData().toString(), &c.nuisance);
    c.folds = m_folds->value();
    parseNormalization(m_normalization->currentData().toString(), &c.normalization);
    parsePropensityMode(m_propensity->currentData().toString(), &c.propensity);
    c.seed = uint64_t(m_seed->value());
    c.goldSize = m_goldSize->value();
    c.testSize = m_testSize->value();
    c.threads = kGuiThreads;
    c.features.dim = m_dim->value();
    c.bootstrap = m_bootstrap->value();
    c.overlapMinRatio = m_overlapRatio->value();
    return c;
}

void TrainingPanel::setConfig(const TrainingConfig& c)
{
    selectModel(m_primary, c.primary);
    selectModel(m_alternative, c.alternative);
    setLearners(c.routers);
    selectData(m_nuisance, nuisanceFamilyName(c.nuisance));
    m_folds->setValue(c.folds);
    selectData(m_normalization, normalizationName(c.normalization));
    selectData(m_propensity, propensityModeName(c.propensity));
    m_seed->setValue(int(std::min<uint64_t>(c.seed, uint64_t(std::numeric_limits<int>::max()))));
    m_goldSize->setValue(c.goldSize);
    if (c.testSize != TrainingConfig::kAutoTestSize)
        m_testSize->setValue(c.testSize); // counts as an edit: the pair's default no longer overrides it
    m_dim->setValue(c.features.dim);
    m_bootstrap->setValue(c.bootstrap);
    m_overlapRatio->setValue(c.overlapMinRatio);
}

void TrainingPanel::setLearners(const std::vector<RouterKind>& routers)
{
    for (auto it = m_learners.begin(); it != m_learners.end(); ++it)
        it.value()->setChecked(std::find(routers.begin(), routers.end(), it.key()) != routers.end());
}

void TrainingPanel::applyPresetRDrBaselines()
{
    setLearners(rDrBaselines());
}

bool TrainingPanel::isRunning() const
{
    return m_job->isRunning();
}

void TrainingPanel::updateRunEnabled()
{
    const bool anyLearner
        = std::any_of(m_learners.begin(), m_learners.end(), [](QCheckBox* c) { return c->isChecked(); });
    const bool pairOk = !m_primary->currentText().isEmpty() && !m_alternative->currentText().isEmpty()
        && m_primary->currentText() != m_alternative->currentText();
    m_run->setEnabled(!isRunning() && !m_project.isEmpty() && anyLearner && pairOk);
    int checked = 0;
    for (int i = 0; i < m_poolModels->count(); ++i)
        checked += m_poolModels->item(i)->checkState() == Qt::Checked;
    m_runPool->setEnabled(!isRunning() && !m_project.isEmpty() && checked >= 2);
    m_poolInfo->setText(checked >= 2 ? tr("%1 models checked.").arg(checked) : tr("Check at least two models."));
}

PoolConfig TrainingPanel::poolConfig() const
{
    PoolConfig p;
    for (int i = 0; i < m_poolModels->count(); ++i)
        if (m_poolModels->item(i)->checkState() == Qt::Checked)
            p.models << m_poolModels->item(i)->text();
    p.reference = m_poolReference->currentData().toString();
    p.train = config();
    std::vector<RouterKind> meta;
    for (RouterKind k : p.train.routers)
        if (k == RouterKind::MetaR || k == RouterKind::MetaDR || k == RouterKind::MetaT)
            meta.push_back(k);
    p.train.routers = meta.empty() ? std::vector<RouterKind> { RouterKind::MetaR } : std::vector<RouterKind> { meta.front() };
    p.train.bootstrap = 0;
    p.costWeight = 0.0;
    return p;
}

void TrainingPanel::setPool(const QStringList& models, const QString& reference)
{
    for (int i = 0; i < m_poolModels->count(); ++i)
        m_poolModels->item(i)->setCheckState(models.contains(m_poolModels->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    const int r = m_poolReference->findData(reference);
    m_poolReference->setCurrentIndex(r < 0 ? 0 : r);
    updateRunEnabled();
}

bool TrainingPanel::startPool()
{
    if (isRunning())
        return false;
    if (m_project.isEmpty()) {
        appendLog(tr("Open a project first."));
        return false;
    }
    const PoolConfig c = poolConfig();
    if (c.models.size() < 2) {
        appendLog(tr("Cannot train a pool: check at least two models."));
        return false;
    }
    if (!c.reference.isEmpty() && !c.models.contains(c.reference)) {
        appendLog(tr("Cannot train a pool: the reference %1 is not one of the checked models.").arg(c.reference));
        return false;
    }
    if (c.train.testSize <= 0) {
        appendLog(tr("Cannot train a pool: the frontier needs held-out test queries (test size > 0)."));
        return false;
    }
    const QLocale l;
    appendLog(tr("Training a pool of %1 models (%2) against %3: %4; %5 nuisances, %6 folds, gold size %7 per pair, "
                 "test size %8, seed %9.")
                  .arg(c.models.size())
                  .arg(c.models.join(QStringLiteral(", ")), c.reference.isEmpty() ? tr("the cheapest") : c.reference,
                      routerName(c.train.routers.front()), nuisanceFamilyName(c.train.nuisance))
                  .arg(c.train.folds)
                  .arg(c.train.goldSize > 0 ? l.toString(c.train.goldSize) : tr("all"))
                  .arg(l.toString(c.train.testSize))
                  .arg(c.train.seed));
    m_runningProject = m_project;
    m_clock.start();
    const QString path = m_project;
    m_job->start([path, c](Progress& progress) {
        const qint64 id = trainAndStorePool(path, c, progress);
        return QVariant(QJsonObject { { "run_id", id }, { "kind", "pool" }, { "models", int(c.models.size()) } });
    });
    setBusy(true);
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    emit runStarted();
    return true;
}

bool TrainingPanel::start(const TrainingConfig& config)
{
    setConfig(config);
    return start();
}

bool TrainingPanel::start()
{
    if (isRunning())
        return false;
    const TrainingConfig c = config();
    if (m_project.isEmpty()) {
        appendLog(tr("Open a project first."));
        return false;
    }
    // The rules are TrainingConfig's, shared with the command line; each broken one is logged.
    if (const QStringList problems = c.validate(); !problems.isEmpty()) {
        for (const QString& p : problems)
            appendLog(tr("Cannot train: %1.").arg(p));
        return false;
    }
    QStringList names;
    for (RouterKind k : c.routers)
        names << routerName(k);
    const QLocale l;
    const bool overlap = std::find(c.routers.begin(), c.routers.end(), RouterKind::MetaROverlap) != c.routers.end()
        || std::find(c.routers.begin(), c.routers.end(), RouterKind::MetaDROverlap) != c.routers.end();
    appendLog(tr("Training %1 vs %2: %3; %4 nuisances, %5 folds, gold size %6, test size %7, seed %8, "
                 "%9 bootstrap replicates%10.")
                  .arg(c.primary, c.alternative, names.join(QStringLiteral(", ")), nuisanceFamilyName(c.nuisance))
                  .arg(c.folds)
                  .arg(c.goldSize > 0 ? l.toString(c.goldSize) : tr("all"))
                  .arg(l.toString(c.testSize))
                  .arg(c.seed)
                  .arg(c.bootstrap)
                  .arg(overlap ? tr(", overlap min. density ratio %1").arg(c.overlapMinRatio) : QString()));
    m_runningProject = m_project;
    m_clock.start();
    const QString path = m_project;
    m_job->start([path, c](Progress& progress) { return QVariant(runTraining(path, c, progress).summary); });
    setBusy(true);
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    emit runStarted();
    return true;
}

void TrainingPanel::cancel()
{
    if (!isRunning())
        return;
    m_job->cancel();
    m_cancel->setEnabled(false);
    m_stage->setText(tr("Cancelling…"));
}

void TrainingPanel::onProgress(double fraction, const QString& stage)
{
    m_progress->setValue(int(std::lround(fraction * 1000.0)));
    if (!stage.isEmpty())
        m_stage->setText(stage);
}

void TrainingPanel::onFinished(const QVariant& result)
{
    const QJsonObject summary = result.toJsonObject();
    const qint64 runId = summary.value(QStringLiteral("run_id")).toInteger();
    setBusy(false);
    m_progress->setValue(1000);
    const QLocale l;
    if (summary.value(QStringLiteral("kind")).toString() == QLatin1String("pool")) {
        m_stage->setText(tr("Pool run %1 stored (%2 s).").arg(runId).arg(l.toString(m_clock.elapsed() / 1000.0, 'f', 1)));
        appendLog(tr("Pool run %1 stored: %2 models; see its frontier in the Cost-quality tab.")
                      .arg(runId)
                      .arg(summary.value(QStringLiteral("models")).toInt()));
        emit runFinished(runId, summary);
        return;
    }
    m_stage->setText(tr("Run %1 stored (%2 s).").arg(runId).arg(l.toString(m_clock.elapsed() / 1000.0, 'f', 1)));
    appendLog(tr("Run %1 stored: %2 gold, %3 preference, %4 test rows; features %5.")
                  .arg(runId)
                  .arg(l.toString(summary.value(QStringLiteral("gold_rows")).toInt()),
                      l.toString(summary.value(QStringLiteral("preference_rows")).toInt()),
                      l.toString(summary.value(QStringLiteral("test_rows")).toInt()),
                      summary.value(QStringLiteral("features")).toString()));
    const QStringList remarks = trainingRemarks(summary);
    for (const QString& r : remarks)
        appendLog(tr("Warning: %1").arg(r));
    if (remarks.isEmpty())
        appendLog(tr("No warnings: propensities overlap well and the gold rows carry enough weight."));
    emit runFinished(runId, summary);
}

void TrainingPanel::onFailed(const QString& message)
{
    setBusy(false);
    m_stage->setText(tr("Training failed."));
    appendLog(tr("Error: %1").arg(message));
    emit runFailed(message);
}

void TrainingPanel::onCancelled()
{
    setBusy(false);
    m_progress->setValue(0);
    m_stage->setText(tr("Cancelled: no run was stored."));
    appendLog(tr("Training cancelled: no run was stored."));
    emit runCancelled();
}

void TrainingPanel::setBusy(bool busy)
{
    for (QWidget* w : m_form)
        w->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    updateRunEnabled();
    emit busyChanged(busy);
}

void TrainingPanel::appendLog(const QString& line)
{
    m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + line);
}

} // namespace crw::ui
