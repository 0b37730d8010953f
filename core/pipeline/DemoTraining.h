#pragma once
// The training run started automatically after the demo project is created, so a first-time user sees analysis views.
#include "pipeline/TrainingConfig.h"

namespace crw {

/// llama-3.1-nemotron-51b-instruct (primary) vs qwen2.5-7b-instruct, the default routers, gold size 500, test
/// size 500, `threads` XGBoost threads.
TrainingConfig demoTrainConfig(int threads);

} // namespace crw
