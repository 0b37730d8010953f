// causal-router init PROJECT.crw
#include "CliCommand.h"
#include "store/ProjectStore.h"

#include <QCommandLineParser>
#include <cstdio>

using namespace crw;

static int runInit(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Creates an empty project file (SQLite, extension .crw)."));
    QString project;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("init"), QStringLiteral("PROJECT"),
            QStringLiteral("the project file to create"), &project);
        rc >= 0)
        return rc;
    ProjectStore::create(project);
    std::printf("created %s\n", qPrintable(project));
    return 0;
}

static const bool registered
    = cli::registerCommand({ QStringLiteral("init"), QStringLiteral("create an empty project"), runInit });
