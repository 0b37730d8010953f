#pragma once
// The training run started automatically after the demo project is created, so a first-time user sees analysis views.
#include "pipeline/TrainJob.h"

namespace crw::ui {

/// llama-3.1-nemotron-51b-instruct (primary) vs qwen2.5-7b-instruct, Meta R + DR + baselines, gold size 500, test
/// size 500, one XGBoost thread.
TrainConfig demoTrainConfig();

} // namespace crw::ui
