#include "views/StaticTableModel.h"

#include <cmath>

namespace crw {

StaticTableModel::StaticTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StaticTableModel::setTable(const QStringList& headers, const QVector<QVector<QVariant>>& rows, int decimals)
{
    beginResetModel();
    m_headers = headers;
    m_rows = rows;
    for (auto& r : m_rows)
        r.resize(headers.size());
    m_decimals = decimals;
    endResetModel();
}

int StaticTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StaticTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant StaticTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant& v = m_rows[index.row()][index.column()];
    const bool number = v.typeId() == QMetaType::Double;
    switch (role) {
    case Qt::DisplayRole:
        if (number)
            return std::isfinite(v.toDouble()) ? QString::number(v.toDouble(), 'f', m_decimals) : QString();
        return v.toString();
    case Qt::UserRole:
        return v;
    case Qt::TextAlignmentRole:
        return number || v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant StaticTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_headers.size() ? QVariant(m_headers[section]) : QVariant();
    return section + 1;
}

} // namespace crw
