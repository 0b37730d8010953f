#pragma once
// Central tabs "Queries", "Gold labels", "Preference labels", "Models": each a lazily paged table whose model is
// created the first time its tab is shown.
#include <QSqlDatabase>
#include <QTabWidget>

class QTableView;

namespace crw::ui {

class SqlPagedTableModel;

class DataTabs : public QTabWidget {
    Q_OBJECT
public:
    enum Tab { Queries, GoldLabels, PreferenceLabels, Models, TabCount };

    explicit DataTabs(QWidget* parent = nullptr);

    /// Shows the data of this connection (invalid = no project).
    void setDatabase(const QSqlDatabase& db);
    /// Filters the views that have a dataset column (-1 = all).
    void setDatasetFilter(qint64 datasetId);
    /// Re-counts every created view (after an import).
    void refresh();
    /// The model of a tab, creating it if needed.
    SqlPagedTableModel* model(Tab tab);
    /// The view of a tab.
    QTableView* view(Tab tab) const { return m_views[tab]; }

private:
    void ensureModel(int tab);
    QSqlDatabase m_db;
    qint64 m_datasetId = -1;
    QTableView* m_views[TabCount] {};
    SqlPagedTableModel* m_models[TabCount] {};
};

} // namespace crw::ui
