#pragma once
// The preference rows of a run with their estimated bias Delta_hat and the query text, sorted by Delta_hat.
#include "runs/RunViewPrecompute.h"

#include <QAbstractTableModel>

namespace crw {

class QueryBiasModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { DeltaHat, TrueDelta, PsiHat, Task, Text, QueryId, ColumnCount };

    explicit QueryBiasModel(QObject* parent = nullptr);

    /// Shows the run's preference rows with a finite Delta_hat, sorted by Delta_hat descending (assigns the run's
    /// precomputed rows when it has them: O(1) on the GUI thread).
    void setRun(const RunRecord& run);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: formatted text; Qt::UserRole: raw value (double, QString or qint64); ToolTipRole: the text preview.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Stable sort by any column; missing numbers sort last in both orders.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    using Row = QueryBiasRow;
    QVariant raw(const Row& r, int column) const;
    /// Stable sort of rows by column without a QVariant per comparison; missing numbers last in both orders.
    static void sortRows(QVector<Row>& rows, int column, Qt::SortOrder order);
    QVector<Row> m_rows;
    bool m_hasTruth = false;
    int m_sortColumn = -1; ///< the order m_rows is in (sort() returns early when asked for it again)
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace crw
