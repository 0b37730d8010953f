#include "training/BootstrapSpinBox.h"

#include <algorithm>

namespace crw::ui {

BootstrapSpinBox::BootstrapSpinBox(QWidget* parent)
    : QSpinBox(parent)
{
    setRange(0, kMax);
    setSpecialValueText(tr("none"));
    setKeyboardTracking(false); // typing "15" must not pass through 1
    connect(this, &QSpinBox::valueChanged, this, [this](int v) {
        if (v == 1)
            setValue(2);
    });
}

void BootstrapSpinBox::stepBy(int steps)
{
    int v = std::clamp(value() + steps * singleStep(), minimum(), maximum());
    if (v == 1)
        v = steps > 0 ? 2 : 0;
    setValue(v);
}

} // namespace crw::ui
