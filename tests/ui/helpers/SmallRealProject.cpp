#include "SmallRealProject.h"

#include "import/Importer.h"
#include "pipeline/SimulateJob.h"
#include "store/ProjectStore.h"

namespace crw::test {

const char* const kDemoPrimary = "llama-3.1-nemotron-51b-instruct";
const char* const kDemoAlternative = "qwen2.5-7b-instruct";

void buildSmallRealProject(const QString& path)
{
    const QString data = QStringLiteral(CRW_SOURCE_DIR "/resources/demo/llmrouter");
    ProjectStore::create(path);
    Progress progress;
    ImportOptions prices;
    prices.kind = DataKind::Prices;
    importFile(path, data + "/default_llm.json", prices, progress);
    ImportOptions gold;
    gold.kind = DataKind::Gold;
    importFile(path, data + "/train.json", gold, progress);
    SimulateConfig sim;
    sim.primary = QString::fromLatin1(kDemoPrimary);
    sim.alternative = QString::fromLatin1(kDemoAlternative);
    sim.bias.strength = 0.5;
    sim.bias.noise = 0.3;
    sim.features.dim = 10;
    simulateIntoProject(path, sim, progress);
}

} // namespace crw::test
