#include "ExperimentOutput.h"

#include "CliCommand.h"

#include <QJsonDocument>
#include <QSaveFile>
#include <cstdio>

namespace crw::cli {

static bool writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
}

int writeExperimentOutput(const QString& jsonPath, const QString& markdownPath, const QJsonObject& json,
    const QString& table, bool printTable)
{
    if (!writeAtomically(jsonPath, QJsonDocument(json).toJson(QJsonDocument::Indented)))
        return fail(QStringLiteral("cannot write %1").arg(jsonPath));
    if (printTable)
        std::fputs(table.toUtf8().constData(), stdout);
    if (!markdownPath.isEmpty() && !writeAtomically(markdownPath, table.toUtf8()))
        return fail(QStringLiteral("cannot write %1").arg(markdownPath));
    return 0;
}

} // namespace crw::cli
