// causal-router import PROJECT.crw --queries F | --gold F | --preference F | --prices F [--format NAME] [--name N]
//                                  [--skip-bad-rows] [--duplicates keep|mean|refuse] [--judge-map SPEC]
//                                  [--task-from KEY] [--models A,B | --model NAME] [--score-from KEY] [--quiet]
#include "CliCommand.h"
#include "SignalCancel.h"
#include "import/Importer.h"
#include "store/ProjectBackend.h"
#include "store/StoreUrl.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

using namespace crw;

namespace {

struct Job {
    DataKind kind;
    QString file;
};

QString describe(const ImportResult& r)
{
    QString line = QStringLiteral("imported \"%1\" (%2): %3 rows, %4 new queries, %5 new models")
                       .arg(r.datasetName, r.format)
                       .arg(r.rows)
                       .arg(r.newQueries)
                       .arg(r.newModels);
    if (!r.warnings.isEmpty())
        line += QStringLiteral("; warnings: ") + r.warnings.join(QStringLiteral("; "));
    return line;
}

} // namespace

static int runImport(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral(
            "Imports data files into a project, each file as one dataset in one transaction.\n"
            "Files are imported in the order queries, prices, gold, preference (each option may be repeated).\n"
            "Formats: auto (default) or one of: ")
        + formatNames().join(QStringLiteral(", ")) + QStringLiteral(".\nSee docs/formats.md."));
    p.addOption(
        { QStringLiteral("queries"), QStringLiteral("a queries file (CSV or JSON Lines)"), QStringLiteral("F") });
    p.addOption({ QStringLiteral("gold"), QStringLiteral("a gold-label file (long or wide CSV, JSONL, JSON)"),
        QStringLiteral("F") });
    p.addOption({ QStringLiteral("preference"), QStringLiteral("a preference-label file (CSV, JSONL, AlpacaEval JSON)"),
        QStringLiteral("F") });
    p.addOption({ QStringLiteral("prices"), QStringLiteral("a model price table (CSV or JSON)"), QStringLiteral("F") });
    p.addOption({ QStringLiteral("format"), QStringLiteral("force a format instead of detecting it"),
        QStringLiteral("NAME"), QStringLiteral("auto") });
    p.addOption({ QStringLiteral("name"), QStringLiteral("dataset name (default: the file's base name)"),
        QStringLiteral("N") });
    p.addOption({ QStringLiteral("skip-bad-rows"), QStringLiteral("skip and list bad rows instead of failing") });
    p.addOption({ QStringLiteral("duplicates"),
        QStringLiteral("repeated (query, model_a, model_b, judge) in a preference file: keep (every vote is a label), "
                       "mean (one label, the mean outcome) or refuse (a different outcome is an error); default: keep "
                       "when the file has no judge column, else refuse"),
        QStringLiteral("keep|mean|refuse"), QStringLiteral("auto") });
    p.addOption({ QStringLiteral("judge-map"),
        QStringLiteral("which judges give gold and which preference labels (MT-Bench), e.g. "
                       "'expert_*=gold,gpt4_pair=preference'; first matching pattern wins"),
        QStringLiteral("SPEC") });
    p.addOption({ QStringLiteral("task-from"),
        QStringLiteral("Arena, MT-Bench, UltraFeedback: the key whose value becomes the query's task (e.g. language, "
                       "category_tag)"),
        QStringLiteral("KEY") });
    p.addOption({ QStringLiteral("models"),
        QStringLiteral("HelpSteer3: the model names of response1 and response2 (default response1,response2); "
                       "HelpSteer2: the names of each prompt's 1st, 2nd, ... response. These name response slots, "
                       "not model identities, unless your data makes them so"),
        QStringLiteral("A,B") });
    p.addOption({ QStringLiteral("model"),
        QStringLiteral("HelpSteer2: the model name of each prompt's response (default response; a prompt's 2nd "
                       "response is NAME_2, ...)"),
        QStringLiteral("NAME") });
    p.addOption({ QStringLiteral("score-from"),
        QStringLiteral("HelpSteer2: the attribute that is the gold score (helpfulness, correctness, coherence, "
                       "complexity, verbosity; default helpfulness)"),
        QStringLiteral("KEY") });
    p.addOption({ QStringLiteral("quiet"), QStringLiteral("no progress output") });
    QString project;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("import"), QStringLiteral("PROJECT"),
            QStringLiteral("the project file (.crw) or postgresql:// URL"), &project);
        rc >= 0)
        return rc;
    if (!isStoreUrl(project) && !QFileInfo(project).isFile())
        return cli::fail(QStringLiteral("no project at %1 (create it with 'causal-router init')").arg(project));

    QList<Job> jobs;
    const struct {
        const char* option;
        DataKind kind;
    } kinds[] = { { "queries", DataKind::Queries }, { "prices", DataKind::Prices }, { "gold", DataKind::Gold },
        { "preference", DataKind::Preference } };
    for (const auto& k : kinds)
        for (const QString& f : p.values(QLatin1String(k.option)))
            jobs.push_back({ k.kind, f });
    if (jobs.isEmpty())
        return cli::fail(QStringLiteral("nothing to import: give --queries, --gold, --preference or --prices FILE"));
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("auto") && !formatNames().contains(format))
        return cli::fail(QStringLiteral("unknown format '%1' (known: auto, %2)")
                             .arg(format, formatNames().join(QStringLiteral(", "))));
    const bool quiet = p.isSet(QStringLiteral("quiet"));
    DuplicatePolicy duplicates = DuplicatePolicy::Auto;
    if (!parseDuplicatePolicy(p.value(QStringLiteral("duplicates")), &duplicates))
        return cli::fail(QStringLiteral("unknown --duplicates '%1' (known: keep, mean, refuse)")
                             .arg(p.value(QStringLiteral("duplicates"))));
    JudgeMap judgeMap;
    QString judgeMapError;
    if (!parseJudgeMap(p.value(QStringLiteral("judge-map")), &judgeMap, &judgeMapError))
        return cli::fail(judgeMapError);

    const std::unique_ptr<ProjectBackend> store = openProject(project);
    QStringList done;
    for (const Job& job : jobs) {
        ImportOptions opt;
        opt.kind = job.kind;
        opt.format = format;
        opt.datasetName = p.value(QStringLiteral("name"));
        opt.skipBadRows = p.isSet(QStringLiteral("skip-bad-rows"));
        opt.duplicates = duplicates;
        opt.judgeMap = judgeMap;
        opt.taskKey = p.value(QStringLiteral("task-from"));
        if (p.isSet(QStringLiteral("models")))
            opt.responseModels = p.value(QStringLiteral("models")).split(QLatin1Char(','));
        else if (p.isSet(QStringLiteral("model")))
            opt.responseModels = QStringList { p.value(QStringLiteral("model")) };
        opt.scoreKey = p.value(QStringLiteral("score-from"));
        Progress progress = cli::cliProgress(quiet);
        try {
            ImportResult r;
            store->withImport([&](const QString& file) { r = importFile(file, job.file, opt, progress); });
            std::printf("%s\n", describe(r).toUtf8().constData());
            std::fflush(stdout);
            for (int i = 0; i < r.skipped.size() && i < 20; ++i)
                cli::note(QStringLiteral("  skipped %1:%2: %3")
                              .arg(job.file)
                              .arg(r.skipped[i].line)
                              .arg(r.skipped[i].reason));
            if (r.skipped.size() > 20)
                cli::note(QStringLiteral("  ... and %1 more skipped rows").arg(r.skipped.size() - 20));
            done << r.datasetName;
        } catch (const Cancelled&) {
            if (!quiet)
                std::fputc('\n', stderr);
            cli::note(QStringLiteral("import of %1 cancelled; the project is unchanged by it%2")
                          .arg(job.file,
                              done.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" (already imported: %1)").arg(done.join(QStringLiteral(", ")))));
            return cli::kExitCancelled;
        } catch (...) {
            if (!quiet)
                std::fputc('\n', stderr);
            if (!done.isEmpty())
                cli::note(QStringLiteral("earlier files stay imported: %1").arg(done.join(QStringLiteral(", "))));
            throw;
        }
    }
    return 0;
}

static const bool registered
    = cli::registerCommand({ QStringLiteral("import"), QStringLiteral("import data files into a project"), runImport });
