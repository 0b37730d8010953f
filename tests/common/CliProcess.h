#pragma once
// Runs the causal-router CLI built with the tests (CRW_CLI_PATH) as a child process.
#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace crw::test {

struct CliResult {
    int code;
    QByteArray out, err;
};

/// Starts `causal-router args...`, writes input to its stdin, waits up to 10 minutes; exit code, stdout, stderr.
inline CliResult runCli(const QStringList& args, const QByteArray& input = {})
{
    QProcess p;
    p.start(QStringLiteral(CRW_CLI_PATH), args);
    p.waitForStarted();
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(600000);
    return { p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError() };
}

} // namespace crw::test
