#include "views/ThresholdControl.h"

#include "views/OperatingPointState.h"

#include <QCheckBox>
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
    , m_abstained(new QLabel(this))
    , m_abstain(new QCheckBox(tr("Abstain to primary when uncertain"), this))
    , m_z(new QDoubleSpinBox(this))
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
    m_abstain->setObjectName("abstain");
    m_z->setObjectName("abstainZ");
    m_z->setRange(0.0, OperatingPointState::kMaxZ);
    m_z->setDecimals(2);
    m_z->setSingleStep(0.25);
    m_z->setValue(OperatingPointState::kDefaultZ);
    m_z->setKeyboardTracking(false); // a typed value is one undo step, not one per keystroke
    m_z->setToolTip(tr("Margin in standard errors: a query below the cut also goes to the primary when "
                       "ψ̂ + z·se is above it"));
    for (QLabel* l : { m_shares, m_quality, m_cost, m_threshold, m_abstained }) {
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
    }
    m_shares->setObjectName("shares");
    m_quality->setObjectName("quality");
    m_cost->setObjectName("cost");
    m_threshold->setObjectName("threshold");
    m_abstained->setObjectName("abstained");

    auto* row = new QHBoxLayout;
    row->addWidget(m_slider, 1);
    row->addWidget(m_spin);
    auto* form = m_form = new QFormLayout;
    form->addRow(tr("Router:"), m_router);
    form->addRow(tr("Primary usage:"), row);
    form->addRow(tr("Traffic:"), m_shares);
    form->addRow(tr("Expected quality:"), m_quality);
    form->addRow(tr("Cost:"), m_cost);
    auto* abstainRow = new QHBoxLayout;
    abstainRow->addWidget(m_abstain);
    auto* zLabel = new QLabel(tr("&z:"), this);
    zLabel->setBuddy(m_z);
    abstainRow->addWidget(zLabel);
    abstainRow->addWidget(m_z);
    abstainRow->addStretch(1);
    form->addRow(tr("Uncertainty:"), abstainRow);
    form->addRow(tr("Rule:"), m_threshold);
    form->addRow(tr("Abstained:"), m_abstained);
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
    connect(m_abstain, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_syncing && on != m_state->abstain())
            m_undo->push(new SetAbstainCommand(m_state, on, m_state->abstainZ()));
    });
    connect(m_z, &QDoubleSpinBox::valueChanged, this, [this](double z) {
        if (!m_syncing && std::abs(z - m_state->abstainZ()) > 1e-12)
            m_undo->push(new SetAbstainCommand(m_state, m_state->abstain(), z));
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

void ThresholdControl::setRun(const RunRecord* run)
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
    m_state->setAbstain(false, OperatingPointState::kDefaultZ);
    setEnabled(run && m_router->count() > 0);
    onStateChanged();
}

void ThresholdControl::onStateChanged()
{
    m_syncing = true;
    m_router->setCurrentIndex(m_router->findData(m_state->router()));
    m_slider->setValue(int(std::lround(m_state->share() * kSliderSteps)));
    m_spin->setValue(m_state->share());
    m_z->setValue(m_state->abstainZ());
    const AbstainSetting abstain { m_state->abstain(), m_state->abstainZ() };
    m_readout = m_run ? computeReadout(*m_run, m_state->router(), m_state->share(), abstain) : OperatingPointReadout {};
    const OperatingPointReadout& r = m_readout;
    // The check box shows the rule as applied: a router without standard errors shows it off (and disabled); the
    // request is kept for when a router with them is chosen again.
    m_abstain->setChecked(r.abstainApplied);
    m_abstain->setEnabled(r.abstainAvailable);
    m_z->setEnabled(r.abstainApplied);
    m_syncing = false;
    if (r.abstainAvailable)
        m_abstain->setToolTip(tr("Also send a query to the primary when the alternative is not clearly good enough: "
                                 "ψ̂ is below the cut but ψ̂ + z·se (bootstrap standard error) is above it"));
    else
        m_abstain->setToolTip(m_run && m_run->uncertainty.present
                ? tr("Only the run's main router (%1) has bootstrap standard errors of ψ̂; choose it to abstain "
                     "when uncertain")
                      .arg(routerDisplayName(m_run->uncertainty.router))
                : tr("This run has no bootstrap standard errors of ψ̂: retrain it with Bootstrap replicates > 0 to "
                     "abstain to the primary when uncertain"));
    m_exportRouter->setEnabled(r.valid);
    if (!r.valid) {
        for (QLabel* l : { m_shares, m_quality, m_cost, m_threshold, m_abstained })
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
                : tr("%1 primary calls per 1,000 queries (no price for %2)")
                      .arg(r.costPer1000, 0, 'f', 1)
                      .arg(r.unpricedModels.isEmpty() ? tr("these models") : r.unpricedModels.join(tr(", "))));
        if (r.abstainApplied) {
            // psi > t implies psi + z*se > t (z, se >= 0): the two-part rule is this one comparison.
            m_threshold->setText(tr("send to %1 when ψ̂ + %2·se > %3")
                                     .arg(primary)
                                     .arg(r.abstainZ, 0, 'g', 3)
                                     .arg(r.psiThreshold, 0, 'g', 4));
            m_abstained->setText(tr("%1 of %2 queries (%3%) added by the margin to the %4% above the cut")
                                     .arg(r.abstained)
                                     .arg(r.testQueries)
                                     .arg(100.0 * r.abstainShare, 0, 'f', 1)
                                     .arg(100.0 * (r.sharePrimary - r.abstainShare), 0, 'f', 1));
        } else {
            m_threshold->setText(tr("send to %1 when ψ̂ > %2").arg(primary).arg(r.psiThreshold, 0, 'g', 4));
            m_abstained->clear();
        }
    }
    m_form->setRowVisible(m_abstained, r.valid && r.abstainApplied);
    emit readoutChanged(m_readout);
}

QString ThresholdControl::readoutText() const
{
    QStringList lines { m_shares->text(), m_quality->text(), m_cost->text(), m_threshold->text() };
    if (m_readout.abstainApplied)
        lines << m_abstained->text();
    return lines.join('\n');
}

} // namespace crw
