#include "ImportDialog.h"

#include "ColumnMappingForm.h"
#include "import/ImportFormats.h"
#include "JobController.h"
#include "Settings.h"
#include "import/Importer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace crw::ui {

namespace {
constexpr int kPreviewRows = 20;
}

ImportDialog::ImportDialog(const QString& projectPath, QWidget* parent)
    : QDialog(parent)
    , m_projectPath(projectPath)
    , m_job(new JobController(this))
    , m_kind(new QComboBox)
    , m_file(new QLineEdit)
    , m_format(new QComboBox)
    , m_detected(new QLabel)
    , m_preview(new QStandardItemModel(this))
    , m_previewView(new QTableView)
    , m_warnings(new QLabel)
    , m_mapping(new ColumnMappingForm)
    , m_datasetName(new QLineEdit)
    , m_skipBad(new QCheckBox(tr("Skip bad rows and report them")))
    , m_message(new QLabel)
    , m_progress(new QProgressBar)
    , m_stage(new QLabel)
    , m_importButton(new QPushButton(tr("&Import")))
    , m_cancelButton(new QPushButton(tr("Cancel import")))
    , m_buttons(new QDialogButtonBox)
    , m_previewTimer(new QTimer(this))
{
    setWindowTitle(tr("Import data"));
    setObjectName(QStringLiteral("importDialog"));
    resize(900, 640);

    for (DataKind k : { DataKind::Queries, DataKind::Gold, DataKind::Preference, DataKind::Prices })
        m_kind->addItem(dataKindLabel(k), int(k));
    m_kind->setCurrentIndex(1);
    m_file->setPlaceholderText(tr("CSV, JSONL or JSON file"));
    m_file->setClearButtonEnabled(true);
    auto* browseButton = new QToolButton;
    browseButton->setText(tr("Browse…"));
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browseButton);
    auto* formatRow = new QHBoxLayout;
    formatRow->addWidget(m_format);
    formatRow->addWidget(m_detected, 1);
    m_detected->setObjectName(QStringLiteral("detectedFormat"));
    m_detected->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_datasetName->setPlaceholderText(tr("default: the file name"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Kind:"), m_kind);
    auto* fileLabel = new QLabel(tr("&File:"));
    fileLabel->setBuddy(m_file);
    form->addRow(fileLabel, fileRow);
    auto* formatLabel = new QLabel(tr("F&ormat:"));
    formatLabel->setBuddy(m_format);
    form->addRow(formatLabel, formatRow);
    form->addRow(tr("&Dataset name:"), m_datasetName);
    form->addRow(QString(), m_skipBad);

    m_previewView->setModel(m_preview);
    m_previewView->setObjectName(QStringLiteral("previewView"));
    m_previewView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewView->setWordWrap(false);
    m_previewView->horizontalHeader()->setDefaultSectionSize(130);
    m_previewView->verticalHeader()->setDefaultSectionSize(m_previewView->fontMetrics().height() + 6);
    m_warnings->setWordWrap(true);
    auto* previewBox = new QGroupBox(tr("Preview (first rows)"));
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_previewView);
    previewLayout->addWidget(m_warnings);

    auto* mappingBox = new QGroupBox(tr("Column mapping"));
    auto* mappingScroll = new QScrollArea;
    mappingScroll->setWidgetResizable(true);
    mappingScroll->setFrameShape(QFrame::NoFrame);
    mappingScroll->setWidget(m_mapping);
    auto* mappingLayout = new QVBoxLayout(mappingBox);
    mappingLayout->addWidget(mappingScroll);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(previewBox);
    split->addWidget(mappingBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    mappingBox->setMinimumWidth(300);
    split->setSizes({ 560, 320 });

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("importMessage"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p%"));
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_stage);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);

    m_importButton->setDefault(true);
    m_buttons->addButton(m_importButton, QDialogButtonBox::ActionRole);
    m_buttons->addButton(QDialogButtonBox::Close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(progressRow);
    layout->addWidget(m_buttons);

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(300);
    connect(m_previewTimer, &QTimer::timeout, this, &ImportDialog::refreshPreview);
    connect(m_file, &QLineEdit::textChanged, m_previewTimer, qOverload<>(&QTimer::start));
    connect(m_format, &QComboBox::activated, this, &ImportDialog::refreshPreview);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ImportDialog::onKindChanged);
    connect(browseButton, &QToolButton::clicked, this, &ImportDialog::browse);
    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancelButton, &QPushButton::clicked, m_job, &JobController::cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);

    connect(m_job, &JobController::progress, this, [this](double f, const QString& stage) {
        m_progress->setValue(int(f * 1000.0 + 0.5));
        m_stage->setText(stage);
    });
    connect(m_job, &JobController::finished, this, [this](const QVariant& v) {
        setBusy(false);
        m_result = v.value<ImportResult>();
        showMessage(
            tr("Imported %1 rows into dataset “%2”.").arg(QLocale().toString(m_result.rows), m_result.datasetName),
            false);
        emit imported(m_result);
        accept();
    });
    connect(m_job, &JobController::failed, this, [this](const QString& message) {
        setBusy(false);
        showMessage(tr("Import failed: %1").arg(message), true);
        emit importFailed(message);
    });
    connect(m_job, &JobController::cancelled, this, [this] {
        setBusy(false);
        showMessage(tr("Import cancelled; the project is unchanged."), false);
        emit importCancelled();
    });

    onKindChanged();
    setBusy(false);
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setKind(DataKind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

DataKind ImportDialog::kind() const
{
    return DataKind(m_kind->currentData().toInt());
}

void ImportDialog::setFile(const QString& path)
{
    m_file->setText(path);
    m_previewTimer->stop();
    refreshPreview();
}

void ImportDialog::browse()
{
    QString dir = settings::lastImportDir.get();
    if (!m_file->text().isEmpty())
        dir = QFileInfo(m_file->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Import %1").arg(dataKindLabel(kind()).toLower()), dir,
        tr("Data files (*.csv *.tsv *.jsonl *.json);;All files (*)"));
    if (file.isEmpty())
        return;
    settings::lastImportDir.set(QFileInfo(file).absolutePath());
    setFile(file);
}

void ImportDialog::onKindChanged()
{
    m_format->clear();
    m_format->addItem(tr("auto (detect)"), QStringLiteral("auto"));
    for (const QString& f : importFormatsFor(kind()))
        m_format->addItem(f, f);
    refreshPreview();
}

void ImportDialog::refreshPreview()
{
    m_preview->clear();
    m_warnings->clear();
    m_previewOk = false;
    m_previewFormat.clear();
    const QString file = m_file->text().trimmed();
    if (file.isEmpty()) {
        m_detected->setText(tr("choose a file"));
        m_mapping->setup(kind(), QString(), {}, {});
        updateImportEnabled();
        return;
    }
    if (!QFileInfo(file).isFile()) {
        m_detected->setText(tr("file not found"));
        m_mapping->setup(kind(), QString(), {}, {});
        updateImportEnabled();
        return;
    }
    const QString forced = m_format->currentData().toString();
    try {
        const ImportPreview p = previewImport(file, kind(), forced, kPreviewRows);
        m_previewFormat = p.format;
        m_detected->setText(forced == QLatin1String("auto") ? tr("Detected: <b>%1</b>").arg(p.format)
                                                            : tr("Using: <b>%1</b>").arg(p.format));
        m_preview->setHorizontalHeaderLabels(p.header);
        for (const QStringList& row : p.rows) {
            QList<QStandardItem*> items;
            for (const QString& cell : row) {
                auto* item = new QStandardItem(cell.left(200));
                item->setToolTip(cell.left(2000));
                items.append(item);
            }
            m_preview->appendRow(items);
        }
        m_warnings->setText(p.warnings.join(QLatin1Char('\n')));
        m_warnings->setVisible(!p.warnings.isEmpty());
        m_mapping->setup(kind(), p.format, p.header, p.mapping);
        m_previewOk = true;
        if (!isImporting())
            m_message->clear();
    } catch (const std::exception& e) {
        m_detected->setText(tr("not recognised"));
        m_mapping->setup(kind(), QString(), {}, {});
        showMessage(QString::fromUtf8(e.what()), true);
    }
    updateImportEnabled();
}

ImportOptions ImportDialog::options() const
{
    ImportOptions o;
    o.kind = kind();
    o.format = m_previewFormat.isEmpty() ? m_format->currentData().toString() : m_previewFormat;
    o.datasetName = m_datasetName->text().trimmed();
    o.overrideMapping = m_mapping->isModified();
    o.mapping = m_mapping->mapping();
    o.skipBadRows = m_skipBad->isChecked();
    return o;
}

void ImportDialog::startImport()
{
    if (!m_previewOk || isImporting())
        return;
    const QString project = m_projectPath;
    const QString file = m_file->text().trimmed();
    const ImportOptions opts = options();
    m_message->clear();
    m_progress->setValue(0);
    m_stage->setText(tr("starting"));
    setBusy(true);
    m_job->start([project, file, opts](
                     Progress& progress) { return QVariant::fromValue(importFile(project, file, opts, progress)); });
}

bool ImportDialog::isImporting() const
{
    return m_job->isRunning();
}

void ImportDialog::reject()
{
    if (isImporting()) {
        m_job->cancel();
        m_job->waitForIdle(); // the importer rolls back; the project stays as it was
    }
    QDialog::reject();
}

void ImportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_stage->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_cancelButton->setEnabled(busy);
    // The options are copied when the import starts; the mapping form stays readable.
    for (QWidget* w : std::initializer_list<QWidget*> { m_kind, m_file, m_format, m_datasetName, m_skipBad })
        w->setEnabled(!busy);
    updateImportEnabled();
}

void ImportDialog::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText, error ? QColor(200, 40, 40) : palette().color(QPalette::WindowText));
    m_message->setPalette(p);
}

void ImportDialog::updateImportEnabled()
{
    m_importButton->setEnabled(m_previewOk && !isImporting());
}

} // namespace crw::ui
