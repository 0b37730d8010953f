#pragma once
// SIGINT turns into a cooperative cancel of the running core job.
#include "util/Progress.h"

namespace crw::cli {
/// Installs a SIGINT handler that sets the flag returned by sigintFlag().
void installSigintCancel();
/// The cancel flag shared with every Progress the CLI creates.
std::shared_ptr<std::atomic<bool>> sigintFlag();
/// A Progress that prints throttled "stage: NN%" lines to stderr (unless quiet) and is cancelled by SIGINT.
Progress cliProgress(bool quiet);
}
