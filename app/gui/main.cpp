// causal-router-workbench: GUI entry point. Parses the command line and hands over to MainWindow.
#include "MainWindow.h"
#include "Settings.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <cstdlib>

int main(int argc, char** argv)
{
    // OpenMP threads in XGBoost must not spin while the GUI idles; must be set before any library reads it.
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);

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
    parser.addOption(projectOption);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file to open (same as --project)."),
        QStringLiteral("[project]"));
    parser.process(app);
    QString project = parser.value(projectOption);
    if (project.isEmpty() && !parser.positionalArguments().isEmpty())
        project = parser.positionalArguments().first();

    crw::ui::Theme::apply(crw::ui::settings::darkMode.get());
    crw::ui::MainWindow window;
    window.show();
    window.startup(project);
    return app.exec();
}
