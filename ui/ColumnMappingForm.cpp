#include "ColumnMappingForm.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

namespace crw::ui {

namespace {
using Field = QString ColumnMapping::*;

Field fieldOf(const QString& role)
{
    static const QHash<QString, Field> fields {
        { "queryId", &ColumnMapping::queryId },
        { "text", &ColumnMapping::text },
        { "task", &ColumnMapping::task },
        { "model", &ColumnMapping::model },
        { "score", &ColumnMapping::score },
        { "modelA", &ColumnMapping::modelA },
        { "modelB", &ColumnMapping::modelB },
        { "outcome", &ColumnMapping::outcome },
        { "judge", &ColumnMapping::judge },
        { "outcomeKind", &ColumnMapping::outcomeKind },
        { "priceModel", &ColumnMapping::priceModel },
        { "inputPrice", &ColumnMapping::inputPrice },
        { "outputPrice", &ColumnMapping::outputPrice },
        { "perQueryPrice", &ColumnMapping::perQueryPrice },
    };
    return fields.value(role, nullptr);
}
}

ColumnMappingForm::ColumnMappingForm(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QFormLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

void ColumnMappingForm::addRow(
    const QString& role, const QString& label, const QStringList& choices, const QString& current, bool optional)
{
    auto* box = new QComboBox;
    box->setObjectName(QStringLiteral("mapping_") + role);
    if (optional)
        box->addItem(tr("(none)"), QString());
    for (const QString& c : choices)
        box->addItem(c, c);
    if (!current.isEmpty() && box->findData(current) < 0)
        box->addItem(current, current); // a detected column not in the preview header (e.g. nested JSON)
    box->setCurrentIndex(std::max(0, box->findData(current)));
    connect(box, &QComboBox::currentIndexChanged, this, [this] {
        m_modified = true;
        emit modified();
    });
    m_layout->addRow(label, box);
    m_rows.append({ role, box });
}

void ColumnMappingForm::setup(
    DataKind kind, const QString& format, const QStringList& header, const ColumnMapping& detected)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_rows.clear();
    m_detected = detected;
    m_modified = false;

    const bool wide = format.startsWith(QLatin1String("gold-wide"));
    if (header.isEmpty()) {
        m_layout->addRow(new QLabel(tr("This format has a fixed structure; there are no columns to map.")));
        return;
    }
    auto row = [&](const char* role, const QString& label) {
        addRow(QString::fromLatin1(role), label, header, detected.*fieldOf(QString::fromLatin1(role)));
    };
    auto listRow = [&](const QString& label, const QStringList& columns) {
        auto* l = new QLabel(columns.isEmpty() ? tr("(none detected)") : columns.join(QStringLiteral(", ")));
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_layout->addRow(label, l);
    };
    switch (kind) {
    case DataKind::Queries:
        row("queryId", tr("Query id"));
        row("text", tr("Query text"));
        row("task", tr("Task"));
        listRow(tr("Embedding columns"), detected.embeddingColumns);
        break;
    case DataKind::Gold:
        row("queryId", tr("Query id"));
        row("text", tr("Query text"));
        if (wide) {
            listRow(tr("Model columns"), detected.modelColumns);
        } else {
            row("model", tr("Model"));
            row("score", tr("Score"));
        }
        break;
    case DataKind::Preference:
        row("queryId", tr("Query id"));
        row("text", tr("Query text"));
        row("modelA", tr("Model A"));
        row("modelB", tr("Model B"));
        row("outcome", tr("Outcome"));
        row("judge", tr("Judge"));
        addRow(QStringLiteral("outcomeKind"), tr("Outcome means"),
            { QStringLiteral("gain"), QStringLiteral("prob"), QStringLiteral("winner"), QStringLiteral("preference") },
            detected.outcomeKind);
        break;
    case DataKind::Prices:
        row("priceModel", tr("Model"));
        row("inputPrice", tr("Input USD / Mtok"));
        row("outputPrice", tr("Output USD / Mtok"));
        row("perQueryPrice", tr("USD / query"));
        break;
    }
}

ColumnMapping ColumnMappingForm::mapping() const
{
    ColumnMapping m = m_detected;
    for (const Row& r : m_rows)
        m.*fieldOf(r.role) = r.combo->currentData().toString();
    return m;
}

QComboBox* ColumnMappingForm::combo(const QString& role) const
{
    for (const Row& r : m_rows)
        if (r.role == role)
            return r.combo;
    return nullptr;
}

} // namespace crw::ui
