#include "DemoProject.h"

#include "import/Importer.h"
#include "store/ProjectStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <stdexcept>

namespace crw::ui {

namespace {
struct DemoFile {
    DataKind kind;
    QString path, format, name;
};

QVector<DemoFile> readManifest(const QString& dir)
{
    QFile f(QDir(dir).filePath(QStringLiteral("manifest.json")));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(QStringLiteral("demo data: cannot read %1").arg(f.fileName()).toStdString());
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (doc.isNull())
        throw std::runtime_error(
            QStringLiteral("demo data: %1: %2").arg(f.fileName(), err.errorString()).toStdString());
    QVector<DemoFile> out;
    for (const QJsonValue& v : doc.object().value(QStringLiteral("files")).toArray()) {
        const QJsonObject o = v.toObject();
        DemoFile d;
        if (!parseDataKind(o.value(QStringLiteral("kind")).toString(), &d.kind))
            throw std::runtime_error(QStringLiteral("demo data: unknown kind \"%1\" in %2")
                                         .arg(o.value(QStringLiteral("kind")).toString(), f.fileName())
                                         .toStdString());
        d.path = o.value(QStringLiteral("path")).toString();
        d.format = o.value(QStringLiteral("format")).toString(QStringLiteral("auto"));
        d.name = o.value(QStringLiteral("name")).toString();
        out.append(d);
    }
    return out;
}

// Importers read real files; copy a resource (":/...") out first.
QString onDisk(const QString& source, const QTemporaryDir& tmp)
{
    if (!source.startsWith(QLatin1Char(':')))
        return source;
    const QString target = tmp.filePath(QFileInfo(source).fileName());
    QFile::remove(target);
    if (!QFile::copy(source, target))
        throw std::runtime_error(QStringLiteral("demo data: cannot extract %1").arg(source).toStdString());
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return target;
}
}

QString defaultDemoProjectPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo.crw"));
}

int createDemoProject(const QString& path, Progress& progress, const QString& manifestDir)
{
    const QVector<DemoFile> files = readManifest(manifestDir);
    QDir().mkpath(QFileInfo(path).absolutePath());
    ProjectStore::create(path);
    try {
        QTemporaryDir tmp;
        if (!tmp.isValid())
            throw std::runtime_error("demo data: cannot create a temporary folder");
        for (qsizetype i = 0; i < files.size(); ++i) {
            const DemoFile& d = files[i];
            Progress part = progress.sub(double(i) / files.size(), double(i + 1) / files.size());
            part.report(0.0, QObject::tr("Importing %1").arg(QFileInfo(d.path).fileName()));
            const QString source = QDir(manifestDir).filePath(d.path);
            ImportOptions options;
            options.kind = d.kind;
            options.format = d.format.isEmpty() ? QStringLiteral("auto") : d.format;
            options.datasetName = d.name;
            importFile(path, onDisk(source, tmp), options, part);
        }
        progress.report(1.0, QObject::tr("Demo project ready"));
    } catch (...) {
        for (const char* suffix : { "", "-wal", "-shm", "-journal" })
            QFile::remove(path + QLatin1String(suffix));
        throw;
    }
    return int(files.size());
}

} // namespace crw::ui
