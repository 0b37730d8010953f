#pragma once
// The chosen operating point of a run (router and primary-usage ratio) and its undo commands.
#include <QObject>
#include <QString>
#include <QUndoCommand>

namespace crw {

class OperatingPointState : public QObject {
    Q_OBJECT
public:
    explicit OperatingPointState(QObject* parent = nullptr);
    double share() const { return m_share; }
    const QString& router() const { return m_router; }
    /// Sets the share (clamped to [0,1]); emits changed() when it differs.
    void setShare(double share);
    void setRouter(const QString& router);

signals:
    void changed();

private:
    double m_share = 0.5;
    QString m_router;
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

} // namespace crw
