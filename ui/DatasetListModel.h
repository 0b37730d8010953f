#pragma once
// The project's datasets (name, kind, format, rows) as a small table model, reloaded on demand.
#include "store/ProjectStore.h"

#include <QAbstractTableModel>

namespace crw::ui {

class DatasetListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Format, Rows, ColumnCount };
    /// Role returning the dataset id (qint64) for any column.
    static constexpr int IdRole = Qt::UserRole + 1;
    /// Role returning the dataset kind name ("queries", "gold", ...).
    static constexpr int KindRole = Qt::UserRole + 2;

    explicit DatasetListModel(QObject* parent = nullptr);

    /// Replaces the list (resets the model).
    void setDatasets(const QVector<DatasetInfo>& datasets);
    const QVector<DatasetInfo>& datasets() const { return m_datasets; }
    /// Row of the dataset with the given id, or -1.
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<DatasetInfo> m_datasets;
};

} // namespace crw::ui
