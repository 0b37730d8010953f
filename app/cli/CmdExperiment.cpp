// causal-router experiment PROJECT.crw --primary M --alternative M --gold-sizes 100,500,1000 --test-size 500
//     --runs 50 [--learner ...] [--seed S] [--shard I/N] --json OUT
#include "CliCommand.h"
#include "SignalCancel.h"
#include "TrainingArgs.h"
#include "store/ProjectBackend.h"
#include "causal/CrossFitting.h"
#include "pipeline/AcquisitionExperiment.h"
#include "ExperimentOutput.h"
#include "pipeline/Experiment.h"
#include "pipeline/ExperimentShards.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace crw;

// Writes the results JSON to --json, the markdown table to stdout and to --markdown when set.
static int writeResults(const QCommandLineParser& p, const QJsonObject& json, const QString& table)
{
    return cli::writeExperimentOutput(p.value("json"), p.isSet("markdown") ? p.value("markdown") : QString(), json, table);
}

static int runExperimentCmd(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Runs the paper's Monte-Carlo protocol: repeated random splits into test / gold / "
                                "preference rows on queries that have gold for both models and a preference label; "
                                "trains every router on identical splits; reports efficiency-gain curves, areas, "
                                "routing quality at fixed usage ratios and paired differences.");
    cli::addTrainingOptions(p, "all", 0);
    p.addOptions({ { "gold-sizes", "gold training sizes (default 100,500,1000)", "LIST", "100,500,1000" },
        { "test-size", "test queries per split (default 500)", "N", "500" },
        { "runs", "Monte-Carlo splits per gold size (default 50)", "R", "50" },
        { "max-pref", "cap on preference rows per split (default: all remaining)", "M", "0" },
        { "gold-skew",
            "0 = gold rows are a random subset (default); S in (0,1]: gold mostly from half of the tasks "
            "(a row of another task is drawn with weight 1-S), preference rows mostly from the others",
            "S", "0" },
        { "acquisition",
            "run the gold-acquisition study instead: start from --start-gold gold rows, add B chosen by "
            "each of --strategies, retrain the main Meta-Router, compare with random",
            "B" },
        { "start-gold", "acquisition study: starting gold rows (default 100)", "N", "100" },
        { "strategies", "acquisition study: comma list of uncertainty, overlap, random (default all three)", "LIST",
            "uncertainty,overlap,random" },
        { "shard",
            "compute only shard I of N (0-based) of the (run, gold size) cells into a partial JSON (--json); combine "
            "the parts with `causal-router experiment-merge` (docs/scale.md)",
            "I/N" },
        { "json", "write the results JSON to OUT", "OUT" }, { "markdown", "write the markdown table to OUT", "OUT" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "experiment", &project); rc >= 0)
        return rc;
    TrainingConfig c;
    QString error;
    if (!cli::readTrainingOptions(p, &c, &error))
        return cli::fail(error);
    ExperimentOptions eo;
    bool ok1, ok2, ok3;
    eo.testSize = p.value("test-size").toInt(&ok1);
    eo.runs = p.value("runs").toInt(&ok2);
    eo.maxPref = p.value("max-pref").toInt(&ok3);
    if (!cli::parseIntList(p.value("gold-sizes"), &eo.goldSizes) || !ok1 || !ok2 || !ok3 || eo.testSize < 10
        || eo.runs < 1 || eo.maxPref < 0)
        return cli::fail("--gold-sizes must be a list of positive integers, --test-size >= 10, --runs >= 1");
    if (!p.isSet("json"))
        return cli::fail("--json OUT is required");
    eo.seed = c.seed;
    eo.suite = suiteOptionsFor(c);
    bool okSkew = false;
    eo.goldSkew = p.value("gold-skew").toDouble(&okSkew);
    if (!okSkew || !(eo.goldSkew >= 0.0 && eo.goldSkew <= 1.0))
        return cli::fail("--gold-skew must be a number in [0, 1]");
    AcquisitionOptions ao;
    const bool acquisition = p.isSet("acquisition");
    ShardSpec shard;
    const bool sharded = p.isSet("shard");
    if (sharded) {
        QString shardError;
        if (!parseShardSpec(p.value("shard"), &shard, &shardError))
            return cli::fail(shardError);
        if (acquisition)
            return cli::fail("--shard is not available for the acquisition study (--acquisition); run it unsharded");
        if (p.isSet("markdown"))
            return cli::fail("--markdown is written by experiment-merge, not by a shard");
        const int cells = int(eo.goldSizes.size()) * eo.runs;
        if (shard.count > cells)
            return cli::fail(QStringLiteral("--shard %1: the study has only %2 (run, gold size) cells; use at most "
                                            "%2 shards")
                                 .arg(p.value("shard"))
                                 .arg(cells));
    }
    if (acquisition) {
        bool okB = false, okS = false;
        ao.budget = p.value("acquisition").toInt(&okB);
        ao.startGold = p.value("start-gold").toInt(&okS);
        if (!okB || !okS || ao.budget < 1 || ao.startGold < 10)
            return cli::fail("--acquisition must be a positive integer and --start-gold an integer >= 10");
        ao.strategies.clear();
        for (const QString& s : p.value("strategies").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            AcquisitionStrategy st;
            if (!parseAcquisitionStrategy(s, &st))
                return cli::fail(
                    QStringLiteral("unknown strategy '%1' (expected uncertainty, overlap or random)").arg(s));
            ao.strategies.push_back(st);
        }
        if (ao.strategies.empty())
            return cli::fail("--strategies needs at least one strategy");
        ao.testSize = eo.testSize;
        ao.runs = eo.runs;
        ao.seed = eo.seed;
        ao.maxPref = eo.maxPref;
        ao.goldSkew = eo.goldSkew;
        ao.bootstrap = p.isSet("bootstrap") ? c.bootstrap : 20;
        if (ao.bootstrap < 2
            && std::count(ao.strategies.begin(), ao.strategies.end(), AcquisitionStrategy::Uncertainty))
            return cli::fail("the uncertainty strategy needs --bootstrap of at least 2");
        ao.suite = eo.suite;
        if (!p.isSet("learner"))
            ao.suite.routers = { RouterKind::MetaR };
    }
    Progress progress = cli::cliProgress(p.isSet("quiet"));
    try {
        Progress loadP = progress.sub(0, 0.02);
        PairTable table;
        openProject(project)->withSnapshot(
            [&](const QString& file) { table = loadPairTable(file, c.primary, c.alternative, loadP); });
        std::vector<int> rows;
        for (int i = 0; i < table.size(); ++i)
            if (std::isfinite(table.gain[i]) && std::isfinite(table.pref[i]))
                rows.push_back(i);
        if (rows.empty())
            return cli::fail(QStringLiteral("no query has gold scores for both %1 and %2 and a preference label; "
                                            "run `causal-router simulate` first")
                                 .arg(c.primary, c.alternative));
        Progress featP = progress.sub(0.02, 0.05);
        const BuiltFeatures f = buildFeatures(table, c.featureOptions(), featP);
        ExperimentData data { selectRows(f.X, rows), selectRows(table.gain, rows), selectRows(table.goldPrimary, rows),
            selectRows(table.goldAlternative, rows), selectRows(table.pref, rows), Vector(), IntVector() };
        const Vector truth = selectRows(table.trueDelta, rows);
        if (truth.allFinite())
            data.trueDelta = truth;
        {
            QHash<QString, int> taskIndex;
            data.group.resize(Eigen::Index(rows.size()));
            for (size_t j = 0; j < rows.size(); ++j) {
                auto it = taskIndex.find(table.tasks[rows[j]]);
                if (it == taskIndex.end())
                    it = taskIndex.insert(table.tasks[rows[j]], int(taskIndex.size()));
                data.group[Eigen::Index(j)] = it.value();
            }
        }
        Progress runP = progress.sub(0.05, 1.0);
        if (acquisition) {
            const AcquisitionResult ar = runAcquisitionExperiment(data, ao, runP);
            QJsonObject json = ar.toJson();
            json["project"] = project;
            json["primary"] = c.primary;
            json["alternative"] = c.alternative;
            json["features"] = f.description;
            return writeResults(p, json, ar.markdownTable());
        }
        QJsonObject output { { "project", project }, { "primary", c.primary }, { "alternative", c.alternative },
            { "features", f.description }, { "nuisance", nuisanceFamilyName(c.nuisance) } };
        if (std::count(c.routers.begin(), c.routers.end(), RouterKind::MetaROverlap)
            || std::count(c.routers.begin(), c.routers.end(), RouterKind::MetaDROverlap))
            output["overlap_min_ratio"] = c.overlapMinRatio;
        if (sharded) {
            // Everything that determines the numbers or the report; the thread count does not (results do not
            // depend on it), so shards may run with different --threads.
            const QJsonObject config { { "options", experimentOptionsJson(eo) }, { "training", c.toJson() },
                { "data_sha256", experimentDataFingerprint(data) }, { "queries", int(data.X.rows()) },
                { "output", output } };
            const std::vector<ExperimentCell> cells = computeExperimentCells(data, eo, shardCells(eo, shard), runP);
            const int rc = cli::writeExperimentOutput(
                p.value("json"), QString(), experimentPartJson(config, shard, cells), QString(), false);
            if (rc == 0 && !p.isSet("quiet"))
                cli::note(QStringLiteral("shard %1/%2: %3 cells written to %4")
                              .arg(shard.index)
                              .arg(shard.count)
                              .arg(cells.size())
                              .arg(p.value("json")));
            return rc;
        }
        const ExperimentResult res = runExperiment(data, eo, runP);
        return writeResults(p, experimentResultJson(res, output), res.markdownTable());
    } catch (const Cancelled&) {
        cli::note("\ncancelled: no results written");
        return cli::kExitCancelled;
    }
    return 0;
}

static const bool registered = cli::registerCommand(
    { "experiment", "Monte-Carlo comparison of every router (the paper's protocol)", runExperimentCmd });
