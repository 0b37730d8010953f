#include "views/ThresholdControl.h"

#include "views/OperatingPointState.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>

namespace crw {

ThresholdControl::ThresholdControl(QWidget* parent)
    : QWidget(parent)
    , m_state(new OperatingPointState(this))
    , m_undo(new QUndoStack(this))
    , m_router(new QComboBox(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spin(new QDoubleSpinBox(this))
    , m_shares(new QLabel(this))
    , m_quality(new QLabel(this))
    , m_cost(new QLabel(this))
    , m_threshold(new QLabel(this))
    , m_exportRouter(new QPushButton(tr("Export router config…"), this))
{
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    m_slider->setSingleStep(kSliderSteps / 100);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(kSliderSteps / 10);
    m_slider->setToolTip(tr("Share of queries sent to the primary model (the rest go to the alternative)"));
    m_spin->setRange(0.0, 1.0);
    m_spin->setDecimals(3);
    m_spin->setSingleStep(0.01);
    m_spin->setToolTip(m_slider->toolTip());
    m_router->setToolTip(tr("Router whose ranking decides which queries go to the primary"));
    for (QLabel* l : { m_shares, m_quality, m_cost, m_threshold }) {
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
    }
    m_shares->setObjectName("shares");
    m_quality->setObjectName("quality");
    m_cost->setObjectName("cost");
    m_threshold->setObjectName("threshold");

    auto* row = new QHBoxLayout;
    row->addWidget(m_slider, 1);
    row->addWidget(m_spin);
    auto* form = new QFormLayout;
    form->addRow(tr("Router:"), m_router);
    form->addRow(tr("Primary usage:"), row);
    form->addRow(tr("Traffic:"), m_shares);
    form->addRow(tr("Expected quality:"), m_quality);
    form->addRow(tr("Cost:"), m_cost);
    form->addRow(tr("Rule:"), m_threshold);
    m_exportRouter->setObjectName("exportRouter");
    m_exportRouter->setToolTip(tr("Write this router at this primary usage as a router file (causal-router/1)"));
    form->addRow(QString(), m_exportRouter);
    connect(m_exportRouter, &QPushButton::clicked, this, &ThresholdControl::exportRouterRequested);
    auto* box = new QGroupBox(tr("Operating point (held-out test queries)"), this);
    box->setLayout(form);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_slider, &QSlider::sliderPressed, this, [this] {
        m_dragging = true;
        ++m_dragSerial;
    });
    connect(m_slider, &QSlider::sliderReleased, this, [this] { m_dragging = false; });
    connect(m_slider, &QSlider::valueChanged, this, &ThresholdControl::onSliderValue);
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!m_syncing && std::abs(v - m_state->share()) > 1e-12)
            m_undo->push(new SetShareCommand(m_state, v, -1));
    });
    connect(m_router, &QComboBox::currentIndexChanged, this, [this](int i) {
        const QString r = m_router->itemData(i).toString();
        if (!m_syncing && i >= 0 && r != m_state->router())
            m_undo->push(new SetRouterCommand(m_state, r));
    });
    connect(m_state, &OperatingPointState::changed, this, &ThresholdControl::onStateChanged);
    setEnabled(false);
}

void ThresholdControl::onSliderValue(int value)
{
    if (m_syncing)
        return;
    const double share = double(value) / kSliderSteps;
    if (std::abs(share - m_state->share()) > 1e-12)
        m_undo->push(new SetShareCommand(m_state, share, m_dragging ? m_dragSerial : -1));
}

void ThresholdControl::setRun(const RunData* run)
{
    m_run = run;
    m_syncing = true;
    m_router->clear();
    if (run)
        for (const QString& r : run->evaluatedRouters())
            m_router->addItem(routerDisplayName(r), r);
    m_syncing = false;
    m_undo->clear();
    const QSignalBlocker block(m_state);
    m_state->setRouter(run ? run->defaultRouter() : QString());
    m_state->setShare(0.5);
    setEnabled(run && m_router->count() > 0);
    onStateChanged();
}

void ThresholdControl::onStateChanged()
{
    m_syncing = true;
    m_router->setCurrentIndex(m_router->findData(m_state->router()));
    m_slider->setValue(int(std::lround(m_state->share() * kSliderSteps)));
    m_spin->setValue(m_state->share());
    m_syncing = false;
    m_readout = m_run ? computeReadout(*m_run, m_state->router(), m_state->share()) : OperatingPointReadout {};
    const OperatingPointReadout& r = m_readout;
    m_exportRouter->setEnabled(r.valid);
    if (!r.valid) {
        for (QLabel* l : { m_shares, m_quality, m_cost, m_threshold })
            l->setText(tr("—"));
        m_shares->setText(tr("This run has no held-out test set to evaluate routers on."));
    } else {
        const QString primary = m_run->primary.isEmpty() ? tr("primary") : m_run->primary;
        const QString alternative = m_run->alternative.isEmpty() ? tr("alternative") : m_run->alternative;
        m_shares->setText(tr("%1: %2% (%3 of %4 queries)  ·  %5: %6%")
                              .arg(primary)
                              .arg(100.0 * r.sharePrimary, 0, 'f', 1)
                              .arg(r.toPrimary)
                              .arg(r.testQueries)
                              .arg(alternative)
                              .arg(100.0 * r.shareAlternative, 0, 'f', 1));
        m_quality->setText(tr("%1  (only %2: %3, only %4: %5)")
                               .arg(r.expectedQuality, 0, 'f', 4)
                               .arg(primary)
                               .arg(r.qualityPrimaryOnly, 0, 'f', 4)
                               .arg(alternative)
                               .arg(r.qualityAlternativeOnly, 0, 'f', 4));
        m_cost->setText(r.costInUsd
                ? tr("$%1 per 1,000 queries").arg(r.costPer1000, 0, 'f', 4)
                : tr("%1 primary calls per 1,000 queries (no prices in the project)").arg(r.costPer1000, 0, 'f', 1));
        m_threshold->setText(tr("send to %1 when ψ̂ > %2").arg(primary).arg(r.psiThreshold, 0, 'g', 4));
    }
    emit readoutChanged(m_readout);
}

QString ThresholdControl::readoutText() const
{
    return QStringList { m_shares->text(), m_quality->text(), m_cost->text(), m_threshold->text() }.join('\n');
}

} // namespace crw
