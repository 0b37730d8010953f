#pragma once
// The "Bootstrap replicates" spin box: 0 (none) or 2..kMax; one replicate gives no standard error, so the arrows step
// over 1 and a typed 1 becomes 2.
#include <QSpinBox>

namespace crw::ui {

class BootstrapSpinBox : public QSpinBox {
    Q_OBJECT
public:
    static constexpr int kMax = 200;

    explicit BootstrapSpinBox(QWidget* parent = nullptr);

protected:
    /// Steps like QSpinBox but never lands on 1 (0 <-> 2).
    void stepBy(int steps) override;
};

} // namespace crw::ui
