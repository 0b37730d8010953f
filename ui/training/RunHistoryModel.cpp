#include "training/RunHistoryModel.h"

#include "runs/RunStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <cmath>

namespace crw::ui {

namespace {
QString localTime(const QString& iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : iso;
}
}

RunHistoryModel::RunHistoryModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

QVector<RunHistoryEntry> RunHistoryModel::readRuns(const QString& projectPath)
{
    return RunStore::list(projectPath);
}

void RunHistoryModel::reload(const QString& projectPath)
{
    QVector<RunHistoryEntry> entries;
    m_error.clear();
    if (!projectPath.isEmpty()) {
        try {
            entries = readRuns(projectPath);
        } catch (const std::exception& e) {
            m_error = QString::fromUtf8(e.what());
        }
    }
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int RunHistoryModel::rowOf(qint64 runId) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].id == runId)
            return i;
    return -1;
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QString RunHistoryModel::displayText(const RunHistoryEntry& e)
{
    const QLocale l;
    QString third = tr("%1 gold").arg(l.toString(e.goldRows));
    if (std::isfinite(e.mainEgArea))
        third += tr(" · EG area %1").arg(l.toString(e.mainEgArea, 'f', 2));
    else
        third += tr(" · no test set");
    return tr("Run %1 · %2").arg(e.id).arg(localTime(e.createdAt)) + QLatin1Char('\n')
        + tr("%1 vs %2").arg(e.primary, e.alternative) + QLatin1Char('\n') + third;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunHistoryEntry& e = m_entries[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(e);
    case Qt::ToolTipRole:
        return tr("Run %1, created %2 (UTC)\nprimary %3, alternative %4\n%5 gold, %6 preference, %7 test rows\n"
                  "main router %8")
            .arg(e.id)
            .arg(e.createdAt, e.primary, e.alternative)
            .arg(e.goldRows)
            .arg(e.preferenceRows)
            .arg(e.testRows)
            .arg(e.mainRouter.isEmpty() ? tr("(none evaluated)") : e.mainRouter);
    case RunIdRole:
        return e.id;
    case CreatedAtRole:
        return e.createdAt;
    case PrimaryRole:
        return e.primary;
    case AlternativeRole:
        return e.alternative;
    case GoldRowsRole:
        return e.goldRows;
    case EgAreaRole:
        return e.mainEgArea;
    default:
        return {};
    }
}

QHash<int, QByteArray> RunHistoryModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(RunIdRole, "runId");
    r.insert(CreatedAtRole, "createdAt");
    r.insert(PrimaryRole, "primary");
    r.insert(AlternativeRole, "alternative");
    r.insert(GoldRowsRole, "goldRows");
    r.insert(EgAreaRole, "egArea");
    return r;
}

} // namespace crw::ui
