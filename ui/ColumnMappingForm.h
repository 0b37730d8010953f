#pragma once
// A form with one combo box per column role of the chosen kind and format, filled with the file's header.
// Starts from the detected mapping; mapping() returns it with the user's choices applied.
#include "import/ImportTypes.h"

#include <QWidget>

class QComboBox;
class QFormLayout;

namespace crw::ui {

class ColumnMappingForm : public QWidget {
    Q_OBJECT
public:
    explicit ColumnMappingForm(QWidget* parent = nullptr);

    /// Rebuilds the rows for kind/format with the header's columns, selecting the detected mapping.
    void setup(DataKind kind, const QString& format, const QStringList& header, const ColumnMapping& detected);
    /// The detected mapping with every role set from its combo box ("" for "(none)").
    ColumnMapping mapping() const;
    /// True once the user changed any combo box since the last setup().
    bool isModified() const { return m_modified; }
    /// The combo box of a role key (e.g. "queryId", "score", "modelA"); nullptr if the form has no such row.
    QComboBox* combo(const QString& role) const;

signals:
    void modified();

private:
    struct Row {
        QString role;
        QComboBox* combo;
    };
    void addRow(const QString& role, const QString& label, const QStringList& choices, const QString& current,
        bool optional = true);
    QFormLayout* m_layout;
    QList<Row> m_rows;
    ColumnMapping m_detected;
    bool m_modified = false;
};

} // namespace crw::ui
