// causal-router simulate PROJECT.crw --primary M --alternative M [--bias ...] [--scale C] [--noise S] [--votes]
#include "CliCommand.h"
#include "SignalCancel.h"
#include "TrainingArgs.h"
#include "store/ProjectBackend.h"
#include "pipeline/SimulateJob.h"

#include <QJsonDocument>
#include <cstdio>

using namespace crw;

static int runSimulate(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Writes simulated preference labels (primary vs alternative) with a known "
                                "heterogeneous bias for every query that has gold scores for both models, and stores "
                                "the true Delta beside each label. Replaces an earlier dataset of the same name.");
    p.addOptions({
        { "primary", "primary model", "M" },
        { "alternative", "alternative model", "M" },
        { "bias", "bias components: any of length,task,direction,shift (default length,task,direction)", "LIST",
            "length,task,direction" },
        { "strength", "sd of the bias in units of sd(gold gain) (default 0.5)", "B", "0.5" },
        { "scale", "preference scale C: y = C (r - Delta) + noise (default 1)", "C", "1" },
        { "noise", "noise sd in units of sd(gold gain) (default 0.3)", "S", "0.3" },
        { "votes", "Bernoulli votes (+1/-1) instead of a numeric gain" },
        { "seed", "random seed (default 7)", "S", "7" },
        { "name", "dataset name", "N" },
        { "dim", "feature dimensions for the direction component (default 50)", "D", "50" },
        { "quiet", "no progress on stderr" },
    });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "simulate", &project); rc >= 0)
        return rc;
    SimulateConfig c;
    c.primary = p.value("primary");
    c.alternative = p.value("alternative");
    if (c.primary.isEmpty() || c.alternative.isEmpty())
        return cli::fail("--primary and --alternative are required");
    QString error;
    if (!BiasSpec::parseComponents(p.value("bias"), &c.bias, &error))
        return cli::fail(error);
    bool ok[5];
    c.bias.strength = p.value("strength").toDouble(&ok[0]);
    c.bias.scale = p.value("scale").toDouble(&ok[1]);
    c.bias.noise = p.value("noise").toDouble(&ok[2]);
    c.bias.seed = p.value("seed").toULongLong(&ok[3]);
    c.features.dim = p.value("dim").toInt(&ok[4]);
    if (!(ok[0] && ok[1] && ok[2] && ok[3] && ok[4]) || c.bias.strength < 0 || c.bias.scale <= 0 || c.bias.noise < 0
        || c.features.dim < 1)
        return cli::fail("--strength, --noise must be >= 0, --scale > 0, --dim >= 1 and --seed an integer");
    c.bias.votes = p.isSet("votes");
    c.features.seed = c.bias.seed;
    c.datasetName = p.value("name");
    Progress progress = cli::cliProgress(p.isSet("quiet"));
    try {
        SimulateOutcome out;
        openProject(project)->withImport(
            [&](const QString& file) { out = simulateIntoProject(file, c, progress); }, true);
        std::printf("%s\n", QJsonDocument(out.toJson()).toJson(QJsonDocument::Indented).constData());
    } catch (const Cancelled&) {
        cli::note("\ncancelled: nothing was written");
        return cli::kExitCancelled;
    }
    return 0;
}

static const bool registered
    = cli::registerCommand({ "simulate", "write simulated preference labels with a known bias", runSimulate });
