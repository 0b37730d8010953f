#include "routing/RouterFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace crw {

RouterSpec readRouterFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw RouterFormatError(
            QStringLiteral("cannot read router file %1: %2").arg(path, f.errorString()).toStdString());
    return parseRouterSpec(f.readAll());
}

void writeRouterFile(const RouterSpec& spec, const QString& path)
{
    const QByteArray bytes = QJsonDocument(routerSpecToJson(spec)).toJson(QJsonDocument::Indented);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw std::runtime_error(QStringLiteral("cannot write %1").arg(path).toStdString());
}

} // namespace crw
