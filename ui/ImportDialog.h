#pragma once
// Import dialog: kind, file, detected (overridable) format, a preview of the first rows, the column mapping,
// dataset name and "skip bad rows". The import runs in a worker thread with progress and Cancel.
#include "import/ImportTypes.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace crw::ui {

class ColumnMappingForm;
class JobController;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    /// Imports into the project file at projectPath.
    explicit ImportDialog(const QString& projectPath, QWidget* parent = nullptr);
    ~ImportDialog() override;

    void setKind(DataKind kind);
    DataKind kind() const;
    /// Sets the file and refreshes the preview immediately.
    void setFile(const QString& path);
    /// Re-reads the preview for the current kind, file and format (normally debounced after edits).
    void refreshPreview();
    /// Starts the import (same as pressing Import).
    void startImport();
    /// The options the Import button would use.
    ImportOptions options() const;
    /// Result of the last successful import.
    const ImportResult& result() const { return m_result; }
    bool isImporting() const;

    // Widgets, for tests and for the main window.
    QLineEdit* fileEdit() const { return m_file; }
    QComboBox* kindCombo() const { return m_kind; }
    QComboBox* formatCombo() const { return m_format; }
    QLabel* detectedLabel() const { return m_detected; }
    QStandardItemModel* previewModel() const { return m_preview; }
    ColumnMappingForm* mappingForm() const { return m_mapping; }
    QLineEdit* datasetNameEdit() const { return m_datasetName; }
    QCheckBox* skipBadRowsBox() const { return m_skipBad; }
    QPushButton* importButton() const { return m_importButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* messageLabel() const { return m_message; }

signals:
    /// Emitted after a successful import, just before the dialog closes.
    void imported(const crw::ImportResult& result);
    /// Emitted when the import failed (message names file, line and column when known).
    void importFailed(const QString& message);
    void importCancelled();

public slots:
    void reject() override;

private:
    void browse();
    void onKindChanged();
    void setBusy(bool busy);
    void showMessage(const QString& text, bool error);
    void updateImportEnabled();

    QString m_projectPath;
    JobController* m_job;
    QComboBox* m_kind;
    QLineEdit* m_file;
    QComboBox* m_format;
    QLabel* m_detected;
    QStandardItemModel* m_preview;
    QTableView* m_previewView;
    QLabel* m_warnings;
    ColumnMappingForm* m_mapping;
    QLineEdit* m_datasetName;
    QCheckBox* m_skipBad;
    QLabel* m_message;
    QProgressBar* m_progress;
    QLabel* m_stage;
    QPushButton* m_importButton;
    QPushButton* m_cancelButton;
    QDialogButtonBox* m_buttons;
    QTimer* m_previewTimer;
    bool m_previewOk = false;
    QString m_previewFormat;
    ImportResult m_result;
};

} // namespace crw::ui
