#include "store/DemoProject.h"

#include "import/Importer.h"
#include "pipeline/SimulateJob.h"
#include "routing/ModelCosts.h"
#include "store/NominalQueryPrices.h"
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

namespace crw {

namespace {
struct DemoFile {
    DataKind kind;
    QString path, format, name;
};

QJsonObject readManifestJson(const QString& dir)
{
    QFile f(QDir(dir).filePath(QStringLiteral("manifest.json")));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(QStringLiteral("demo data: cannot read %1").arg(f.fileName()).toStdString());
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (doc.isNull())
        throw std::runtime_error(
            QStringLiteral("demo data: %1: %2").arg(f.fileName(), err.errorString()).toStdString());
    return doc.object();
}

QVector<DemoFile> readManifest(const QJsonObject& manifest)
{
    QVector<DemoFile> out;
    for (const QJsonValue& v : manifest.value(QStringLiteral("files")).toArray()) {
        const QJsonObject o = v.toObject();
        DemoFile d;
        if (!parseDataKind(o.value(QStringLiteral("kind")).toString(), &d.kind))
            throw std::runtime_error(QStringLiteral("demo data: unknown kind \"%1\" in manifest.json")
                                         .arg(o.value(QStringLiteral("kind")).toString())
                                         .toStdString());
        d.path = o.value(QStringLiteral("path")).toString();
        d.format = o.value(QStringLiteral("format")).toString(QStringLiteral("auto"));
        d.name = o.value(QStringLiteral("name")).toString();
        out.append(d);
    }
    return out;
}

// Simulator runs that give the demo its preference side (the bundled sources have none).
QVector<SimulateConfig> readSimulations(const QJsonObject& manifest)
{
    QVector<SimulateConfig> out;
    for (const QJsonValue& v : manifest.value(QStringLiteral("simulate")).toArray()) {
        const QJsonObject o = v.toObject();
        SimulateConfig c;
        c.primary = o.value(QStringLiteral("primary")).toString();
        c.alternative = o.value(QStringLiteral("alternative")).toString();
        QString error;
        if (!BiasSpec::parseComponents(o.value(QStringLiteral("bias")).toString(QStringLiteral("length,task,direction")),
                &c.bias, &error))
            throw std::runtime_error(("demo data: " + error).toStdString());
        c.bias.strength = o.value(QStringLiteral("strength")).toDouble(0.5);
        c.bias.scale = o.value(QStringLiteral("scale")).toDouble(1.0);
        c.bias.noise = o.value(QStringLiteral("noise")).toDouble(0.3);
        c.bias.seed = uint64_t(o.value(QStringLiteral("seed")).toInt(7));
        c.features.seed = c.bias.seed;
        out.append(c);
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
    const QJsonObject manifest = readManifestJson(manifestDir);
    const QVector<DemoFile> files = readManifest(manifest);
    const QVector<SimulateConfig> sims = readSimulations(manifest);
    const double importShare = sims.isEmpty() ? 1.0 : 0.6;
    QDir().mkpath(QFileInfo(path).absolutePath());
    ProjectStore::create(path);
    try {
        QTemporaryDir tmp;
        if (!tmp.isValid())
            throw std::runtime_error("demo data: cannot create a temporary folder");
        for (qsizetype i = 0; i < files.size(); ++i) {
            const DemoFile& d = files[i];
            Progress part
                = progress.sub(importShare * double(i) / files.size(), importShare * double(i + 1) / files.size());
            part.report(0.0, QObject::tr("Importing %1").arg(QFileInfo(d.path).fileName()));
            const QString source = QDir(manifestDir).filePath(d.path);
            ImportOptions options;
            options.kind = d.kind;
            options.format = d.format.isEmpty() ? QStringLiteral("auto") : d.format;
            options.datasetName = d.name;
            importFile(path, onDisk(source, tmp), options, part);
        }
        // The bundled data carry token prices but no token counts: give each such model a price per query (a nominal
        // query of manifest.nominal_query_tokens), so the views and train-pool speak USD.
        const QJsonObject nominal = manifest.value(QStringLiteral("nominal_query_tokens")).toObject();
        if (!nominal.isEmpty())
            fillNominalQueryPrices(path, nominal.value(QStringLiteral("input")).toDouble(kNominalInputTokens),
                nominal.value(QStringLiteral("output")).toDouble(kNominalOutputTokens));
        for (qsizetype i = 0; i < sims.size(); ++i) {
            Progress part = progress.sub(importShare + (1 - importShare) * double(i) / sims.size(),
                importShare + (1 - importShare) * double(i + 1) / sims.size());
            part.report(0.0, QObject::tr("Simulating preferences: %1 vs %2").arg(sims[i].primary, sims[i].alternative));
            simulateIntoProject(path, sims[i], part);
        }
        progress.report(1.0, QObject::tr("Demo project ready"));
    } catch (...) {
        for (const char* suffix : { "", "-wal", "-shm", "-journal" })
            QFile::remove(path + QLatin1String(suffix));
        throw;
    }
    return int(files.size());
}

} // namespace crw
