// causal-router-workbench: GUI entry point. Parses the command line and hands over to MainWindow, or, with
// --export-views DIR, renders every analysis view of a stored run to PNG and SVG without a window and exits.
#include "MainWindow.h"
#include "Settings.h"
#include "Theme.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "views/RunViewsWidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool hasArgument(int argc, char** argv, const char* name)
{
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], name, std::strlen(name)) == 0)
            return true;
    return false;
}

int fail(const QString& message)
{
    std::fprintf(stderr, "causal-router-workbench: %s\n", qPrintable(message));
    return 1;
}

// --export-views DIR [--project P] [--run ID]: the latest run of the project (default: the last project).
int exportViews(const QString& dir, QString project, const QString& runText)
{
    if (project.isEmpty())
        project = crw::ui::settings::lastProject.get();
    if (project.isEmpty())
        return fail(QStringLiteral("no project: pass --project P (there is no last project to fall back on)"));
    if (!QFileInfo::exists(project))
        return fail(QStringLiteral("project %1 does not exist").arg(project));
    qint64 runId = 0;
    try {
        if (runText.isEmpty()) {
            const QVector<crw::RunListEntry> runs = crw::RunStore::list(project);
            if (runs.isEmpty())
                return fail(QStringLiteral("project %1 has no training runs").arg(project));
            runId = runs.first().id;
        } else {
            bool ok = false;
            runId = runText.toLongLong(&ok);
            if (!ok || runId <= 0)
                return fail(QStringLiteral("--run must be a positive run id, not '%1'").arg(runText));
        }
        const QStringList files = crw::RunViewsWidget::exportAllViews(project, runId, dir);
        for (const QString& f : files)
            std::printf("%s\n", qPrintable(f));
        std::fprintf(stderr, "run %lld: %lld files written to %s\n", static_cast<long long>(runId),
            static_cast<long long>(files.size()), qPrintable(dir));
        return files.isEmpty() ? 1 : 0;
    } catch (const std::exception& e) {
        return fail(
            QStringLiteral("cannot export run %1 of %2: %3").arg(runId).arg(project, QString::fromUtf8(e.what())));
    }
}

}

int main(int argc, char** argv)
{
    // OpenMP threads in XGBoost must not spin while the GUI idles; must be set before any library reads it.
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    // Headless export needs no display (nor does the error for --run without it).
    if (hasArgument(argc, argv, "--export-views") || hasArgument(argc, argv, "--run"))
        setenv("QT_QPA_PLATFORM", "offscreen", 0);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CausalRouterWorkbench"));
    QApplication::setApplicationName(QStringLiteral("causal-router-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Causal Router Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(CRW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train LLM routers from gold and preference labels."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption projectOption(
        QStringLiteral("project"), QStringLiteral("Open the project file <path>."), QStringLiteral("path"));
    QCommandLineOption exportOption(QStringLiteral("export-views"),
        QStringLiteral("Write every analysis chart of a run as PNG and SVG (and every table as CSV) into <dir>, "
                       "print the files written and exit. No display needed."),
        QStringLiteral("dir"));
    QCommandLineOption runOption(QStringLiteral("run"),
        QStringLiteral("With --export-views: the run id (default: the latest run of the project)."),
        QStringLiteral("id"));
    parser.addOption(projectOption);
    parser.addOption(exportOption);
    parser.addOption(runOption);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open (same as --project)."),
        QStringLiteral("[project]"));
    parser.process(app);
    QString project = parser.value(projectOption);
    if (project.isEmpty() && !parser.positionalArguments().isEmpty())
        project = parser.positionalArguments().first();

    if (parser.isSet(exportOption))
        return exportViews(parser.value(exportOption), project, parser.value(runOption));
    if (parser.isSet(runOption))
        return fail(QStringLiteral("--run needs --export-views"));

    crw::ui::Theme::apply(crw::ui::settings::darkMode.get());
    crw::ui::MainWindow window;
    window.show();
    window.startup(project);
    return app.exec();
}
