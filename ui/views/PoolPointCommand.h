#pragma once
// One undoable move of a pool run's operating point (PoolView).
#include <QUndoCommand>
#include <functional>

namespace crw {

class PoolPointCommand : public QUndoCommand {
public:
    /// apply(index) shows sweep point index; undo returns to `from`, redo goes to `to`. Consecutive moves of one drag
    /// merge into one step.
    PoolPointCommand(int from, int to, std::function<void(int)> apply);
    void undo() override;
    void redo() override;
    int id() const override { return 0x5001; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    int m_from, m_to;
    std::function<void(int)> m_apply;
};

} // namespace crw
