#pragma once
// The chosen operating point of a run (router, primary-usage ratio, abstain rule) and its undo commands.
#include <QObject>
#include <QString>
#include <QUndoCommand>

namespace crw {

class OperatingPointState : public QObject {
    Q_OBJECT
public:
    explicit OperatingPointState(QObject* parent = nullptr);
    static constexpr double kDefaultZ = 1.0, kMaxZ = 4.0;

    double share() const { return m_share; }
    const QString& router() const { return m_router; }
    /// "Abstain to the primary when uncertain" requested (applied only where the router has standard errors).
    bool abstain() const { return m_abstain; }
    /// The margin multiplier z of the abstain rule, in [0, kMaxZ].
    double abstainZ() const { return m_z; }
    /// Sets the share (clamped to [0,1]); emits changed() when it differs.
    void setShare(double share);
    void setRouter(const QString& router);
    /// Sets the abstain rule (z clamped to [0, kMaxZ]); emits changed() when either differs.
    void setAbstain(bool on, double z);

signals:
    void changed();

private:
    double m_share = 0.5;
    QString m_router;
    bool m_abstain = false;
    double m_z = kDefaultZ;
};

/// Sets the primary-usage share. Commands with the same non-negative mergeKey merge into one undo step (one slider
/// drag); mergeKey -1 never merges.
class SetShareCommand : public QUndoCommand {
public:
    static constexpr int kId = 0x5e7a;
    SetShareCommand(OperatingPointState* state, double newShare, int mergeKey);
    void undo() override;
    void redo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    OperatingPointState* m_state;
    double m_old, m_new;
    int m_mergeKey;
};

/// Switches the router the operating point refers to.
class SetRouterCommand : public QUndoCommand {
public:
    SetRouterCommand(OperatingPointState* state, const QString& router);
    void undo() override;
    void redo() override;

private:
    OperatingPointState* m_state;
    QString m_old, m_new;
};

/// Switches the abstain rule on or off or changes its z; one command per change (no merging).
class SetAbstainCommand : public QUndoCommand {
public:
    SetAbstainCommand(OperatingPointState* state, bool on, double z);
    void undo() override;
    void redo() override;

private:
    OperatingPointState* m_state;
    bool m_oldOn, m_newOn;
    double m_oldZ, m_newZ;
};

} // namespace crw
