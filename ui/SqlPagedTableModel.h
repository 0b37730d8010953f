#pragma once
// A read-only table over a SQLite query that stays fast at millions of rows: rowCount comes from COUNT(*),
// rows are fetched in pages of kPageSize by key (keyset paging), and a bounded LRU cache keeps recent pages.
// Each page start key is remembered, so scrolling costs one indexed range scan per page; a jump far ahead
// seeks over the bare base table (no joins) from the nearest known page start.
#include "SqlTableSpec.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSqlDatabase>
#include <QVariantList>
#include <list>
#include <map>

namespace crw::ui {

class SqlPagedTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 256;
    static constexpr int kMaxCachedPages = 64;

    explicit SqlPagedTableModel(SqlTableSpec spec, QObject* parent = nullptr);

    /// Shows the given connection's data (an invalid database shows nothing). Resets the model.
    void setDatabase(const QSqlDatabase& db);
    /// Restricts rows to one dataset (-1 = all). Ignored for views without a dataset column. Resets the model.
    void setDatasetFilter(qint64 datasetId);
    qint64 datasetFilter() const { return m_datasetId; }
    /// Re-counts and drops every cached page (after an import). Resets the model.
    void refresh();
    /// The last SQL error, empty if none.
    QString lastError() const { return m_error; }
    const SqlTableSpec& spec() const { return m_spec; }
    /// Number of SQL page fetches so far (for tests and diagnostics).
    int pageFetches() const { return m_fetches; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Page {
        QVector<QVariantList> rows; // display values only
    };
    const Page* page(int pageIndex) const;
    bool pageStartKey(int pageIndex, QVariantList* key) const;
    Page fetchPage(int pageIndex, const QVariantList& startKey) const;
    QString filterClause(const QVariantList& startKey) const;
    void bindFilter(class QSqlQuery& q, const QVariantList& startKey) const;
    int fixedKeyColumns() const;
    bool filtered() const { return m_datasetId >= 0 && !m_spec.datasetColumn.isEmpty(); }
    void recount();

    SqlTableSpec m_spec;
    QSqlDatabase m_db;
    qint64 m_datasetId = -1;
    int m_rowCount = 0;
    mutable QString m_error;
    mutable QHash<int, Page> m_pages;
    mutable std::list<int> m_lru; // most recently used page first
    mutable std::map<int, QVariantList> m_starts; // page index -> key of its first row
    mutable int m_fetches = 0;
};

} // namespace crw::ui
