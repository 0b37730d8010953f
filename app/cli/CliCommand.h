#pragma once
// The subcommand table of `causal-router`. Each subcommand lives in its own Cmd*.cpp and registers itself.
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <functional>

namespace crw::cli {

struct CliCommand {
    QString name;
    QString summary;
    std::function<int(const QStringList& args)> run; // args[0] is "causal-router <name>"
};

/// Registers a subcommand (called from a static initialiser in each Cmd*.cpp).
bool registerCommand(CliCommand c);
/// All registered subcommands, sorted by name.
QList<CliCommand> commands();

/// Prints "causal-router: error: MESSAGE" (one line) to stderr and returns exit code 2.
int fail(const QString& message);
/// Prints a line to stderr (progress, warnings).
void note(const QString& message);
/// The common start of every subcommand: adds --help and the one positional argument `name`, parses args, prints
/// the help text for --help. Returns -1 to continue (with *value set), else the exit code to return.
int handleHelpAndArgument(QCommandLineParser& p, const QStringList& args, const QString& command, const QString& name,
    const QString& description, QString* value);
/// Exit code for a cancelled job (SIGINT).
constexpr int kExitCancelled = 130;

} // namespace crw::cli
