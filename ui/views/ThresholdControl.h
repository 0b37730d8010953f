#pragma once
// Threshold tuning: a slider and a spin box set the operating point as a primary-usage ratio; a read-out shows the
// expected quality, the cost per 1,000 queries and the share sent to each model for the chosen router. "Abstain to
// primary when uncertain" (with its z) applies the abstain rule where the router has bootstrap standard errors. Every
// edit is undoable; one slider drag is one undo step.
#include "runs/OperatingPointReadout.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSlider;
class QUndoStack;
QT_END_NAMESPACE

namespace crw {

class OperatingPointState;

class ThresholdControl : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSliderSteps = 1000;

    explicit ThresholdControl(QWidget* parent = nullptr);

    /// Shows a run (which must outlive the next call); clears the undo history and selects the default router at
    /// share 0.5 with the abstain rule off (z = 1).
    void setRun(const RunRecord* run);

    QUndoStack* undoStack() const { return m_undo; }
    OperatingPointState* state() const { return m_state; }
    const OperatingPointReadout& readout() const { return m_readout; }
    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spin; }
    QComboBox* routerBox() const { return m_router; }
    QPushButton* exportRouterButton() const { return m_exportRouter; }
    /// "Abstain to primary when uncertain": enabled only when the chosen router has psi_test_se.
    QCheckBox* abstainBox() const { return m_abstain; }
    /// z of the abstain rule (0-4, default 1); enabled while the rule is on and available.
    QDoubleSpinBox* abstainZBox() const { return m_z; }
    /// The read-out as plain text (what the labels show; the abstained line only while the rule applies).
    QString readoutText() const;

signals:
    /// The operating point or router changed (also on undo/redo).
    void readoutChanged(const OperatingPointReadout& readout);
    /// The user asked to export the router at the chosen operating point.
    void exportRouterRequested();

private:
    void onSliderValue(int value);
    void onStateChanged();
    const RunRecord* m_run = nullptr;
    OperatingPointState* m_state;
    QUndoStack* m_undo;
    QComboBox* m_router;
    QSlider* m_slider;
    QDoubleSpinBox* m_spin;
    QLabel* m_shares;
    QLabel* m_quality;
    QLabel* m_cost;
    QLabel* m_threshold;
    QLabel* m_abstained; ///< its row is shown only while the abstain rule applies
    QFormLayout* m_form;
    QCheckBox* m_abstain;
    QDoubleSpinBox* m_z;
    QPushButton* m_exportRouter;
    OperatingPointReadout m_readout;
    bool m_dragging = false;
    int m_dragSerial = 0;
    bool m_syncing = false;
};

} // namespace crw
