#pragma once
// What every analysis view offers the RunViewsWidget: its charts and tables, for export and copy.
#include <QList>
#include <QPair>
#include <QString>

QT_BEGIN_NAMESPACE
class QAbstractItemModel;
class QAbstractItemView;
QT_END_NAMESPACE

namespace crw {

class ChartView;
struct RunRecord;

/// A table a view shows: file stem, model, and the widget showing it (for the selection), which may be null.
struct NamedTable {
    QString name;
    QAbstractItemModel* model = nullptr;
    QAbstractItemView* view = nullptr;
};

class RunView {
public:
    virtual ~RunView() = default;
    /// Rebuilds the view from a run. The run must outlive the next setRun call.
    virtual void setRun(const RunRecord& run) = 0;
    virtual QList<ChartView*> charts() const = 0;
    virtual QList<NamedTable> tables() const = 0;
};

} // namespace crw
