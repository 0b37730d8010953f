// causal-router info PROJECT.crw [--json]
#include "CliCommand.h"
#include "store/ProjectBackend.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <cstdio>

using namespace crw;

static int runInfo(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Prints the counts of a project and its datasets."));
    p.addOption({ QStringLiteral("json"), QStringLiteral("print machine-readable JSON") });
    QString project;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("info"), QStringLiteral("PROJECT"),
            QStringLiteral("the project file or postgresql:// URL"), &project);
        rc >= 0)
        return rc;
    const std::unique_ptr<ProjectBackend> store = openProject(project);
    const ProjectInfo info = store->info();
    if (p.isSet(QStringLiteral("json"))) {
        std::printf("%s\n", QJsonDocument(info.toJson()).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    std::printf("project            %s (schema %d)\n", qPrintable(store->display()), store->schemaVersion());
    std::printf("queries            %lld\nmodels             %lld\ngold labels        %lld\n"
                "preference labels  %lld\nruns               %lld\n",
        info.queries, info.models, info.goldLabels, info.preferenceLabels, info.runs);
    std::printf("datasets           %lld\n", qint64(info.datasets.size()));
    for (const auto& d : info.datasets)
        std::printf(
            "  %-32s %-11s %-24s %lld rows\n", qPrintable(d.name), qPrintable(d.kind), qPrintable(d.format), d.rows);
    return 0;
}

static const bool registered
    = cli::registerCommand({ QStringLiteral("info"), QStringLiteral("print project counts"), runInfo });
