// libFuzzer entry for the router file reader (causal-router/1) and the route query-line reader; see
// RouterFuzzHarness.h for what counts as a bug.
#include "RouterFuzzHarness.h"

#include <QCoreApplication>

namespace {
// Lives until the process ends: destroying QCoreApplication from an exit handler crashes inside Qt.
QCoreApplication* g_app = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g_app = new QCoreApplication(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    crw::fuzz::runRouterInput(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    return 0;
}
