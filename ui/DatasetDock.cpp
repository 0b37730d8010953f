#include "DatasetDock.h"

#include "DatasetListModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace crw::ui {

DatasetDock::DatasetDock(DatasetListModel* model, QWidget* parent)
    : QDockWidget(tr("Datasets"), parent)
    , m_model(model)
    , m_view(new QTreeView)
    , m_showAll(new QPushButton(tr("Show all datasets")))
{
    setObjectName(QStringLiteral("datasetDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_view->setObjectName(QStringLiteral("datasetView"));
    m_view->setModel(model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(DatasetListModel::Name, QHeaderView::Stretch);
    m_view->header()->setMinimumSectionSize(60);
    m_view->header()->setSectionResizeMode(DatasetListModel::Kind, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(DatasetListModel::Format, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(DatasetListModel::Rows, QHeaderView::ResizeToContents);
    m_showAll->setObjectName(QStringLiteral("showAllDatasets"));
    m_showAll->setEnabled(false);

    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    layout->addWidget(m_showAll);
    setWidget(body);
    body->setMinimumWidth(260);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatasetDock::onSelection);
    connect(model, &QAbstractItemModel::modelReset, this, &DatasetDock::onSelection);
    connect(m_showAll, &QPushButton::clicked, this, [this] { selectDataset(-1); });
}

void DatasetDock::selectDataset(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        m_view->selectionModel()->clearSelection();
    else
        m_view->selectionModel()->select(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    onSelection();
}

void DatasetDock::onSelection()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_showAll->setEnabled(false);
        emit filterChanged(-1, QString());
        return;
    }
    m_showAll->setEnabled(true);
    const QModelIndex i = rows.first();
    emit filterChanged(i.data(DatasetListModel::IdRole).toLongLong(), i.data(DatasetListModel::KindRole).toString());
}

} // namespace crw::ui
