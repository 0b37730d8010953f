#include "views/PoolPointCommand.h"

#include <QObject>

namespace crw {

PoolPointCommand::PoolPointCommand(int from, int to, std::function<void(int)> apply)
    : m_from(from)
    , m_to(to)
    , m_apply(std::move(apply))
{
    setText(QObject::tr("pool operating point"));
}

void PoolPointCommand::undo()
{
    m_apply(m_from);
}

void PoolPointCommand::redo()
{
    m_apply(m_to);
}

bool PoolPointCommand::mergeWith(const QUndoCommand* other)
{
    m_to = static_cast<const PoolPointCommand*>(other)->m_to;
    return true;
}

} // namespace crw
