// causal-router: the command-line front end of the workbench. Argument parsing only; work is done in core/.
#include "CliCommand.h"
#include "SignalCancel.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace crw::cli {

static std::map<QString, CliCommand>& table()
{
    static std::map<QString, CliCommand> t;
    return t;
}

bool registerCommand(CliCommand c)
{
    table()[c.name] = std::move(c);
    return true;
}

QList<CliCommand> commands()
{
    QList<CliCommand> out;
    for (const auto& [k, v] : table())
        out.push_back(v);
    return out;
}

int fail(const QString& message)
{
    QString line = message.simplified();
    std::fprintf(stderr, "causal-router: error: %s\n", line.toUtf8().constData());
    return 2;
}

void note(const QString& message) { std::fprintf(stderr, "%s\n", message.toUtf8().constData()); }

int handleHelpAndArgument(QCommandLineParser& p, const QStringList& args, const QString& command, const QString& name,
    const QString& description, QString* value)
{
    p.addHelpOption();
    p.addPositionalArgument(name, description);
    if (!p.parse(args))
        return fail(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("%1 needs exactly one %2 argument").arg(command, name));
    *value = p.positionalArguments().first();
    return -1;
}

} // namespace crw::cli

static void usage(FILE* out)
{
    QString text = QStringLiteral("usage: causal-router <command> [options]\n\ncommands:\n");
    for (const auto& c : crw::cli::commands())
        text += QStringLiteral("  %1%2\n").arg(c.name, -16).arg(c.summary);
    text += QStringLiteral("\nRun 'causal-router <command> --help' for the options of a command.\n");
    std::fputs(text.toUtf8().constData(), out);
}

int main(int argc, char** argv)
{
    // libgomp threads must not spin next to a busy thread (PERFORMANCE.md); set before XGBoost starts OpenMP.
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("causal-router"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CRW_VERSION));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        usage(args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == QLatin1String("--version")) {
        std::printf("causal-router %s\n", CRW_VERSION);
        return 0;
    }
    for (const auto& c : crw::cli::commands()) {
        if (c.name == args[1]) {
            crw::cli::installSigintCancel();
            QStringList sub = args.mid(1);
            sub[0] = QStringLiteral("causal-router ") + c.name;
            try {
                return c.run(sub);
            } catch (const std::exception& e) {
                return crw::cli::fail(QString::fromUtf8(e.what()));
            }
        }
    }
    crw::cli::fail(QStringLiteral("unknown command '%1' (see causal-router --help)").arg(args[1]));
    return 2;
}
