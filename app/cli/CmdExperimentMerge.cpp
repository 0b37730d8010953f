// causal-router experiment-merge part0.json part1.json ... --json all.json [--markdown all.md]
#include "CliCommand.h"
#include "ExperimentOutput.h"
#include "pipeline/ExperimentShards.h"

#include <QCommandLineParser>
#include <QFile>
#include <cstdio>

using namespace crw;

static int runExperimentMergeCmd(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Combines the partial JSON files of `experiment --shard I/N` into the results of the whole study: the "
        "same JSON and markdown, bit for bit, as the unsharded run with the same seed. Refuses parts of different "
        "configurations or data, and duplicated or missing cells.");
    p.addHelpOption();
    p.addPositionalArgument("PART", "partial JSON files, one per shard", "PART...");
    p.addOptions({ { "json", "write the results JSON to OUT", "OUT" },
        { "markdown", "write the markdown table to OUT", "OUT" }, { "quiet", "print no table on stdout" } });
    if (!p.parse(args))
        return cli::fail(p.errorText());
    if (p.isSet("help")) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return 0;
    }
    if (p.positionalArguments().isEmpty())
        return cli::fail("experiment-merge needs the part files of every shard");
    if (!p.isSet("json"))
        return cli::fail("--json OUT is required");
    std::vector<ExperimentPartFile> parts;
    for (const QString& name : p.positionalArguments()) {
        QFile f(name);
        if (!f.open(QIODevice::ReadOnly))
            return cli::fail(QStringLiteral("%1: cannot read (%2)").arg(name, f.errorString()));
        parts.push_back({ name, f.readAll() });
    }
    MergedExperiment m;
    try {
        m = mergeExperimentParts(parts);
    } catch (const std::invalid_argument& e) {
        return cli::fail(QString::fromUtf8(e.what()));
    }
    return cli::writeExperimentOutput(p.value("json"), p.isSet("markdown") ? p.value("markdown") : QString(),
        experimentResultJson(m.result, m.output), m.result.markdownTable(), !p.isSet("quiet"));
}

static const bool registered = cli::registerCommand({ "experiment-merge",
    "Combine the partial results of `experiment --shard I/N` into the study's results", runExperimentMergeCmd });
