#pragma once
// A small real project: the bundled LLMRouter demo gold + prices, plus preferences simulated for the demo pair
// (the same data as tst_e2e_workbench).
#include <QString>

namespace crw::test {

extern const char* const kDemoPrimary; ///< llama-3.1-nemotron-51b-instruct
extern const char* const kDemoAlternative; ///< qwen2.5-7b-instruct

/// Creates the project at path (which must not exist): prices, gold, one simulated preference label per pair query.
void buildSmallRealProject(const QString& path);

} // namespace crw::test
