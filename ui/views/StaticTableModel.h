#pragma once
// A small read-only table of fixed cells (numbers are shown rounded, exported and sorted at full precision).
#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>
#include <QVector>

namespace crw {

class StaticTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit StaticTableModel(QObject* parent = nullptr);

    /// Replaces headers and cells. Every row must have headers.size() cells; doubles are displayed with `decimals`
    /// decimals and NaN as an empty cell.
    void setTable(const QStringList& headers, const QVector<QVector<QVariant>>& rows, int decimals = 3);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: formatted text; Qt::UserRole: the raw value; TextAlignmentRole: numbers right-aligned.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    QVector<QVector<QVariant>> m_rows;
    int m_decimals = 3;
};

} // namespace crw
