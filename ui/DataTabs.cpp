#include "DataTabs.h"

#include "SqlPagedTableModel.h"

#include <QHeaderView>
#include <QTableView>

namespace crw::ui {

namespace {
SqlTableSpec specFor(int tab)
{
    switch (tab) {
    case DataTabs::Queries:
        return SqlTableSpec::queries();
    case DataTabs::GoldLabels:
        return SqlTableSpec::goldLabels();
    case DataTabs::PreferenceLabels:
        return SqlTableSpec::preferenceLabels();
    default:
        return SqlTableSpec::models();
    }
}

QTableView* makeView(const QString& name)
{
    auto* v = new QTableView;
    v->setObjectName(name);
    v->setAlternatingRowColors(true);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setWordWrap(false);
    v->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights keep a million-row view cheap (no per-row size hints).
    v->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    v->verticalHeader()->setDefaultSectionSize(v->fontMetrics().height() + 6);
    v->horizontalHeader()->setHighlightSections(false);
    return v;
}
}

DataTabs::DataTabs(QWidget* parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("dataTabs"));
    setDocumentMode(true);
    const char* names[TabCount] = { "queriesView", "goldView", "preferenceView", "modelsView" };
    const QString titles[TabCount] = { tr("Queries"), tr("Gold labels"), tr("Preference labels"), tr("Models") };
    for (int t = 0; t < TabCount; ++t) {
        m_views[t] = makeView(QString::fromLatin1(names[t]));
        addTab(m_views[t], titles[t]);
    }
    connect(this, &QTabWidget::currentChanged, this, &DataTabs::ensureModel);
}

void DataTabs::ensureModel(int tab)
{
    if (tab < 0 || tab >= TabCount || m_models[tab])
        return;
    auto* m = new SqlPagedTableModel(specFor(tab), this);
    m->setDatasetFilter(m_datasetId);
    m->setDatabase(m_db);
    m_models[tab] = m;
    m_views[tab]->setModel(m);
    QHeaderView* h = m_views[tab]->horizontalHeader();
    h->setStretchLastSection(true);
    for (int c = 0; c < m->columnCount(); ++c)
        h->resizeSection(c,
            std::max(m->spec().columns.at(c).numeric ? 85 : 130,
                h->fontMetrics().horizontalAdvance(m->spec().columns.at(c).header) + 24));
}

SqlPagedTableModel* DataTabs::model(Tab tab)
{
    ensureModel(tab);
    return m_models[tab];
}

void DataTabs::setDatabase(const QSqlDatabase& db)
{
    m_db = db;
    for (SqlPagedTableModel* m : m_models)
        if (m)
            m->setDatabase(db);
    ensureModel(currentIndex());
}

void DataTabs::setDatasetFilter(qint64 datasetId)
{
    m_datasetId = datasetId;
    for (SqlPagedTableModel* m : m_models)
        if (m)
            m->setDatasetFilter(datasetId);
}

void DataTabs::refresh()
{
    for (SqlPagedTableModel* m : m_models)
        if (m)
            m->refresh();
}

} // namespace crw::ui
