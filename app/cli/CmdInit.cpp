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
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("the project file to create"));
    if (!p.parse(args))
        return cli::fail(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return cli::fail(QStringLiteral("init needs exactly one PROJECT argument"));
    const QString project = p.positionalArguments().first();
    createProject(project);
    std::printf("created %s\n", qPrintable(openProject(project)->display()));
    return 0;
}

static const bool registered = cli::registerCommand({ QStringLiteral("init"), QStringLiteral("create an empty project"), runInit });
