#include "store/ProjectStore.h"

#include "store/Schema.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace crw {

namespace {
[[noreturn]] void sqlFail(const QSqlQuery& q, const char* what)
{
    throw StoreError(QStringLiteral("%1: %2").arg(QLatin1String(what), q.lastError().text()).toStdString());
}

qint64 scalar(const QSqlDatabase& db, const char* sql)
{
    QSqlQuery q(db);
    if (!q.prepare(QString::fromLatin1(sql)) || !q.exec() || !q.next())
        sqlFail(q, "query failed");
    return q.value(0).toLongLong();
}

int readVersion(SqliteDb& db)
{
    auto hasMeta = db.prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'");
    hasMeta.step();
    if (hasMeta.columnInt(0) == 0) {
        auto any = db.prepare("SELECT count(*) FROM sqlite_master");
        any.step();
        if (any.columnInt(0) != 0)
            throw StoreError("not a Causal Router Workbench project (no meta table)");
        return 0;
    }
    auto v = db.prepare("SELECT value FROM meta WHERE key='schema_version'");
    if (!v.step())
        throw StoreError("project has no schema version");
    return v.columnText(0).toInt();
}
}

QJsonObject ProjectInfo::toJson() const
{
    QJsonArray ds;
    for (const auto& d : datasets)
        ds.append(QJsonObject { { "name", d.name }, { "kind", d.kind }, { "format", d.format }, { "rows", d.rows } });
    return QJsonObject { { "queries", queries }, { "models", models }, { "gold_labels", goldLabels },
        { "preference_labels", preferenceLabels }, { "runs", runs }, { "datasets", ds } };
}

void ProjectStore::migrate(SqliteDb& db)
{
    db.beginImmediate();
    try {
        int version = readVersion(db);
        if (version > kSchemaVersion)
            throw StoreError(QStringLiteral("project schema version %1 is newer than this program supports (%2); "
                                            "update the workbench")
                                 .arg(version)
                                 .arg(kSchemaVersion)
                                 .toStdString());
        for (; version < kSchemaVersion; ++version) {
            for (const QString& sql : schemaMigration(version))
                db.exec(sql.toUtf8().constData());
            auto set = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)");
            set.bind(1, QByteArray::number(version + 1));
            set.run();
        }
        db.commit();
    } catch (...) {
        db.rollback();
        throw;
    }
}

void ProjectStore::create(const QString& path)
{
    if (QFileInfo::exists(path))
        throw StoreError(QStringLiteral("%1 already exists").arg(path).toStdString());
    SqliteDb db(path, true);
    migrate(db);
}

ProjectStore::ProjectStore(const QString& path) : m_path(path)
{
    if (!QFileInfo(path).isFile())
        throw StoreError(QStringLiteral("no project at %1").arg(path).toStdString());
    {
        SqliteDb db(path, false);
        migrate(db);
    }
    m_connection = QStringLiteral("crw-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        const QString err = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connection);
        throw StoreError(QStringLiteral("cannot open %1: %2").arg(path, err).toStdString());
    }
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
}

ProjectStore::~ProjectStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase ProjectStore::database() const { return QSqlDatabase::database(m_connection, false); }

int ProjectStore::schemaVersion() const
{
    QSqlQuery q(database());
    if (!q.prepare(QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")) || !q.exec() || !q.next())
        sqlFail(q, "cannot read schema version");
    return q.value(0).toInt();
}

QVector<DatasetInfo> ProjectStore::datasets() const
{
    QSqlQuery q(database());
    if (!q.prepare(QStringLiteral(
            "SELECT id, name, kind, format, source_path, imported_at, rows FROM datasets ORDER BY id"))
        || !q.exec())
        sqlFail(q, "cannot list datasets");
    QVector<DatasetInfo> out;
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString(), q.value(6).toLongLong() });
    return out;
}

ProjectInfo ProjectStore::info() const
{
    const QSqlDatabase db = database();
    ProjectInfo i;
    i.queries = scalar(db, "SELECT count(*) FROM queries");
    i.models = scalar(db, "SELECT count(*) FROM models");
    i.goldLabels = scalar(db, "SELECT count(*) FROM gold_labels");
    i.preferenceLabels = scalar(db, "SELECT count(*) FROM preference_labels");
    i.runs = scalar(db, "SELECT count(*) FROM runs");
    i.datasets = datasets();
    return i;
}

QVector<ModelInfo> ProjectStore::models() const
{
    QSqlQuery q(database());
    if (!q.prepare(QStringLiteral(
            "SELECT id, name, input_usd_per_mtok, output_usd_per_mtok, usd_per_query FROM models ORDER BY name"))
        || !q.exec())
        sqlFail(q, "cannot list models");
    QVector<ModelInfo> out;
    auto opt = [](const QVariant& v) { return v.isNull() ? std::optional<double>() : std::optional<double>(v.toDouble()); };
    while (q.next())
        out.push_back({ q.value(0).toLongLong(), q.value(1).toString(), opt(q.value(2)), opt(q.value(3)), opt(q.value(4)) });
    return out;
}

qint64 ProjectStore::modelId(const QString& name) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT id FROM models WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        sqlFail(q, "cannot look up model");
    return q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace crw
