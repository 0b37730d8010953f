// Calibration of the cost weight: on simulated data the share seen on fresh traffic lies in the reported bootstrap
// interval about as often as promised; exact hits on the calibration set; budgets; multi-model bisection.
#include "SimulatedDgp.h"
#include "learn/Regressor.h"
#include "routing/Calibration.h"

#include <QtTest>

using namespace crw;

namespace {
// A psi model fitted on simulated gold rows (known DGP), used as the router's quality model.
std::unique_ptr<Regressor> fittedPsi()
{
    test::Dgp g;
    const test::DgpSample s = test::sampleDgp(g, 2000, 0, 11);
    auto r = makeRegressor(LearnerSpec { LearnerKind::Ridge, 1.0 });
    r->fit(s.X, s.o, Vector());
    return r;
}

Matrix freshPsi(const Regressor& r, int n, uint64_t seed)
{
    test::Dgp g;
    const test::DgpSample s = test::sampleDgp(g, n, 0, seed);
    return r.predict(s.X);
}

double shareAbove(const Matrix& psi, double t)
{
    int c = 0;
    for (Eigen::Index i = 0; i < psi.rows(); ++i)
        c += psi(i, 0) > t;
    return double(c) / double(psi.rows());
}
}

class TstCalibration : public QObject {
    Q_OBJECT
private slots:
    void twoModelShareIsExactOnTheCalibrationSet()
    {
        const Matrix psi = (Matrix(5, 1) << 0.5, -0.2, 0.9, 0.1, 0.3).finished();
        CalibrationSetup s { { 2.0, 1.0 }, { 0 }, 1, 200, 0.95, 3 };
        const CalibrationResult r = calibrateCostWeight(psi, { CalibrationTarget::Share, 0.4 }, s);
        // Sorted: 0.9, 0.5, 0.3, 0.1, -0.2; k = 2 -> threshold (0.5 + 0.3) / 2 = 0.4, w = 0.4 / (2 - 1).
        QCOMPARE(r.thresholds[0], 0.4);
        QCOMPARE(r.w, 0.4);
        QCOMPARE(r.share, 0.4);
        QCOMPARE(r.costPer1000, 1000.0 * (2 * 2.0 + 3 * 1.0) / 5);
        QVERIFY(r.shareLo <= 0.4 && r.shareHi >= 0.4 && r.shareLo >= 0 && r.shareHi <= 1);
        // Budget 1,500 per 1,000 queries: share (1.5 - 1) / (2 - 1) = 0.5 -> floor(2.5) = 2 queries -> same threshold.
        const CalibrationResult b = calibrateCostWeight(psi, { CalibrationTarget::BudgetPer1000, 1500.0 }, s);
        QCOMPARE(b.thresholds[0], 0.4);
        QVERIFY(b.costPer1000 <= 1500.0);
        // Same seed, same interval.
        const CalibrationResult again = calibrateCostWeight(psi, { CalibrationTarget::Share, 0.4 }, s);
        QCOMPARE(again.shareLo, r.shareLo);
        QCOMPARE(again.shareHi, r.shareHi);
    }

    void intervalCoversTheShareSeenOnFreshTraffic()
    {
        const auto model = fittedPsi();
        const Matrix population = freshPsi(*model, 50000, 999);
        const std::vector<double> costs { 0.01, 0.001 };
        int covered = 0, costCovered = 0;
        const int reps = 200;
        double meanWidth = 0;
        for (int rep = 0; rep < reps; ++rep) {
            const Matrix calib = freshPsi(*model, 400, 1000 + uint64_t(rep));
            CalibrationSetup s { costs, { 0 }, 1, 400, 0.95, uint64_t(rep) };
            const CalibrationResult r = calibrateCostWeight(calib, { CalibrationTarget::Share, 0.3 }, s);
            QCOMPARE(r.share, 0.3); // exact on the calibration set (k = 120 of 400)
            const double seen = shareAbove(population, r.thresholds[0]);
            covered += seen >= r.shareLo && seen <= r.shareHi;
            const double seenCost = 1000 * (seen * costs[0] + (1 - seen) * costs[1]);
            costCovered += seenCost >= r.costLo - 1e-12 && seenCost <= r.costHi + 1e-12;
            meanWidth += (r.shareHi - r.shareLo) / reps;
        }
        const double coverage = double(covered) / reps;
        qInfo(
            "95%% bootstrap interval: coverage %.3f over %d calibrations, mean width %.4f", coverage, reps, meanWidth);
        // Binomial(200, 0.95): 0.90..0.99 holds with probability > 0.99; a too-narrow or too-wide interval fails.
        QVERIFY(coverage >= 0.90);
        QVERIFY(coverage <= 0.99);
        QCOMPARE(costCovered, covered); // cost is an affine function of the share for two models
        QVERIFY(meanWidth > 0.05 && meanWidth < 0.12); // about 2 * 1.96 * sqrt(0.3 * 0.7 / 400) = 0.0898
    }

    void multiModelBisectionHitsTheTarget()
    {
        // Three models: reference 0 (cost 0), A (cost 1), B (cost 3); psi columns for A and B.
        test::Dgp g;
        const test::DgpSample s = test::sampleDgp(g, 1000, 0, 5);
        Matrix psi(1000, 2);
        psi.col(0) = s.psi;
        psi.col(1) = 1.5 * s.psi + 0.3 * s.X.col(3);
        CalibrationSetup cs { { 0.0, 1.0, 3.0 }, { 1, 2 }, 0, 200, 0.95, 1 };
        for (double target : { 0.1, 0.35, 0.6 }) {
            const CalibrationResult r = calibrateCostWeight(psi, { CalibrationTarget::Share, target }, cs);
            // The smallest w whose share is at most the target: with continuous scores one query at most below it.
            QVERIFY2(r.share <= target + 1e-12 && r.share >= target - 2.0 / 1000, qPrintable(QString::number(r.share)));
            QCOMPARE(r.thresholds[0], r.w * 1.0);
            QCOMPARE(r.thresholds[1], r.w * 3.0);
        }
        const CalibrationResult b = calibrateCostWeight(psi, { CalibrationTarget::BudgetPer1000, 800.0 }, cs);
        QVERIFY(b.costPer1000 <= 800.0 && b.costPer1000 >= 780.0);
    }

    void impossibleSetupsThrow()
    {
        const Matrix psi = Matrix::Constant(3, 1, 0.1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            calibrateCostWeight(psi, { CalibrationTarget::Share, 0.5 }, CalibrationSetup { { 1.0, 1.0 }, { 0 }, 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            calibrateCostWeight(psi, { CalibrationTarget::Share, 1.5 }, CalibrationSetup { { 2.0, 1.0 }, { 0 }, 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            calibrateCostWeight(
                Matrix(0, 1), { CalibrationTarget::Share, 0.5 }, CalibrationSetup { { 2.0, 1.0 }, { 0 }, 1 }));
    }
};

QTEST_GUILESS_MAIN(TstCalibration)
#include "tst_calibration.moc"
