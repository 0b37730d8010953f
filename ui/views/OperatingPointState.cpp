#include "views/OperatingPointState.h"

#include <algorithm>

namespace crw {

OperatingPointState::OperatingPointState(QObject* parent)
    : QObject(parent)
{
}

void OperatingPointState::setShare(double share)
{
    share = std::clamp(share, 0.0, 1.0);
    if (share == m_share)
        return;
    m_share = share;
    emit changed();
}

void OperatingPointState::setRouter(const QString& router)
{
    if (router == m_router)
        return;
    m_router = router;
    emit changed();
}

void OperatingPointState::setAbstain(bool on, double z)
{
    z = std::clamp(z, 0.0, kMaxZ);
    if (on == m_abstain && z == m_z)
        return;
    m_abstain = on;
    m_z = z;
    emit changed();
}

SetShareCommand::SetShareCommand(OperatingPointState* state, double newShare, int mergeKey)
    : m_state(state)
    , m_old(state->share())
    , m_new(std::clamp(newShare, 0.0, 1.0))
    , m_mergeKey(mergeKey)
{
    setText(QObject::tr("Set primary usage to %1%").arg(100.0 * m_new, 0, 'f', 1));
}

void SetShareCommand::undo()
{
    m_state->setShare(m_old);
}

void SetShareCommand::redo()
{
    m_state->setShare(m_new);
}

bool SetShareCommand::mergeWith(const QUndoCommand* other)
{
    const auto* o = static_cast<const SetShareCommand*>(other);
    if (m_mergeKey < 0 || o->m_mergeKey != m_mergeKey || o->m_state != m_state)
        return false;
    m_new = o->m_new;
    setText(o->text());
    setObsolete(m_new == m_old);
    return true;
}

SetRouterCommand::SetRouterCommand(OperatingPointState* state, const QString& router)
    : m_state(state)
    , m_old(state->router())
    , m_new(router)
{
    setText(QObject::tr("Choose router %1").arg(router));
}

void SetRouterCommand::undo()
{
    m_state->setRouter(m_old);
}

void SetRouterCommand::redo()
{
    m_state->setRouter(m_new);
}

SetAbstainCommand::SetAbstainCommand(OperatingPointState* state, bool on, double z)
    : m_state(state)
    , m_oldOn(state->abstain())
    , m_newOn(on)
    , m_oldZ(state->abstainZ())
    , m_newZ(std::clamp(z, 0.0, OperatingPointState::kMaxZ))
{
    if (m_newOn != m_oldOn)
        setText(m_newOn ? QObject::tr("Abstain to primary when uncertain (z = %1)").arg(m_newZ, 0, 'f', 2)
                        : QObject::tr("Stop abstaining to primary"));
    else
        setText(QObject::tr("Set abstain margin z to %1").arg(m_newZ, 0, 'f', 2));
}

void SetAbstainCommand::undo()
{
    m_state->setAbstain(m_oldOn, m_oldZ);
}

void SetAbstainCommand::redo()
{
    m_state->setAbstain(m_newOn, m_newZ);
}

} // namespace crw
