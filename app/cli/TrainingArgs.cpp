#include "TrainingArgs.h"

#include "CliCommand.h"

#include <cstdio>

namespace crw::cli {

void addTrainingOptions(QCommandLineParser& p, const QString& defaultLearner, int defaultBootstrap)
{
    p.addOptions({
        { "primary", "primary (strong, costly) model name", "M" },
        { "alternative", "alternative (cheap) model name", "M" },
        { "learner",
            "r | dr | t | both | baselines | all | reference | overlap, or a comma list of router names (default "
                + defaultLearner + ")",
            "L", defaultLearner },
        { "nuisance", "nuisance models: xgb | rf | linear (default xgb)", "N", "xgb" },
        { "folds", "cross-fitting folds (default 5)", "K", "5" },
        { "normalize",
            "preference scale normalisation: regression | variance | amplitude | w2 | none (default "
            "regression)",
            "M", "regression" },
        { "propensity",
            "auto (design unless the propensity model's out-of-fold AUC interval lies above 0.5) | estimated "
            "(cross-fitted, clipped relative to the base rate) | design (constant n/(n+m)); default auto",
            "P", "auto" },
        { "clip-factor", "propensity clip [kappa/f, kappa*f] (default 5)", "F", "5" },
        { "overlap-weights", "DR-learner: weight pseudo-outcomes by p(1-p)" },
        { "seed", "random seed (default 1)", "S", "1" },
        { "threads", "XGBoost threads; results do not depend on it (default 2)", "T", "2" },
        { "features", "auto | text | embedding (default auto)", "F", "auto" },
        { "dim", "feature dimensions (TF-IDF SVD or embedding PCA; default 50)", "D", "50" },
        { "no-length-features", "do not append log-length features" },
        { "no-task-features", "do not append one-hot task features" },
        { "quiet", "no progress on stderr" },
        { "bootstrap",
            QStringLiteral("bootstrap replicates of the main router's psi model, for intervals on psi_hat, "
                           "the abstain rule and suggest-gold --strategy uncertainty; 0 = none (default %1)")
                .arg(defaultBootstrap),
            "B", QString::number(defaultBootstrap) },
        { "overlap-min-ratio",
            "meta_r_overlap/meta_dr_overlap: use a preference row only where the gold density is at "
            "least this share of the preference density (default 0.1)",
            "R", "0.1" },
    });
}

bool parseIntList(const QString& s, std::vector<int>* out)
{
    out->clear();
    for (const QString& part : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v <= 0)
            return false;
        out->push_back(v);
    }
    return !out->empty();
}

bool readTrainingOptions(const QCommandLineParser& p, TrainConfig* c, QString* error)
{
    c->primary = p.value("primary");
    c->alternative = p.value("alternative");
    if (c->primary.isEmpty() || c->alternative.isEmpty()) {
        *error = QStringLiteral("--primary and --alternative are required");
        return false;
    }
    if (!parseRouterList(p.value("learner"), &c->routers, error))
        return false;
    if (!parseNuisanceFamily(p.value("nuisance"), &c->nuisance)) {
        *error = QStringLiteral("--nuisance must be xgb, rf or linear");
        return false;
    }
    bool ok = false;
    c->folds = p.value("folds").toInt(&ok);
    if (!ok || c->folds < 2 || c->folds > 20) {
        *error = QStringLiteral("--folds must be an integer in [2, 20]");
        return false;
    }
    if (!parseNormalization(p.value("normalize"), &c->normalization)) {
        *error = QStringLiteral("--normalize must be regression, variance, amplitude, w2 or none");
        return false;
    }
    if (!parsePropensityMode(p.value("propensity"), &c->propensity)) {
        *error = QStringLiteral("--propensity must be auto, estimated or design");
        return false;
    }
    c->clipFactor = p.value("clip-factor").toDouble(&ok);
    if (!ok || c->clipFactor <= 1.0) {
        *error = QStringLiteral("--clip-factor must be a number > 1");
        return false;
    }
    c->overlapWeights = p.isSet("overlap-weights");
    c->seed = p.value("seed").toULongLong(&ok);
    if (!ok) {
        *error = QStringLiteral("--seed must be a non-negative integer");
        return false;
    }
    c->threads = p.value("threads").toInt(&ok);
    if (!ok || c->threads < 1 || c->threads > 64) {
        *error = QStringLiteral("--threads must be an integer in [1, 64]");
        return false;
    }
    c->features.source = p.value("features");
    if (c->features.source != "auto" && c->features.source != "text" && c->features.source != "embedding") {
        *error = QStringLiteral("--features must be auto, text or embedding");
        return false;
    }
    c->features.dim = p.value("dim").toInt(&ok);
    if (!ok || c->features.dim < 0 || c->features.dim > 1024) {
        *error = QStringLiteral("--dim must be an integer in [0, 1024]");
        return false;
    }
    c->features.lengthFeatures = !p.isSet("no-length-features");
    c->features.taskFeatures = !p.isSet("no-task-features");
    c->features.seed = c->seed;
    c->bootstrap = p.value("bootstrap").toInt(&ok);
    if (!ok || c->bootstrap < 0 || c->bootstrap > 1000 || c->bootstrap == 1) {
        *error = QStringLiteral("--bootstrap must be 0 or an integer in [2, 1000]");
        return false;
    }
    c->overlapMinRatio = p.value("overlap-min-ratio").toDouble(&ok);
    if (!ok || !(c->overlapMinRatio > 0.0 && c->overlapMinRatio <= 1.0)) {
        *error = QStringLiteral("--overlap-min-ratio must be a number in (0, 1]");
        return false;
    }
    return true;
}

int handleHelpAndProject(QCommandLineParser& p, const QStringList& args, const char* command, QString* project)
{
    p.addHelpOption();
    p.addPositionalArgument("PROJECT", "the project file (.crw)");
    if (!p.parse(args))
        return fail(p.errorText());
    if (p.isSet("help")) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return 0;
    }
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("%1 needs exactly one PROJECT argument").arg(QLatin1String(command)));
    *project = p.positionalArguments().first();
    return -1;
}

} // namespace crw::cli
