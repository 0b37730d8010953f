#include "util/Progress.h"

#include <algorithm>

namespace crw {

Progress::Progress(Callback cb, std::shared_ptr<std::atomic<bool>> cancelFlag)
    : m_shared(std::make_shared<Shared>())
    , m_cancel(cancelFlag ? std::move(cancelFlag) : std::make_shared<std::atomic<bool>>(false))
{
    m_shared->cb = std::move(cb);
}

void Progress::report(double fraction, const QString& stage)
{
    if (!m_shared->cb)
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    const double global = m_from + (m_to - m_from) * fraction;
    const int permille = int(global * 1000.0 + 0.5);
    const bool stageChanged = !stage.isEmpty() && stage != m_shared->lastStage;
    const auto now = std::chrono::steady_clock::now();
    const bool due = now - m_shared->lastEmit >= std::chrono::milliseconds(50);
    if (stageChanged || permille >= 1000 || (permille != m_shared->lastPermille && due)) {
        if (!stage.isEmpty())
            m_shared->lastStage = stage;
        m_shared->lastPermille = permille;
        m_shared->lastEmit = now;
        m_shared->cb(global, m_shared->lastStage);
    }
}

bool Progress::cancelled() const
{
    return m_cancel->load(std::memory_order_relaxed);
}

void Progress::check() const
{
    if (cancelled())
        throw Cancelled();
}

void Progress::cancel()
{
    m_cancel->store(true);
}

Progress Progress::sub(double from, double to) const
{
    Progress p(*this);
    p.m_from = m_from + (m_to - m_from) * from;
    p.m_to = m_from + (m_to - m_from) * to;
    return p;
}

} // namespace crw
