// causal-router export-router PROJECT.crw --run ID (--pmur X | --budget B | --cost-weight W) [--router R] -o
// router.json
#include "CliCommand.h"
#include "TrainingArgs.h"

#include "routing/ModelCosts.h"
#include "routing/RouterExport.h"
#include "routing/RouterFile.h"
#include "store/ProjectBackend.h"
#include "store/StoreUrl.h"

#include <QJsonDocument>
#include <cstdio>

using namespace crw;

static int runExportRouter(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Writes a stored training run as a router file (format causal-router/1, docs/router-format.md). The threshold "
        "comes from --cost-weight W, or is calibrated on the run's held-out test queries so that a share X of them "
        "go to the primary (--pmur X) or the cost per 1,000 queries fits a budget (--budget B).");
    p.addOptions({ { "run", "run id (see the project's runs)", "ID" },
        { "router", "which of the run's routers (default: the run's main Meta-Router, meta_r)", "R" },
        { "pmur", "share of queries for the primary, in [0,1]", "X" },
        { "budget", "cost per 1,000 queries (in the router's cost unit)", "B" },
        { "cost-weight", "cost weight w of the rule psi > w * (cost_primary - cost_alternative)", "W" },
        { "costs", "override costs per query: model=usd,model=usd", "LIST" },
        { "explain-sample", "training queries stored for route --explain (default 200, 0 = none)", "N", "200" },
        { "bootstrap", "bootstrap resamples of the calibration interval (default 1000)", "B", "1000" },
        { "seed", "seed of the explain sample and the bootstrap (default 1)", "S", "1" },
        { { "o", "output" }, "router file to write", "FILE" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "export-router", &project); rc >= 0)
        return rc;
    ExportOptions o;
    bool ok = false;
    o.runId = p.value("run").toLongLong(&ok);
    if (!ok || o.runId <= 0)
        return cli::fail("--run ID is required (a positive integer)");
    const int given = int(p.isSet("pmur")) + int(p.isSet("budget")) + int(p.isSet("cost-weight"));
    if (given != 1)
        return cli::fail("give exactly one of --pmur, --budget or --cost-weight");
    if (p.isSet("pmur")) {
        const double x = p.value("pmur").toDouble(&ok);
        if (!ok || !(x >= 0 && x <= 1))
            return cli::fail("--pmur must be a number in [0,1]");
        o.target = CalibrationTarget { CalibrationTarget::Share, x };
    } else if (p.isSet("budget")) {
        const double b = p.value("budget").toDouble(&ok);
        if (!ok || !std::isfinite(b))
            return cli::fail("--budget must be a number");
        o.target = CalibrationTarget { CalibrationTarget::BudgetPer1000, b };
    } else {
        const double w = p.value("cost-weight").toDouble(&ok);
        if (!ok || !std::isfinite(w))
            return cli::fail("--cost-weight must be a finite number");
        o.costWeight = w;
    }
    if (!p.value("output").size())
        return cli::fail("-o FILE is required");
    if (p.isSet("costs") && !parseCostOverrides(p.value("costs"), &o.costOverrides))
        return cli::fail("--costs must look like model=0.001,other=0.0002");
    o.router = p.value("router");
    o.explainSample = p.value("explain-sample").toInt(&ok);
    if (!ok || o.explainSample < 0)
        return cli::fail("--explain-sample must be a non-negative integer");
    o.bootstrap = p.value("bootstrap").toInt(&ok);
    if (!ok || o.bootstrap < 0)
        return cli::fail("--bootstrap must be a non-negative integer");
    o.seed = p.value("seed").toULongLong(&ok);
    if (!ok)
        return cli::fail("--seed must be a non-negative integer");
    RouterSpec spec;
    const std::unique_ptr<ProjectBackend> store = openProject(project);
    store->withRunSnapshot(o.runId, [&](const QString& file) { spec = exportRouterFromRun(file, o); });
    if (isStoreUrl(project)) // the snapshot's path means nothing to a reader of the router file
        spec.trainedOn["project"] = store->display();
    writeRouterFile(spec, p.value("output"));
    QJsonObject summary { { "router", p.value("output") }, { "cost_weight", spec.costWeight },
        { "threshold", spec.thresholds[0] }, { "reference", spec.reference } };
    if (!spec.calibration.isEmpty())
        summary["calibration"] = spec.calibration;
    std::fputs(QJsonDocument(summary).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}

static const bool registered = cli::registerCommand(
    { "export-router", "write a stored run as a router file (causal-router/1)", runExportRouter });
