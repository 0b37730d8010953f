// CATE learners against known truth: Delta_hat error falls with gold size, follows the truth when it moves, DR stays
// unbiased with a wrong propensity, normalisation recovers a known scale, determinism over thread counts,
// and the reference-mode pseudo-outcomes on a hand-worked example.
#include "SimulatedDgp.h"
#include "causal/CateEstimator.h"
#include "causal/ReferenceMode.h"

#include <QtTest>

using namespace crw;
using namespace crw::test;

namespace {
CateOptions fastOptions(uint64_t seed = 3)
{
    CateOptions o;
    o.outcome.kind = LearnerKind::XgbGbm;
    o.outcome.rounds = 150;
    o.outcome.maxDepth = 4;
    o.outcome.eta = 0.1;
    o.stage2 = LearnerSpec { LearnerKind::XgbGbm };
    o.stage2.rounds = 60;
    o.stage2.maxDepth = 2;
    o.stage2.eta = 0.1;
    o.stage2.l2 = 10.0;
    o.stage2.minChildWeight = 5.0;
    o.seed = seed;
    o.propensityMode = PropensityMode::Design;
    // The learners are tested on the gold scale (preference scale C = 1, no normalisation): the truth Delta is then
    // exactly the CATE. Normalisation is tested on its own below.
    o.normalization = NormalizationMethod::None;
    return o;
}

struct Estimate {
    Vector deltaPref, truthPref;
    double norm = 1;
};

Estimate estimate(const DgpSample& s, CateLearner l, const CateOptions& opt)
{
    Progress p;
    const Nuisances nu = fitNuisances(s.X, s.o, s.t, opt, p);
    const CateFit fit = fitCate(l, s.X, s.t, nu, opt, p);
    const Eigen::Index n = s.t.sum(), m = s.t.size() - n;
    return { fit.deltaOof.tail(m), s.delta.tail(m), nu.normConstant };
}
}

class TstCate : public QObject {
    Q_OBJECT
private slots:
    void rmseFallsWithGoldSize_data()
    {
        QTest::addColumn<int>("learner");
        QTest::newRow("R") << int(CateLearner::R);
        QTest::newRow("DR") << int(CateLearner::DR);
    }
    void rmseFallsWithGoldSize()
    {
        QFETCH(int, learner);
        Dgp g;
        g.scale = 1.0;
        double prev = 1e9, first = 0, last = 0;
        for (int n : { 100, 400, 1600 }) {
            double sum = 0;
            for (uint64_t rep = 0; rep < 2; ++rep) {
                const auto s = sampleDgp(g, n, 4000, 100 + rep);
                const Estimate e = estimate(s, CateLearner(learner), fastOptions(5 + rep));
                sum += rmse(e.deltaPref, e.truthPref);
            }
            const double r = sum / 2;
            qInfo("n=%d Delta_hat RMSE %.3f", n, r);
            QVERIFY2(r < prev, "RMSE must fall as the number of gold rows grows");
            if (n == 100)
                first = r;
            last = r;
            prev = r;
        }
        // sd(Delta) here is about 0.55; at 1,600 gold rows the error must be well below it and below half the n=100 error
        // (measured: R 0.111 against 0.266, DR 0.117 against 0.434).
        QVERIFY(last < 0.3);
        QVERIFY(last < 0.5 * first);
    }

    void followsTheTruthWhenItMoves()
    {
        Dgp g;
        g.scale = 1.0;
        const auto base = estimate(sampleDgp(g, 1000, 4000, 11), CateLearner::R, fastOptions());
        g.deltaShift = 0.5;
        const auto shifted = estimate(sampleDgp(g, 1000, 4000, 11), CateLearner::R, fastOptions());
        const double moved = shifted.deltaPref.mean() - base.deltaPref.mean();
        qInfo("shift +0.5 moved mean Delta_hat by %.3f", moved);
        QVERIFY(std::abs(moved - 0.5) < 0.1);
        g.deltaShift = 0.0;
        g.deltaSign = -1.0;
        const auto flipped = estimate(sampleDgp(g, 1000, 4000, 11), CateLearner::R, fastOptions());
        qInfo("corr(flipped estimate, flipped truth) = %.3f, corr with old truth = %.3f",
            corr(flipped.deltaPref, flipped.truthPref), corr(flipped.deltaPref, base.truthPref));
        QVERIFY(corr(flipped.deltaPref, flipped.truthPref) > 0.7);
        QVERIFY(corr(base.deltaPref, base.truthPref) > 0.7);
    }

    void drUnbiasedWithWrongPropensity()
    {
        // Gold rows over-sampled where x1 is large: the true propensity varies. We give the DR-learner the constant
        // design propensity (wrong) but correctly specified outcome models (psi and Delta linear, ridge outcome models,
        // mu1 = mu0 + ridge). The estimated (right) propensity serves as a comparison.
        Dgp g;
        g.scale = 1.0;
        g.goldTilt = 2.0;
        g.linearDelta = true;
        g.linearPsi = true;
        CateOptions opt = fastOptions(21);
        opt.stage2 = LearnerSpec { LearnerKind::Ridge, 1.0 };
        opt.outcome = LearnerSpec { LearnerKind::Ridge, 1.0 };
        CateOptions right = opt;
        right.propensityMode = PropensityMode::Estimated;
        double bias = 0, biasRight = 0;
        const int reps = 3;
        for (int rep = 0; rep < reps; ++rep) {
            const auto s = sampleDgp(g, 800, 4000, 300 + rep);
            const auto e = estimate(s, CateLearner::DR, opt);
            bias += (e.deltaPref - e.truthPref).mean();
            const auto r = estimate(s, CateLearner::DR, right);
            biasRight += (r.deltaPref - r.truthPref).mean();
        }
        bias /= reps;
        biasRight /= reps;
        qInfo("DR mean bias of Delta_hat on preference rows: wrong (design) propensity %.4f, estimated propensity %.4f",
            bias, biasRight);
        // Double robustness: with correct outcome models the wrong propensity costs no bias, so both are small and
        // within 0.05 of each other.
        QVERIFY(std::abs(bias) < 0.05);
        QVERIFY(std::abs(biasRight) < 0.05);
        QVERIFY(std::abs(bias - biasRight) < 0.05);
    }

    void normalisationRecoversScale()
    {
        // Preference outcomes are the gold outcomes on a scale 2.5 times larger (same noise, no bias): every method must
        // recover c = 1/2.5 from the data, and the constant found is the one reported by the nuisance fit.
        Dgp g;
        g.scale = 2.5;
        g.deltaSign = 0.0;
        g.noisePref = g.noiseGold;
        const auto s = sampleDgp(g, 2000, 8000, 41);
        for (auto m : { NormalizationMethod::Variance, NormalizationMethod::Amplitude, NormalizationMethod::Wasserstein2,
                 NormalizationMethod::Regression }) {
            CateOptions opt = fastOptions();
            opt.normalization = m;
            Progress p;
            const Nuisances nu = fitNuisances(s.X, s.o, s.t, opt, p);
            qInfo("%s normalisation constant %.4f (truth 0.4)", qPrintable(normalizationName(m)), nu.normConstant);
            QVERIFY(std::abs(nu.normConstant - 0.4) < 0.03);
            // The normalised preference outcomes are the raw ones times the constant.
            const Eigen::Index last = s.o.size() - 1;
            QVERIFY(std::abs(nu.o[last] - nu.normConstant * s.o[last]) < 1e-12);
        }
        // Noise-free, equal shapes: variance, amplitude and W2 all recover the exact constant.
        Vector r = Vector::LinSpaced(200, -1.0, 1.0);
        Vector y = 3.0 * r;
        QVERIFY(std::abs(normalizationConstant(NormalizationMethod::Variance, r, y) - 1.0 / 3.0) < 1e-9);
        QVERIFY(std::abs(normalizationConstant(NormalizationMethod::Amplitude, r, y) - 1.0 / 3.0) < 1e-9);
        QVERIFY(std::abs(normalizationConstant(NormalizationMethod::Wasserstein2, r, y) - 1.0 / 3.0) < 1e-6);
        QCOMPARE(normalizationConstant(NormalizationMethod::None, r, y), 1.0);
    }

    void sameSeedSameNumbersAnyThreadCount()
    {
        Dgp g;
        const auto s = sampleDgp(g, 200, 2000, 51);
        CateOptions a = fastOptions(9), b = fastOptions(9);
        a.outcome.nthread = 1;
        b.outcome.nthread = 2;
        b.stage2.nthread = 2;
        const auto ea = estimate(s, CateLearner::DR, a);
        const auto eb = estimate(s, CateLearner::DR, b);
        QCOMPARE(ea.deltaPref.size(), eb.deltaPref.size());
        QCOMPARE((ea.deltaPref - eb.deltaPref).cwiseAbs().maxCoeff(), 0.0);
        const auto ec = estimate(s, CateLearner::DR, fastOptions(10));
        QVERIFY((ea.deltaPref - ec.deltaPref).cwiseAbs().maxCoeff() > 0.0); // the seed matters
    }

    void referencePseudoOutcomesByHand()
    {
        // Four rows: t = 1,1,0,0. p_hat = 0.02, 0.5, 0.95, 0.3; mu = 0.1, 0.2, 0.3, 0.4; o = 1, 0, 0.5, -0.5.
        Vector o(4), p(4), mu(4);
        IntVector t(4);
        o << 1, 0, 0.5, -0.5;
        t << 1, 1, 0, 0;
        p << 0.02, 0.5, 0.95, 0.3;
        mu << 0.1, 0.2, 0.3, 0.4;
        const auto r = referenceRPseudo(o, t, p, mu);
        // R: p clipped to [0.1,0.9] -> 0.1, 0.5, 0.9, 0.3; t-p = 0.9, 0.5, -0.9, -0.3
        // Z = (o-mu)/(t-p) = 0.9/0.9=1, -0.2/0.5=-0.4, 0.2/-0.9=-0.2222.., -0.9/-0.3=3; W = 0.81, 0.25, 0.81, 0.09
        QVERIFY(std::abs(r.z[0] - 1.0) < 1e-12);
        QVERIFY(std::abs(r.z[1] + 0.4) < 1e-12);
        QVERIFY(std::abs(r.z[2] + 0.2 / 0.9) < 1e-12);
        QVERIFY(std::abs(r.z[3] - 3.0) < 1e-12);
        QVERIFY(std::abs(r.w[0] - 0.81) < 1e-12 && std::abs(r.w[3] - 0.09) < 1e-12);
        QVERIFY(r.keep.all());
        // DR: p clipped to [0.05,0.95] -> 0.05, 0.5, 0.95, 0.3; v = p(1-p) = 0.0475, 0.25, 0.0475, 0.21
        // keep = v > 0.05 -> false, true, false, true.
        Vector mu1(4), mu0(4), muT(4);
        mu1 << 0.6, 0.6, 0.6, 0.6;
        mu0 << 0.1, 0.1, 0.1, 0.1;
        muT << 0.6, 0.6, 0.1, 0.1;
        const auto d = referenceDrPseudo(o, t, p, mu1, mu0, muT);
        // row 1: (1-0.5)/0.25*(0-0.6) + 0.5 = -1.2 + 0.5 = -0.7 ; row 3: (0-0.3)/0.21*(-0.6) + 0.5 = 0.857142.. + 0.5
        QVERIFY(std::abs(d.z[1] + 0.7) < 1e-12);
        QVERIFY(std::abs(d.z[3] - (0.18 / 0.21 + 0.5)) < 1e-12);
        QVERIFY(!d.keep[0] && d.keep[1] && !d.keep[2] && d.keep[3]);
    }
};

QTEST_GUILESS_MAIN(TstCate)
#include "tst_cate.moc"
