// causal-router experiment PROJECT.crw --primary M --alternative M --gold-sizes 100,500,1000 --test-size 500
//     --runs 50 [--learner ...] [--seed S] --json OUT
#include "CliCommand.h"
#include "SignalCancel.h"
#include "TrainingArgs.h"
#include "causal/CrossFitting.h"
#include "pipeline/Experiment.h"

#include <QFile>
#include <QJsonDocument>
#include <cmath>
#include <cstdio>

using namespace crw;

static int runExperimentCmd(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription("Runs the paper's Monte-Carlo protocol: repeated random splits into test / gold / "
                                "preference rows on queries that have gold for both models and a preference label; "
                                "trains every router on identical splits; reports efficiency-gain curves, areas, "
                                "routing quality at fixed usage ratios and paired differences.");
    cli::addTrainingOptions(p, "all");
    p.addOptions({ { "gold-sizes", "gold training sizes (default 100,500,1000)", "LIST", "100,500,1000" },
        { "test-size", "test queries per split (default 500)", "N", "500" },
        { "runs", "Monte-Carlo splits per gold size (default 50)", "R", "50" },
        { "max-pref", "cap on preference rows per split (default: all remaining)", "M", "0" },
        { "json", "write the results JSON to OUT", "OUT" },
        { "markdown", "write the markdown table to OUT", "OUT" } });
    QString project;
    if (int rc = cli::handleHelpAndProject(p, args, "experiment", &project); rc >= 0)
        return rc;
    TrainConfig c;
    QString error;
    if (!cli::readTrainingOptions(p, &c, &error))
        return cli::fail(error);
    ExperimentOptions eo;
    bool ok1, ok2, ok3;
    eo.testSize = p.value("test-size").toInt(&ok1);
    eo.runs = p.value("runs").toInt(&ok2);
    eo.maxPref = p.value("max-pref").toInt(&ok3);
    if (!cli::parseIntList(p.value("gold-sizes"), &eo.goldSizes) || !ok1 || !ok2 || !ok3 || eo.testSize < 10 || eo.runs < 1
        || eo.maxPref < 0)
        return cli::fail("--gold-sizes must be a list of positive integers, --test-size >= 10, --runs >= 1");
    if (!p.isSet("json"))
        return cli::fail("--json OUT is required");
    eo.seed = c.seed;
    eo.suite = suiteOptionsFor(c);
    Progress progress = cli::cliProgress(p.isSet("quiet"));
    try {
        Progress loadP = progress.sub(0, 0.02);
        const PairTable table = loadPairTable(project, c.primary, c.alternative, loadP);
        std::vector<int> rows;
        for (int i = 0; i < table.size(); ++i)
            if (std::isfinite(table.gain[i]) && std::isfinite(table.pref[i]))
                rows.push_back(i);
        if (rows.empty())
            return cli::fail(QStringLiteral("no query has gold scores for both %1 and %2 and a preference label; "
                                            "run `causal-router simulate` first")
                                 .arg(c.primary, c.alternative));
        Progress featP = progress.sub(0.02, 0.05);
        const BuiltFeatures f = buildFeatures(table, c.features, featP);
        ExperimentData data { selectRows(f.X, rows), selectRows(table.gain, rows), selectRows(table.goldPrimary, rows),
            selectRows(table.goldAlternative, rows), selectRows(table.pref, rows), Vector() };
        const Vector truth = selectRows(table.trueDelta, rows);
        if (truth.allFinite())
            data.trueDelta = truth;
        Progress runP = progress.sub(0.05, 1.0);
        const ExperimentResult res = runExperiment(data, eo, runP);
        QJsonObject json = res.toJson();
        json["project"] = project;
        json["primary"] = c.primary;
        json["alternative"] = c.alternative;
        json["features"] = f.description;
        json["nuisance"] = nuisanceFamilyName(c.nuisance);
        QFile out(p.value("json"));
        const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
            return cli::fail(QStringLiteral("cannot write %1").arg(p.value("json")));
        const QString table_ = res.markdownTable();
        std::fputs(table_.toUtf8().constData(), stdout);
        if (p.isSet("markdown")) {
            QFile md(p.value("markdown"));
            if (!md.open(QIODevice::WriteOnly) || md.write(table_.toUtf8()) < 0)
                return cli::fail(QStringLiteral("cannot write %1").arg(p.value("markdown")));
        }
    } catch (const Cancelled&) {
        cli::note("\ncancelled: no results written");
        return cli::kExitCancelled;
    }
    return 0;
}

static const bool registered = cli::registerCommand(
    { "experiment", "Monte-Carlo comparison of every router (the paper's protocol)", runExperimentCmd });
