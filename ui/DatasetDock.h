#pragma once
// Left dock: the list of datasets. Selecting one filters the data views; "Show all" clears the filter.
#include <QDockWidget>

class QTreeView;
class QPushButton;

namespace crw::ui {

class DatasetListModel;

class DatasetDock : public QDockWidget {
    Q_OBJECT
public:
    explicit DatasetDock(DatasetListModel* model, QWidget* parent = nullptr);
    QTreeView* view() const { return m_view; }
    /// Selects the dataset with this id (-1 clears the selection); emits filterChanged.
    void selectDataset(qint64 id);

signals:
    /// The chosen dataset (id -1 = all datasets).
    void filterChanged(qint64 datasetId, const QString& kind);

private:
    void onSelection();
    DatasetListModel* m_model;
    QTreeView* m_view;
    QPushButton* m_showAll;
};

} // namespace crw::ui
