// Threshold control: read-out against a hand computation from the fixture, undo/redo, one undo step per slider drag,
// markers following the operating point on both charts.
#include "helpers/SyntheticRun.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "views/CostQualityView.h"
#include "views/OperatingPointState.h"
#include "views/RunViewsWidget.h"
#include "views/ThresholdControl.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QSlider>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>

using namespace crw;
using namespace crw::test;

namespace {

QVector<double> jsonNumbers(const QJsonValue& v)
{
    QVector<double> out;
    for (const QJsonValue& x : v.toArray())
        out << (x.isNull() ? qQNaN() : x.toDouble());
    return out;
}

struct Hand {
    int k = 0;
    double quality = 0, costPer1000 = 0;
};

// Top round(share*N) test queries by psi_hat (ties by index) go to the primary.
Hand handReadout(const SyntheticRun& f, const QString& router, double share)
{
    const QVector<double> psi = jsonNumbers(f.curves[router]["psi_test"]);
    const QJsonObject t = f.summary["test_truth"].toObject();
    const QVector<double> qp = jsonNumbers(t["quality_primary"]), qa = jsonNumbers(t["quality_alternative"]),
                          cp = jsonNumbers(t["cost_primary"]), ca = jsonNumbers(t["cost_alternative"]);
    const int n = int(psi.size());
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return psi[a] > psi[b]; });
    Hand h;
    h.k = int(std::floor(share * n + 0.5));
    std::vector<bool> primary(static_cast<size_t>(n), false);
    for (int i = 0; i < h.k; ++i)
        primary[size_t(order[size_t(i)])] = true;
    double q = 0, c = 0;
    for (int j = 0; j < n; ++j) {
        q += primary[size_t(j)] ? qp[j] : qa[j];
        c += primary[size_t(j)] ? cp[j] : ca[j];
    }
    h.quality = q / n;
    h.costPer1000 = 1000 * c / n;
    return h;
}

} // namespace

class TstRunThreshold : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    SyntheticRun m_fix;
    RunRecord m_run;

private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath("t.crw");
        m_fix = writeSyntheticRun(m_path);
        m_run = RunStore::load(m_path, m_fix.runId);
    }

    void setValueUpdatesReadout()
    {
        ThresholdControl c;
        c.setRun(&m_run);
        QVERIFY(c.isEnabled());
        QCOMPARE(c.state()->router(), QStringLiteral("meta_r"));
        QCOMPARE(c.state()->share(), 0.5);
        QCOMPARE(c.undoStack()->count(), 0);
        QSignalSpy spy(&c, &ThresholdControl::readoutChanged);
        c.spinBox()->setValue(0.3);
        QCOMPARE(spy.count(), 1);
        const Hand h = handReadout(m_fix, "meta_r", 0.3);
        QCOMPARE(c.readout().toPrimary, h.k);
        QCOMPARE(h.k, 36);
        QVERIFY(std::abs(c.readout().expectedQuality - h.quality) < 1e-12);
        QVERIFY(std::abs(c.readout().costPer1000 - h.costPer1000) < 1e-12);
        QCOMPARE(c.slider()->value(), 300); // the slider follows the spin box
        QVERIFY(c.readoutText().contains(QStringLiteral("30.0% (36 of 120 queries)")));
        QVERIFY(c.readoutText().contains(QString::number(h.quality, 'f', 4)));
        QVERIFY(c.readoutText().contains(QStringLiteral("$%1 per 1,000 queries").arg(h.costPer1000, 0, 'f', 4)));
        QVERIFY(c.readoutText().contains(QStringLiteral("70.0%")));
        QCOMPARE(c.undoStack()->count(), 1);
    }

    void undoRestoresAndRedoReapplies()
    {
        ThresholdControl c;
        c.setRun(&m_run);
        const double q50 = c.readout().expectedQuality;
        c.spinBox()->setValue(0.8);
        c.routerBox()->setCurrentIndex(c.routerBox()->findData("gold_only"));
        QCOMPARE(c.state()->router(), QStringLiteral("gold_only"));
        QCOMPARE(c.undoStack()->count(), 2);
        const Hand h = handReadout(m_fix, "gold_only", 0.8);
        QVERIFY(std::abs(c.readout().expectedQuality - h.quality) < 1e-12);
        c.undoStack()->undo();
        QCOMPARE(c.state()->router(), QStringLiteral("meta_r"));
        QCOMPARE(c.routerBox()->currentData().toString(), QStringLiteral("meta_r"));
        c.undoStack()->undo();
        QCOMPARE(c.state()->share(), 0.5);
        QCOMPARE(c.spinBox()->value(), 0.5);
        QCOMPARE(c.slider()->value(), 500);
        QCOMPARE(c.readout().expectedQuality, q50);
        QCOMPARE(c.undoStack()->count(), 2); // undone commands stay for redo
        c.undoStack()->redo();
        c.undoStack()->redo();
        QCOMPARE(c.state()->share(), 0.8);
        QCOMPARE(c.state()->router(), QStringLiteral("gold_only"));
        // A new run clears the history.
        c.setRun(&m_run);
        QCOMPARE(c.undoStack()->count(), 0);
        QCOMPARE(c.state()->share(), 0.5);
    }

    void sliderDragIsOneUndoStep()
    {
        ThresholdControl c;
        c.setRun(&m_run);
        QSlider* s = c.slider();
        s->setSliderDown(true); // emits sliderPressed
        for (int v : { 520, 560, 610, 650, 700 })
            s->setValue(v);
        s->setSliderDown(false); // emits sliderReleased
        QCOMPARE(c.state()->share(), 0.7);
        QCOMPARE(c.undoStack()->count(), 1);
        // A second drag is a second step.
        s->setSliderDown(true);
        s->setValue(200);
        s->setValue(150);
        s->setSliderDown(false);
        QCOMPARE(c.undoStack()->count(), 2);
        QCOMPARE(c.state()->share(), 0.15);
        const Hand h = handReadout(m_fix, "meta_r", 0.15);
        QVERIFY(std::abs(c.readout().expectedQuality - h.quality) < 1e-12);
        c.undoStack()->undo();
        QCOMPARE(c.state()->share(), 0.7);
        c.undoStack()->undo();
        QCOMPARE(c.state()->share(), 0.5);
        QVERIFY(!c.undoStack()->canUndo());
        // Keyboard steps (slider not down) are separate steps.
        c.undoStack()->clear();
        s->triggerAction(QAbstractSlider::SliderPageStepAdd);
        s->triggerAction(QAbstractSlider::SliderPageStepAdd);
        QCOMPARE(c.undoStack()->count(), 2);
        QCOMPARE(c.state()->share(), 0.6);
    }

    void dragBackToStartLeavesNoStep()
    {
        ThresholdControl c;
        c.setRun(&m_run);
        c.slider()->setSliderDown(true);
        c.slider()->setValue(600);
        c.slider()->setValue(500);
        c.slider()->setSliderDown(false);
        QCOMPARE(c.state()->share(), 0.5);
        QCOMPARE(c.undoStack()->count(), 0); // merged into a no-op and dropped
    }

    void markersFollowOnBothCharts()
    {
        CostQualityView v;
        v.resize(1200, 800);
        v.setRun(m_run);
        ThresholdControl* c = v.thresholdControl();
        c->spinBox()->setValue(0.4);
        const Hand h = handReadout(m_fix, "meta_r", 0.4);
        QVERIFY(std::abs(v.costQualityMarker().x() - h.costPer1000) < 1e-12);
        QVERIFY(std::abs(v.costQualityMarker().y() - h.quality) < 1e-12);
        // EG marker at the full-ranking curve's grid point 0.4 (index 20 of linspace(0.2, 0.8, 61)).
        const QVector<double> full = jsonNumbers(m_fix.curves["meta_r"]["full_ranking_curve"]);
        QCOMPARE(v.egMarker().x(), 0.4);
        QVERIFY(std::abs(v.egMarker().y() - full[20]) < 1e-9);
        c->undoStack()->undo();
        QCOMPARE(v.egMarker().x(), 0.5);
        QVERIFY(std::abs(v.egMarker().y() - full[30]) < 1e-9);
        // Outside the grid the EG marker disappears, the cost-quality marker stays.
        c->spinBox()->setValue(0.05);
        QVERIFY(std::isnan(v.egMarker().x()));
        QVERIFY(std::isfinite(v.costQualityMarker().x()));
        // The paper curve: its marker uses eg_curve.
        v.setEgMode(CostQualityView::EgMode::PaperCutoff);
        c->spinBox()->setValue(0.3);
        const QVector<double> eg = jsonNumbers(m_fix.curves["meta_r"]["eg_curve"]);
        if (std::isfinite(eg[10]))
            QVERIFY(std::abs(v.egMarker().y() - eg[10]) < 1e-9);
    }

    void runViewsWidgetExposesTheStack()
    {
        RunViewsWidget w;
        QVERIFY(w.showRun(m_path, m_fix.runId));
        QVERIFY(w.undoStack());
        QCOMPARE(w.undoStack(), w.thresholdControl()->undoStack());
        w.thresholdControl()->spinBox()->setValue(0.25);
        QVERIFY(w.undoStack()->canUndo());
        QString error;
        QVERIFY(!w.showRun(m_path, 424242, &error));
        QVERIFY(error.contains("424242"));
    }
};

QTEST_MAIN(TstRunThreshold)
#include "tst_run_threshold.moc"
