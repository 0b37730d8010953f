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

namespace {

// Reads an integer option; false with *error naming the flag when it is not one.
bool readInt(const QCommandLineParser& p, const char* name, int* out, QString* error)
{
    bool ok = false;
    *out = p.value(name).toInt(&ok);
    if (!ok)
        *error = QStringLiteral("--%1 must be an integer").arg(QLatin1String(name));
    return ok;
}

bool readDouble(const QCommandLineParser& p, const char* name, double* out, QString* error)
{
    bool ok = false;
    *out = p.value(name).toDouble(&ok);
    if (!ok)
        *error = QStringLiteral("--%1 must be a number").arg(QLatin1String(name));
    return ok;
}

} // namespace

bool readTrainingOptions(const QCommandLineParser& p, TrainingConfig* c, QString* error)
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
    if (!parseNormalization(p.value("normalize"), &c->normalization)) {
        *error = QStringLiteral("--normalize must be regression, variance, amplitude, w2 or none");
        return false;
    }
    if (!parsePropensityMode(p.value("propensity"), &c->propensity)) {
        *error = QStringLiteral("--propensity must be auto, estimated or design");
        return false;
    }
    if (!readInt(p, "folds", &c->folds, error) || !readDouble(p, "clip-factor", &c->clipFactor, error)
        || !readInt(p, "threads", &c->threads, error) || !readInt(p, "dim", &c->features.dim, error)
        || !readInt(p, "bootstrap", &c->bootstrap, error)
        || !readDouble(p, "overlap-min-ratio", &c->overlapMinRatio, error))
        return false;
    c->overlapWeights = p.isSet("overlap-weights");
    bool ok = false;
    c->seed = p.value("seed").toULongLong(&ok);
    if (!ok) {
        *error = QStringLiteral("--seed must be a non-negative integer");
        return false;
    }
    c->features.source = p.value("features");
    c->features.lengthFeatures = !p.isSet("no-length-features");
    c->features.taskFeatures = !p.isSet("no-task-features");
    // The ranges are TrainingConfig's rules, shared with the GUI.
    if (const QStringList problems = c->validate(); !problems.isEmpty()) {
        *error = problems.first();
        return false;
    }
    return true;
}

int handleHelpAndProject(QCommandLineParser& p, const QStringList& args, const char* command, QString* project)
{
    return handleHelpAndArgument(p, args, QLatin1String(command), QStringLiteral("PROJECT"),
        QStringLiteral("the project file (.crw)"), project);
}

} // namespace crw::cli
