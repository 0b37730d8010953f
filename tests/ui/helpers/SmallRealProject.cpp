#include "SmallRealProject.h"

#include "DemoGoldProject.h"

namespace crw::test {

const char* const kDemoPrimary = "llama-3.1-nemotron-51b-instruct";
const char* const kDemoAlternative = "qwen2.5-7b-instruct";

void buildSmallRealProject(const QString& path)
{
    SimulateConfig sim = demoSimulation(QString::fromLatin1(kDemoPrimary), QString::fromLatin1(kDemoAlternative), 7, 10);
    sim.bias.strength = 0.5;
    sim.bias.noise = 0.3;
    buildDemoGoldProject(path, { sim });
}

} // namespace crw::test
