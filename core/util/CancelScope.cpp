#include "util/CancelScope.h"

#include "util/Progress.h"

namespace crw {

namespace {
thread_local std::shared_ptr<std::atomic<bool>> t_flag;
}

CancelScope::CancelScope(std::shared_ptr<std::atomic<bool>> flag)
    : m_previous(std::move(t_flag))
{
    t_flag = std::move(flag);
}

CancelScope::~CancelScope()
{
    t_flag = std::move(m_previous);
}

std::shared_ptr<std::atomic<bool>> CancelScope::current()
{
    return t_flag;
}

void CancelScope::check()
{
    if (t_flag && t_flag->load(std::memory_order_relaxed))
        throw Cancelled();
}

} // namespace crw
