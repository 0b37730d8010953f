// libFuzzer entry for one importer target (chosen at compile time with CRW_FUZZ_TARGET, see fuzz/CMakeLists.txt).
// Each input goes through previewImport and importFile for every (kind, format) of the target; see FuzzHarness.h
// for what counts as a bug.
#include "FuzzHarness.h"

#include <QCoreApplication>
#include <memory>

namespace {
std::unique_ptr<QCoreApplication> g_app;
std::unique_ptr<crw::fuzz::Harness> g_harness;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g_app = std::make_unique<QCoreApplication>(*argc, *argv);
    g_harness = std::make_unique<crw::fuzz::Harness>(QStringLiteral(CRW_TEST_DATA "/import"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    g_harness->run(crw::fuzz::Target::CRW_FUZZ_TARGET, data, size);
    return 0;
}
