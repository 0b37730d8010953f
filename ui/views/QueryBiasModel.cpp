#include "views/QueryBiasModel.h"

#include <algorithm>
#include <cmath>

namespace crw {

QueryBiasModel::QueryBiasModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void QueryBiasModel::setRun(const RunRecord& run)
{
    beginResetModel();
    if (run.precomputed) {
        m_rows = run.precomputed->biasRows; // shared, already sorted
        m_hasTruth = run.precomputed->biasHasTruth;
    } else {
        m_rows = queryBiasRows(run);
        sortByDeltaHatDescending(m_rows); // inside the reset: no layout change for views to follow
        m_hasTruth = std::any_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return std::isfinite(r.trueDelta); });
    }
    m_sortColumn = DeltaHat;
    m_sortOrder = Qt::DescendingOrder;
    endResetModel();
}

int QueryBiasModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueryBiasModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryBiasModel::raw(const Row& r, int column) const
{
    switch (column) {
    case DeltaHat:
        return r.deltaHat;
    case TrueDelta:
        return r.trueDelta;
    case PsiHat:
        return r.psiHat;
    case Task:
        return r.task;
    case Text:
        return r.text;
    case QueryId:
        return r.queryId;
    }
    return {};
}

QVariant QueryBiasModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[index.row()];
    const int c = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant v = raw(r, c);
        if (v.typeId() == QMetaType::Double)
            return std::isfinite(v.toDouble()) ? QString::number(v.toDouble(), 'f', 4) : QString();
        return v.toString();
    }
    case Qt::UserRole:
        return raw(r, c);
    case Qt::ToolTipRole:
        return c == Text ? QVariant(r.text) : QVariant();
    case Qt::TextAlignmentRole:
        return c == Task || c == Text ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant QueryBiasModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char* names[] = { "Bias Δ̂", "True Δ", "Gain ψ̂", "Task", "Query", "Query id" };
        return QString::fromUtf8(names[section]);
    }
    if (role == Qt::ToolTipRole) {
        static const char* tips[]
            = { "Estimated preference bias (out of fold): preference gain minus gold gain expected for this query",
                  "Simulated true bias (only when the preference labels were simulated)",
                  "Quality gain of the primary model predicted by the main Meta-Router", "Task of the query",
                  "Query text (first characters)", "Query id in the project" };
        return QString::fromUtf8(tips[section]);
    }
    return {};
}

void QueryBiasModel::sortRows(QVector<Row>& rows, int column, Qt::SortOrder order)
{
    const bool desc = order == Qt::DescendingOrder;
    auto byNumber = [desc](auto member) {
        return [desc, member](const Row& a, const Row& b) {
            const double x = a.*member, y = b.*member;
            if (std::isnan(x) || std::isnan(y))
                return !std::isnan(x) && std::isnan(y);
            return desc ? x > y : x < y;
        };
    };
    switch (column) {
    case DeltaHat:
        std::stable_sort(rows.begin(), rows.end(), byNumber(&Row::deltaHat));
        break;
    case TrueDelta:
        std::stable_sort(rows.begin(), rows.end(), byNumber(&Row::trueDelta));
        break;
    case PsiHat:
        std::stable_sort(rows.begin(), rows.end(), byNumber(&Row::psiHat));
        break;
    case QueryId:
        std::stable_sort(rows.begin(), rows.end(),
            [desc](const Row& a, const Row& b) { return desc ? a.queryId > b.queryId : a.queryId < b.queryId; });
        break;
    default:
        std::stable_sort(rows.begin(), rows.end(), [desc, column](const Row& a, const Row& b) {
            const int cmp = column == Task ? QString::localeAwareCompare(a.task, b.task)
                                           : QString::localeAwareCompare(a.text, b.text);
            return desc ? cmp > 0 : cmp < 0;
        });
    }
}

void QueryBiasModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return; // already in this order
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QVector<qint64> ids;
    for (const QModelIndex& i : before)
        ids << m_rows[i.row()].queryId;
    sortRows(m_rows, column, order);
    m_sortColumn = column;
    m_sortOrder = order;
    // Query ids are unique among preference rows: map persistent indexes by id.
    QHash<qint64, int> rowOf;
    for (int i = 0; i < m_rows.size(); ++i)
        rowOf.insert(m_rows[i].queryId, i);
    QModelIndexList after;
    for (int i = 0; i < before.size(); ++i)
        after << index(rowOf.value(ids[i]), before[i].column());
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace crw
