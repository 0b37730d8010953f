#include "DemoGoldProject.h"

#include "import/Importer.h"
#include "store/ProjectStore.h"

namespace crw::test {

void buildDemoGoldProject(const QString& path, const std::vector<SimulateConfig>& simulations)
{
    const QString demo = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter/");
    ProjectStore::create(path);
    Progress progress;
    ImportOptions prices;
    prices.kind = DataKind::Prices;
    importFile(path, demo + "default_llm.json", prices, progress);
    ImportOptions gold;
    gold.kind = DataKind::Gold;
    importFile(path, demo + "train.json", gold, progress);
    for (const SimulateConfig& sim : simulations)
        simulateIntoProject(path, sim, progress);
}

SimulateConfig demoSimulation(const QString& primary, const QString& alternative, uint64_t seed, int dim)
{
    SimulateConfig sc;
    sc.primary = primary;
    sc.alternative = alternative;
    sc.bias.seed = seed;
    sc.features.dim = dim;
    return sc;
}

} // namespace crw::test
