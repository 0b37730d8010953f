#include "SqlPagedTableModel.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <limits>

namespace crw::ui {

SqlPagedTableModel::SqlPagedTableModel(SqlTableSpec spec, QObject* parent)
    : QAbstractTableModel(parent)
    , m_spec(std::move(spec))
{
}

void SqlPagedTableModel::setDatabase(const QSqlDatabase& db)
{
    beginResetModel();
    m_db = db;
    recount();
    endResetModel();
}

void SqlPagedTableModel::setDatasetFilter(qint64 datasetId)
{
    if (datasetId == m_datasetId)
        return;
    beginResetModel();
    m_datasetId = datasetId;
    recount();
    endResetModel();
}

void SqlPagedTableModel::refresh()
{
    beginResetModel();
    recount();
    endResetModel();
}

void SqlPagedTableModel::recount()
{
    m_pages.clear();
    m_lru.clear();
    m_starts.clear();
    m_starts[0] = {};
    m_rowCount = 0;
    m_error.clear();
    if (!m_db.isValid() || !m_db.isOpen())
        return;
    QSqlQuery q(m_db);
    const QString sql = QStringLiteral("SELECT count(*) FROM %1%2").arg(m_spec.table, filterClause({}));
    if (!q.prepare(sql)) {
        m_error = q.lastError().text();
        return;
    }
    bindFilter(q, {});
    if (!q.exec() || !q.next()) {
        m_error = q.lastError().text();
        return;
    }
    m_rowCount = int(std::min<qint64>(q.value(0).toLongLong(), std::numeric_limits<int>::max()));
}

// With a dataset filter on the leading key column, that column is fixed, so the range condition covers only the
// remaining key columns; SQLite then seeks the primary key (dataset_id = ? AND (a, b) >= (?, ?)) instead of
// scanning the whole dataset.
int SqlPagedTableModel::fixedKeyColumns() const
{
    return filtered() && m_spec.keyColumns.size() > 1 && m_spec.keyColumns.first() == m_spec.datasetColumn ? 1 : 0;
}

QString SqlPagedTableModel::filterClause(const QVariantList& startKey) const
{
    QStringList conditions;
    if (filtered())
        conditions << m_spec.datasetColumn + QStringLiteral(" = ?");
    if (!startKey.isEmpty()) {
        const QStringList keys = m_spec.keyColumns.mid(fixedKeyColumns());
        if (keys.size() == 1) {
            conditions << keys.first() + QStringLiteral(" >= ?");
        } else {
            QStringList marks;
            for (qsizetype i = 0; i < keys.size(); ++i)
                marks << QStringLiteral("?");
            conditions << QStringLiteral("(%1) >= (%2)").arg(keys.join(", "), marks.join(", "));
        }
    }
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

void SqlPagedTableModel::bindFilter(QSqlQuery& q, const QVariantList& startKey) const
{
    if (filtered())
        q.addBindValue(m_datasetId);
    for (qsizetype i = startKey.isEmpty() ? 0 : fixedKeyColumns(); i < startKey.size(); ++i)
        q.addBindValue(startKey[i]);
}

bool SqlPagedTableModel::pageStartKey(int pageIndex, QVariantList* key) const
{
    auto it = m_starts.upper_bound(pageIndex);
    --it; // page 0 is always present
    if (it->first == pageIndex) {
        *key = it->second;
        return true;
    }
    // Seek over the base table only (covering index scan, no joins) from the nearest known page start.
    const qint64 skip = qint64(pageIndex - it->first) * kPageSize;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString sql = QStringLiteral("SELECT %1 FROM %2%3 ORDER BY %1 LIMIT 1 OFFSET %4")
                            .arg(m_spec.keyColumns.join(", "), m_spec.table, filterClause(it->second))
                            .arg(skip);
    if (!q.prepare(sql)) {
        m_error = q.lastError().text();
        return false;
    }
    bindFilter(q, it->second);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return false;
    }
    if (!q.next())
        return false; // fewer rows than counted (data changed underneath)
    key->clear();
    for (qsizetype i = 0; i < m_spec.keyColumns.size(); ++i)
        key->append(q.value(int(i)));
    m_starts[pageIndex] = *key;
    return true;
}

SqlPagedTableModel::Page SqlPagedTableModel::fetchPage(int pageIndex, const QVariantList& startKey) const
{
    ++m_fetches;
    Page page;
    QStringList select = m_spec.keyColumns;
    for (const SqlColumn& c : m_spec.columns)
        select << c.expression;
    const QString joins = m_spec.joins.isEmpty() ? QString() : QStringLiteral(" ") + m_spec.joins;
    const QString sql
        = QStringLiteral("SELECT %1 FROM %2%3%4 ORDER BY %5 LIMIT %6")
              .arg(select.join(", "), m_spec.table, joins, filterClause(startKey), m_spec.keyColumns.join(", "))
              .arg(kPageSize + 1);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        m_error = q.lastError().text();
        return page;
    }
    bindFilter(q, startKey);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return page;
    }
    const int keys = int(m_spec.keyColumns.size());
    const int cols = int(m_spec.columns.size());
    page.rows.reserve(kPageSize);
    while (q.next()) {
        if (page.rows.size() == kPageSize) { // the extra row starts the next page
            QVariantList next;
            for (int i = 0; i < keys; ++i)
                next.append(q.value(i));
            m_starts[pageIndex + 1] = next;
            break;
        }
        QVariantList row;
        row.reserve(cols);
        for (int c = 0; c < cols; ++c)
            row.append(q.value(keys + c));
        page.rows.append(std::move(row));
    }
    return page;
}

const SqlPagedTableModel::Page* SqlPagedTableModel::page(int pageIndex) const
{
    auto it = m_pages.find(pageIndex);
    if (it != m_pages.end()) {
        if (m_lru.front() != pageIndex) {
            m_lru.remove(pageIndex);
            m_lru.push_front(pageIndex);
        }
        return &it.value();
    }
    if (!m_db.isValid() || !m_db.isOpen())
        return nullptr;
    QVariantList start;
    if (!pageStartKey(pageIndex, &start))
        return nullptr;
    while (int(m_lru.size()) >= kMaxCachedPages) {
        m_pages.remove(m_lru.back());
        m_lru.pop_back();
    }
    m_lru.push_front(pageIndex);
    return &m_pages.insert(pageIndex, fetchPage(pageIndex, start)).value();
}

int SqlPagedTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int SqlPagedTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_spec.columns.size());
}

QVariant SqlPagedTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SqlColumn& column = m_spec.columns.at(index.column());
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            Qt::Alignment(column.numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::EditRole)
        return {};
    const Page* p = page(index.row() / kPageSize);
    const int r = index.row() % kPageSize;
    if (!p || r >= p->rows.size())
        return {};
    const QVariant& v = p->rows.at(r).at(index.column());
    if (v.isNull())
        return {};
    if (role == Qt::DisplayRole && v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 6);
    return v;
}

QVariant SqlPagedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_spec.columns.size() ? QVariant(m_spec.columns.at(section).header)
                                                               : QVariant();
    return section + 1;
}

} // namespace crw::ui
