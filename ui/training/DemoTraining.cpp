#include "training/DemoTraining.h"

#include "training/TrainingPanel.h"

namespace crw::ui {

TrainConfig demoTrainConfig()
{
    TrainConfig c;
    c.primary = QStringLiteral("llama-3.1-nemotron-51b-instruct");
    c.alternative = QStringLiteral("qwen2.5-7b-instruct");
    c.routers = { RouterKind::MetaR, RouterKind::MetaDR, RouterKind::GoldOnly, RouterKind::PrefOnly, RouterKind::Pooled,
        RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random };
    c.goldSize = 500;
    c.testSize = 500;
    c.threads = TrainingPanel::kGuiThreads;
    return c;
}

} // namespace crw::ui
