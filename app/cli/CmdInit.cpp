// causal-router init PROJECT.crw
#include "CliCommand.h"
#include "store/ProjectBackend.h"
#include "store/StoreUrl.h"

#include <QCommandLineParser>
#include <cstdio>

using namespace crw;

static int runInit(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Creates an empty project: a file (SQLite, extension .crw) or, for a "
        "postgresql://user@host/db?schema=NAME URL, a schema of a shared PostgreSQL database (docs/store.md)."));
    QString project;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("init"), QStringLiteral("PROJECT"),
            QStringLiteral("the project file (or postgresql:// URL) to create"), &project);
        rc >= 0)
        return rc;
    createProject(project);
    std::printf("created %s\n", qPrintable(openProject(project)->display()));
    return 0;
}

static const bool registered
    = cli::registerCommand({ QStringLiteral("init"), QStringLiteral("create an empty project"), runInit });
