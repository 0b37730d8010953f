#pragma once
// The project most tests start from: the LLMRouter demo's prices and gold labels (resources/demo/llmrouter) plus
// simulated preference labels for one or more model pairs.
#include "pipeline/SimulateJob.h"

#include <QString>
#include <vector>

namespace crw::test {

/// Creates `path` with the demo's prices and gold labels, then runs each simulation in order (each one's pair, bias,
/// seed and features). Throws what the importers and the simulator throw.
void buildDemoGoldProject(const QString& path, const std::vector<SimulateConfig>& simulations);

/// A simulation of the pair with the simulator's default bias, the given bias seed and feature dimensions.
SimulateConfig demoSimulation(const QString& primary, const QString& alternative, uint64_t seed = 7, int dim = 50);

} // namespace crw::test
