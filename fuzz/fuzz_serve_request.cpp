// libFuzzer entry for `causal-router serve` request bodies (/v1/route and /v1/chat/completions); see
// ServeFuzzHarness.h for what counts as a bug.
#include "ServeFuzzHarness.h"

#include <QCoreApplication>

namespace {
// Live until the process ends: destroying QCoreApplication from an exit handler crashes inside Qt.
QCoreApplication* g_app = nullptr;
crw::fuzz::ServeFuzzService* g_service = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    g_app = new QCoreApplication(*argc, *argv);
    g_service = new crw::fuzz::ServeFuzzService(QStringLiteral(CRW_TEST_DATA "/router/router_1.json"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    crw::fuzz::runServeInput(*g_service, QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    return 0;
}
