#include "pipeline/DemoTraining.h"

namespace crw {

TrainingConfig demoTrainConfig(int threads)
{
    TrainingConfig c;
    c.primary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
    c.alternative = QStringLiteral("qwen2.5-7b-instruct");
    c.goldSize = 500;
    c.testSize = 500;
    c.threads = threads;
    return c;
}

} // namespace crw
