// causal-router train-pool PROJECT.crw --models a,b,c [--reference r] (--pmur X | --budget B | --cost-weight W)
//   -o router.json [--json report.json] [training options]
#include "CliCommand.h"
#include "SignalCancel.h"
#include "TrainingArgs.h"

#include "routing/ModelCosts.h"
#include "routing/PoolTraining.h"
#include "routing/RouterFile.h"
#include "store/ProjectBackend.h"
#include "store/StoreUrl.h"

#include <QFile>
#include <QJsonDocument>
#include <cstdio>

using namespace crw;

static int runTrainPool(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Trains a multi-model router: one Meta-Router psi_k per model over a reference model, on one featurizer, and "
        "writes it as a router file (docs/multi-model.md). With a test set it reports the cost-quality frontier and "
        "AIQ against the oracle, random mixtures, the best and the cheapest single model.");
    cli::addTrainingOptions(p, "r");
    p.addOptions({ { "models", "the pool: comma-separated model names (at least two)", "LIST" },
        { "reference", "reference model (psi = 0; default: the cheapest)", "M" },
        { "gold-size", "per pair, a seeded subset of N gold queries (default: all)", "N", "0" },
        { "test-size", "hold out N queries with gold for every model (default 0)", "N", "0" },
        { "pmur", "calibrate: share of test queries leaving the reference", "X" },
        { "budget", "calibrate: cost per 1,000 test queries", "B" }, { "cost-weight", "cost weight w", "W" },
        { "costs", "override costs per query: model=usd,model=usd", "LIST" },
        { "explain-sample", "training queries stored for route --explain (default 200)", "N", "200" },
        { { "o", "output" }, "router file to write", "FILE" },
        { "json", "write the training/frontier report to OUT", "OUT" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "train-pool", &project); rc >= 0)
        return rc;
    PoolConfig c;
    c.models = p.value("models").split(',', Qt::SkipEmptyParts);
    for (auto& m : c.models)
        m = m.trimmed();
    if (c.models.size() < 2)
        return cli::fail("--models needs at least two comma-separated model names");
    c.reference = p.value("reference");
    // Reuse the shared option reader: it needs a pair, which train-pool does not use.
    QString error;
    TrainingConfig tc;
    tc.primary = c.models[0];
    tc.alternative = c.models[1];
    {
        // readTrainingOptions reads --primary/--alternative from the parser; they are not options of train-pool,
        // so set the values afterwards.
        QStringList a = args;
        a << "--primary" << c.models[0] << "--alternative" << c.models[1];
        QCommandLineParser q;
        cli::addTrainingOptions(q, "r");
        q.addOptions({ { "models", "", "L" }, { "reference", "", "M" }, { "gold-size", "", "N" },
            { "test-size", "", "N" }, { "pmur", "", "X" }, { "budget", "", "B" }, { "cost-weight", "", "W" },
            { "costs", "", "L" }, { "explain-sample", "", "N" }, { { "o", "output" }, "", "F" }, { "json", "", "O" } });
        q.addPositionalArgument("PROJECT", "");
        if (!q.parse(a))
            return cli::fail(q.errorText());
        if (!cli::readTrainingOptions(q, &tc, &error))
            return cli::fail(error);
    }
    c.train = tc;
    bool ok1 = false, ok2 = false, ok3 = false;
    c.train.goldSize = p.value("gold-size").toInt(&ok1);
    c.train.testSize = p.value("test-size").toInt(&ok2);
    c.explainSample = p.value("explain-sample").toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || c.train.goldSize < 0 || c.train.testSize < 0 || c.explainSample < 0)
        return cli::fail("--gold-size, --test-size and --explain-sample must be non-negative integers");
    const int given = int(p.isSet("pmur")) + int(p.isSet("budget")) + int(p.isSet("cost-weight"));
    if (given != 1)
        return cli::fail("give exactly one of --pmur, --budget or --cost-weight");
    bool ok = false;
    if (p.isSet("pmur")) {
        const double x = p.value("pmur").toDouble(&ok);
        if (!ok || !(x >= 0 && x <= 1))
            return cli::fail("--pmur must be a number in [0,1]");
        c.target = CalibrationTarget { CalibrationTarget::Share, x };
    } else if (p.isSet("budget")) {
        const double b = p.value("budget").toDouble(&ok);
        if (!ok || !std::isfinite(b))
            return cli::fail("--budget must be a number");
        c.target = CalibrationTarget { CalibrationTarget::BudgetPer1000, b };
    } else {
        const double w = p.value("cost-weight").toDouble(&ok);
        if (!ok || !std::isfinite(w))
            return cli::fail("--cost-weight must be a finite number");
        c.costWeight = w;
    }
    if (p.isSet("costs") && !parseCostOverrides(p.value("costs"), &c.costOverrides))
        return cli::fail("--costs must look like model=0.001,other=0.0002");
    if (p.value("output").isEmpty())
        return cli::fail("-o FILE is required");
    Progress progress = cli::cliProgress(p.isSet("quiet"));
    try {
        PoolOutcome out;
        const std::unique_ptr<ProjectBackend> store = openProject(project);
        store->withSnapshot([&](const QString& file) { out = trainPool(file, c, progress); });
        if (isStoreUrl(project)) // the snapshot's path means nothing to a reader of the router file
            out.spec.trainedOn["project"] = store->display();
        writeRouterFile(out.spec, p.value("output"));
        QJsonObject report = out.report;
        report["router"] = p.value("output");
        report["cost_weight"] = out.spec.costWeight;
        if (!out.spec.calibration.isEmpty())
            report["calibration"] = out.spec.calibration;
        const QByteArray json = QJsonDocument(report).toJson(QJsonDocument::Indented);
        if (p.isSet("json")) {
            QFile f(p.value("json"));
            if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
                return cli::fail(QStringLiteral("cannot write %1").arg(p.value("json")));
        }
        QJsonObject brief = report;
        brief.remove("test_query_ids");
        std::fputs(QJsonDocument(brief).toJson(QJsonDocument::Indented).constData(), stdout);
    } catch (const Cancelled&) {
        cli::note("\ncancelled: nothing was written");
        return cli::kExitCancelled;
    }
    return 0;
}

static const bool registered = cli::registerCommand(
    { "train-pool", "train a multi-model router (psi_k over a reference) and write it", runTrainPool });
