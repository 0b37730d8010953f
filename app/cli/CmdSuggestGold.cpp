// causal-router suggest-gold PROJECT.crw --run ID --budget B [--strategy uncertainty|overlap|random] [--share P]
//     [--csv OUT] [--json]
#include "CliCommand.h"
#include "TrainingArgs.h"
#include "active/GoldSuggestions.h"
#include "store/ProjectBackend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace crw;

static int runSuggestGold(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Ranks the unlabelled queries of a training run (preference labels only) by how much a gold label there is "
        "expected to improve the router, and prints the top B as CSV: query_id,text,score,reason. "
        "Strategies: uncertainty (expected loss of the routing decision from the bootstrap se of psi_hat; needs a run "
        "trained with --bootstrap), overlap (lowest gold/preference density ratio), random. docs/active-gold.md.");
    p.addOptions({ { "run", "training run id (see `causal-router info`)", "ID" },
        { "budget", "number of queries to suggest (default 100)", "B", "100" },
        { "strategy", "uncertainty | overlap | random (default uncertainty)", "S", "uncertainty" },
        { "share", "operating point for the uncertainty strategy: share of queries routed to the primary (default 0.5)",
            "P", "0.5" },
        { "seed", "seed of the random strategy (default 1)", "S", "1" },
        { "csv", "write the CSV to OUT instead of stdout", "OUT" },
        { "json", "print JSON (threshold, candidates, rows) instead of CSV" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "suggest-gold", &project); rc >= 0)
        return rc;
    SuggestionRequest req;
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    if (!p.isSet("run"))
        return cli::fail("--run ID is required");
    req.runId = p.value("run").toLongLong(&ok1);
    req.budget = p.value("budget").toInt(&ok2);
    req.primaryShare = p.value("share").toDouble(&ok3);
    req.seed = p.value("seed").toULongLong(&ok4);
    if (!ok1 || req.runId <= 0)
        return cli::fail("--run must be a positive run id");
    if (!ok2 || req.budget < 1)
        return cli::fail("--budget must be a positive integer");
    if (!ok3 || !(req.primaryShare >= 0 && req.primaryShare <= 1))
        return cli::fail("--share must be a number in [0, 1]");
    if (!ok4)
        return cli::fail("--seed must be a non-negative integer");
    if (!parseAcquisitionStrategy(p.value("strategy"), &req.strategy))
        return cli::fail("--strategy must be uncertainty, overlap or random");
    SuggestionResult res;
    openProject(project)->withRunSnapshot(req.runId, [&](const QString& file) { res = suggestGold(file, req); });
    if (res.candidates == 0)
        return cli::fail(QStringLiteral("run %1 has no preference-only queries to suggest").arg(req.runId));
    if (!res.note.isEmpty())
        cli::note(QStringLiteral("note: %1").arg(res.note));
    QByteArray bytes;
    if (p.isSet("json")) {
        QJsonArray rows;
        for (const auto& r : res.rows)
            rows.append(QJsonObject { { "query_id", r.queryId }, { "text", r.text }, { "score", r.score },
                { "reason", r.reason }, { "psi_hat", r.psi }, { "psi_se", r.psiSe }, { "propensity", r.propensity } });
        bytes = QJsonDocument(
            QJsonObject { { "run_id", req.runId }, { "strategy", acquisitionStrategyName(req.strategy) },
                { "budget", req.budget }, { "candidates", res.candidates }, { "threshold", res.threshold },
                { "base_rate", res.baseRate }, { "rows", rows } })
                    .toJson(QJsonDocument::Indented);
    } else {
        bytes = suggestionsCsv(res.rows).toUtf8();
    }
    if (p.isSet("csv")) {
        QFile f(p.value("csv"));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return cli::fail(QStringLiteral("cannot write %1").arg(p.value("csv")));
        cli::note(QStringLiteral("%1 of %2 candidate queries written to %3")
                      .arg(res.rows.size())
                      .arg(res.candidates)
                      .arg(p.value("csv")));
    } else {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    }
    return 0;
}

static const bool registered = cli::registerCommand(
    { "suggest-gold", "rank unlabelled queries of a run by the value of a gold label there", runSuggestGold });
