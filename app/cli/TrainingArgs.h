#pragma once
// Options shared by `train` and `experiment`: the model pair, learners, folds, normalisation, seed, features.
#include "pipeline/TrainingPipeline.h"

#include <QCommandLineParser>

namespace crw::cli {

/// Adds --primary, --alternative, --learner, --nuisance, --folds, --normalize, --propensity, --clip-factor,
/// --overlap-weights, --seed, --threads, --features, --dim, --no-length-features, --no-task-features, --quiet,
/// --bootstrap (default defaultBootstrap) and --overlap-min-ratio.
void addTrainingOptions(QCommandLineParser& p, const QString& defaultLearner, int defaultBootstrap = 10);
/// Reads them into config; returns false with *error set on a bad value.
bool readTrainingOptions(const QCommandLineParser& p, TrainingConfig* config, QString* error);
/// Parses "100,500,1000".
bool parseIntList(const QString& s, std::vector<int>* out);
/// Common --help / positional handling; returns -1 to continue, else the exit code.
int handleHelpAndProject(QCommandLineParser& p, const QStringList& args, const char* command, QString* project);

} // namespace crw::cli
