#include "serve/ServeCommandLine.h"

namespace crw {

QString serveCommandLine(const QString& routerPath, int port)
{
    QString quoted = routerPath;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QStringLiteral("causal-router serve '%1' --port %2").arg(quoted).arg(port);
}

} // namespace crw
