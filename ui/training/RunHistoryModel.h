#pragma once
// The past training runs of a project as a list (newest first): id, time, pair, gold rows and the main evaluation
// number (EG area of the main Meta-Router on the held-out test set).
#include "runs/RunRecord.h"

#include <QAbstractListModel>
#include <QVector>

namespace crw::ui {

/// One line of the history: a run of RunStore::list().
using RunHistoryEntry = RunListEntry;

class RunHistoryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { RunIdRole = Qt::UserRole + 1, CreatedAtRole, PrimaryRole, AlternativeRole, GoldRowsRole, EgAreaRole };

    explicit RunHistoryModel(QObject* parent = nullptr);

    /// Re-reads the runs of the project (empty path: no project). Throws nothing; an unreadable project shows no runs
    /// and sets errorString().
    void reload(const QString& projectPath);
    /// Reads the run list of a project, newest first. Throws StoreError.
    static QVector<RunHistoryEntry> readRuns(const QString& projectPath);

    const QVector<RunHistoryEntry>& entries() const { return m_entries; }
    /// Row of run id, or -1.
    int rowOf(qint64 runId) const;
    QString errorString() const { return m_error; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The text of an entry, three lines: "Run 3 · 2025-01-02 10:11" / "A vs B" / "300 gold · EG area 1.23".
    static QString displayText(const RunHistoryEntry& e);

private:
    QVector<RunHistoryEntry> m_entries;
    QString m_error;
};

} // namespace crw::ui
