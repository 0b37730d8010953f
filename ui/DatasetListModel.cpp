#include "DatasetListModel.h"

#include <QLocale>

namespace crw::ui {

DatasetListModel::DatasetListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DatasetListModel::setDatasets(const QVector<DatasetInfo>& datasets)
{
    beginResetModel();
    m_datasets = datasets;
    endResetModel();
}

int DatasetListModel::rowOf(qint64 id) const
{
    for (qsizetype i = 0; i < m_datasets.size(); ++i)
        if (m_datasets[i].id == id)
            return int(i);
    return -1;
}

int DatasetListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_datasets.size());
}

int DatasetListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetInfo& d = m_datasets.at(index.row());
    switch (role) {
    case IdRole:
        return d.id;
    case KindRole:
        return d.kind;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(
            index.column() == Rows ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        return tr("%1\nkind: %2, format: %3\n%4 rows\nfrom %5\nimported %6")
            .arg(d.name, d.kind, d.format, QLocale().toString(d.rows), d.sourcePath, d.importedAt);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return d.name;
        case Kind:
            return d.kind;
        case Format:
            return d.format;
        case Rows:
            return QLocale().toString(d.rows);
        }
        break;
    case Qt::EditRole:
        return index.column() == Rows ? QVariant(d.rows) : data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant DatasetListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case Name:
        return tr("Dataset");
    case Kind:
        return tr("Kind");
    case Format:
        return tr("Format");
    case Rows:
        return tr("Rows");
    }
    return {};
}

} // namespace crw::ui
