// causal-router train PROJECT.crw --primary M --alternative M [options] [--json OUT]
#include "CliCommand.h"
#include "SignalCancel.h"
#include "TrainingArgs.h"
#include "store/ProjectBackend.h"

#include <QFile>
#include <QJsonDocument>
#include <cstdio>

using namespace crw;

static int runTrain(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Trains the Meta-Router and the baselines on one model pair and stores the run in the "
                                "project. Prints a JSON summary.");
    cli::addTrainingOptions(p, "all");
    p.addOptions({ { "gold-size", "use a seeded random subset of N gold queries (default: all)", "N", "0" },
        { "test-size",
            "hold out N gold queries for evaluation: a count, 0 for none, or auto = min(500, 20% of the pair's gold "
            "queries), as in the GUI (default auto)",
            "N", "auto" },
        { "clusters",
            "k of the k-means query clusters whose bias is estimated (summary `clusters`); 0 for none (default 8)",
            "K", "8" },
        { "json", "also write the JSON summary to OUT", "OUT" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "train", &project); rc >= 0)
        return rc;
    TrainingConfig c;
    QString error;
    if (!cli::readTrainingOptions(p, &c, &error))
        return cli::fail(error);
    bool ok1 = false, ok2 = true;
    c.goldSize = p.value("gold-size").toInt(&ok1);
    c.testSize = p.value("test-size") == QLatin1String("auto") ? TrainingConfig::kAutoTestSize
                                                                : p.value("test-size").toInt(&ok2);
    if (!ok1 || !ok2 || c.goldSize < 0 || c.testSize < TrainingConfig::kAutoTestSize)
        return cli::fail("--gold-size must be a non-negative integer, --test-size one or auto");
    bool ok3 = false;
    c.clusters = p.value("clusters").toInt(&ok3);
    if (!ok3 || c.clusters < 0 || c.clusters > 100)
        return cli::fail("--clusters must be an integer in [0, 100]");
    Progress progress = cli::cliProgress(p.isSet("quiet"));
    try {
        TrainOutcome out;
        openProject(project)->withNewRun([&](const QString& file) { out = runTraining(file, c, progress); });
        const QByteArray json = QJsonDocument(out.summary).toJson(QJsonDocument::Indented);
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
        if (p.isSet("json")) {
            QFile f(p.value("json"));
            if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
                return cli::fail(QStringLiteral("cannot write %1").arg(p.value("json")));
        }
    } catch (const Cancelled&) {
        cli::note("\ncancelled: no run was stored");
        return cli::kExitCancelled;
    }
    return 0;
}

static const bool registered
    = cli::registerCommand({ "train", "train the Meta-Router and baselines; store a run", runTrain });
