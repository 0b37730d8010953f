// libFuzzer entry for one importer target (chosen at compile time with CRW_FUZZ_TARGET, see fuzz/CMakeLists.txt).
// Each input goes through previewImport and importFile for every (kind, format) of the target; see FuzzHarness.h
// for what counts as a bug.
#include "FuzzHarness.h"

#include <QCoreApplication>
#include <cstdlib>

namespace {
// Both live until the process ends: destroying QCoreApplication from an exit handler crashes inside Qt.
QCoreApplication* g_app = nullptr;
crw::fuzz::Harness* g_harness = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g_app = new QCoreApplication(*argc, *argv);
    g_harness = new crw::fuzz::Harness(QStringLiteral(CRW_TEST_DATA "/import"));
    std::atexit([] { delete g_harness; }); // removes the temp dir on a normal exit

    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    g_harness->run(crw::fuzz::Target::CRW_FUZZ_TARGET, data, size);
    return 0;
}
