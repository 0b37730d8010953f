#include "SignalCancel.h"

#include <csignal>
#include <cstdio>

namespace crw::cli {

namespace {
std::atomic<bool>* g_flag = nullptr;
extern "C" void onSigint(int)
{
    if (g_flag)
        g_flag->store(true);
}
}

std::shared_ptr<std::atomic<bool>> sigintFlag()
{
    static auto flag = std::make_shared<std::atomic<bool>>(false);
    return flag;
}

void installSigintCancel()
{
    g_flag = sigintFlag().get();
    std::signal(SIGINT, onSigint);
}

Progress cliProgress(bool quiet)
{
    if (quiet)
        return Progress({}, sigintFlag());
    return Progress(
        [](double f, const QString& stage) {
            std::fprintf(stderr, "\r%-40s %5.1f%%%s", stage.left(40).toUtf8().constData(), f * 100.0,
                f >= 1.0 ? "\n" : "");
            std::fflush(stderr);
        },
        sigintFlag());
}

}
