// causal-router calibrate router.json (--share X | --budget B) [--bootstrap N] [--seed S] -o out.json < calib.jsonl
#include "CliCommand.h"

#include "routing/Calibration.h"
#include "routing/QueryLine.h"
#include "routing/Router.h"
#include "routing/RouterFile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>
#include <cstdio>

using namespace crw;

static int runCalibrate(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Re-chooses a router's cost weight on a calibration set (JSON lines on stdin, the route input format) so that "
        "a target share of queries leaves the reference model (--share) or the cost per 1,000 queries fits a budget "
        "(--budget), and writes the router with the new thresholds and a seeded bootstrap interval of the share and "
        "cost to expect.");
    p.addOptions({ { "share", "target share of queries sent to a non-reference model, in [0,1]", "X" },
        { "budget",
            "target cost per 1,000 queries: USD when the router's models are priced, else calls to non-reference "
            "models",
            "B" },
        { "bootstrap", "bootstrap resamples (default 1000)", "N", "1000" },
        { "seed", "bootstrap seed (default 1)", "S", "1" }, { { "o", "output" }, "calibrated router file", "FILE" } });
    QString routerPath;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("calibrate"), "ROUTER", "router file", &routerPath);
        rc >= 0)
        return rc;
    if (int(p.isSet("share")) + int(p.isSet("budget")) != 1)
        return cli::fail("give exactly one of --share or --budget");
    if (p.value("output").isEmpty())
        return cli::fail("-o FILE is required");
    bool ok = false;
    CalibrationTarget target;
    target.kind = p.isSet("share") ? CalibrationTarget::Share : CalibrationTarget::BudgetPer1000;
    target.value = p.value(p.isSet("share") ? "share" : "budget").toDouble(&ok);
    if (!ok || !std::isfinite(target.value)
        || (target.kind == CalibrationTarget::Share && !(target.value >= 0 && target.value <= 1)))
        return cli::fail("--share must be in [0,1]; --budget a number");
    CalibrationSetup setup;
    setup.bootstrap = p.value("bootstrap").toInt(&ok);
    if (!ok || setup.bootstrap < 0)
        return cli::fail("--bootstrap must be a non-negative integer");
    setup.seed = p.value("seed").toULongLong(&ok);
    if (!ok)
        return cli::fail("--seed must be a non-negative integer");

    RouterSpec spec = readRouterFile(routerPath);
    const Router router(spec);
    std::vector<RouteQuery> queries;
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return cli::fail("cannot read stdin");
    qint64 lineNo = 0;
    while (!in.atEnd()) {
        QByteArray line = in.readLine();
        ++lineNo;
        if (line.trimmed().isEmpty())
            continue;
        RouteQuery q;
        QString err;
        if (!parseQueryLine(line, lineNo, &q, &err))
            return cli::fail(QStringLiteral("stdin line %1: %2").arg(lineNo).arg(err));
        queries.push_back(std::move(q));
    }
    if (queries.empty())
        return cli::fail("no calibration queries on stdin");
    QueryBatch batch;
    int bad = -1;
    QString err;
    if (!makeQueryBatch(queries, router.needsText(), router.embeddingDim(), &batch, &bad, &err))
        return cli::fail(QStringLiteral("calibration query %1: %2").arg(bad + 1).arg(err));
    const Matrix psi = router.psi(router.features(batch));
    for (const auto& m : spec.models)
        setup.costs.push_back(m.cost);
    for (size_t q = 0; q < spec.quality.size(); ++q)
        setup.modelOf.push_back(router.modelOfQuality(int(q)));
    setup.reference = router.referenceIndex();
    const CalibrationResult r = calibrateCostWeight(psi, target, setup);
    spec.costWeight = r.w;
    spec.thresholds = r.thresholds;
    spec.calibration = r.toJson(target);
    spec.calibration["set"] = QStringLiteral("%1 queries from stdin").arg(queries.size());
    spec.calibration["bootstrap"] = setup.bootstrap;
    spec.calibration["seed"] = QString::number(setup.seed);
    // USD wherever the router's costs are prices (docs/router-format.md "Costs"); "binary" costs count calls.
    const bool usd = std::none_of(
        spec.models.begin(), spec.models.end(), [](const RouterModel& m) { return m.costSource == "binary"; });
    spec.calibration["cost_unit"] = usd ? QStringLiteral("usd_per_1000_queries")
                                        : QStringLiteral("non_reference_calls_per_1000_queries");
    writeRouterFile(spec, p.value("output"));
    if (usd)
        std::fprintf(stderr, "expected cost: $%.4f per 1,000 queries (interval $%.4f-$%.4f), share %.3f\n",
            r.costPer1000, r.costLo, r.costHi, r.share);
    else
        std::fprintf(stderr,
            "expected cost: %.1f non-reference calls per 1,000 queries (no prices in the router), share %.3f\n",
            r.costPer1000, r.share);
    std::fputs(QJsonDocument(spec.calibration).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}

static const bool registered = cli::registerCommand(
    { "calibrate", "choose a router's cost weight for a target share or budget on JSONL queries", runCalibrate });
