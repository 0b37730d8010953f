// Uncertainty on every routing decision: normal quantiles and interval coverage by hand, the abstain rule by hand,
// the bootstrap of psi against a known truth (coverage of the true psi, se shrinking with n), the conformal predictive
// interval's coverage of held-out gold labels, determinism over thread counts, and the router file's replicates
// (round trip, psi_se, abstain, malformed input).
#include "SimulatedDgp.h"
#include "features/EmbeddingPcaFeaturizer.h"
#include "metrics/IntervalCoverage.h"
#include "pipeline/PsiBootstrap.h"
#include "pipeline/RouterSuite.h"
#include "routing/AbstainRule.h"
#include "routing/Router.h"
#include "routing/RouterSpec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace crw;
using namespace crw::test;

namespace {
LearnerSpec ridge()
{
    LearnerSpec s { LearnerKind::Ridge, 0.1 };
    return s;
}

LearnerSpec xgb(int threads = 1)
{
    LearnerSpec s = defaultFinalSpec(threads);
    s.rounds = 100;
    s.eta = 0.1;
    return s;
}

double coverageOfTruth(const Vector& truth, const Vector& center, const Vector& se, double z)
{
    int in = 0;
    for (Eigen::Index i = 0; i < truth.size(); ++i)
        in += std::abs(truth[i] - center[i]) <= z * se[i];
    return double(in) / truth.size();
}
}

class TstUncertainty : public QObject {
    Q_OBJECT
private slots:
    void quantilesAndCoverageByHand()
    {
        QVERIFY(std::abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
        QVERIFY(std::abs(normalQuantile(0.5)) < 1e-12);
        QVERIFY(std::abs(twoSidedZ(0.9) - 1.644853627) < 1e-8);
        QVERIFY(std::abs(normalQuantile(0.001) + 3.090232306) < 1e-8);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, twoSidedZ(1.0));
        Vector truth(4), center(4), sd(4);
        truth << 0, 1, 2, 10;
        center << 0.5, 1, 0, 0;
        sd << 1, 1, 1, std::nan("");
        // z(0.5) = 0.674: |0.5| in, 0 in, 2 out; the NaN row is skipped.
        const auto c = intervalCoverage(truth, center, sd, { 0.5, 0.95 });
        QCOMPARE(c[0].rows, 3);
        QVERIFY(std::abs(c[0].coverage - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(c[1].coverage - 2.0 / 3.0) < 1e-12); // 2 > 1.96
        QVERIFY(std::abs(c[1].meanHalfWidth - 1.959963985) < 1e-8);
        const auto c3 = intervalCoverage(truth, center, sd, { 0.5 }, [](double) { return 2.5; });
        QCOMPARE(c3[0].coverage, 1.0);
    }

    void abstainRuleByHand()
    {
        QCOMPARE(decideWithAbstain(0.3, 0.1, 0.2, 1.0), AbstainDecision::Primary);
        QCOMPARE(decideWithAbstain(0.15, 0.1, 0.2, 1.0), AbstainDecision::AbstainedToPrimary);
        QCOMPARE(decideWithAbstain(0.15, 0.1, 0.2, 0.0), AbstainDecision::Alternative);
        QCOMPARE(decideWithAbstain(0.05, 0.1, 0.2, 1.0), AbstainDecision::Alternative);
        QCOMPARE(decideWithAbstain(0.15, std::nan(""), 0.2, 1.0), AbstainDecision::Alternative);
        Vector psi(4), se(4), qp(4), qa(4);
        psi << 0.5, 0.15, 0.1, -0.5;
        se << 0.1, 0.1, 0.2, 0.1;
        qp << 1, 1, 0, 1;
        qa << 0, 0, 1, 1;
        const AbstainEvaluation plain = evaluateAbstain(psi, se, 0.2, 0.0, qp, qa);
        QCOMPARE(plain.primaryShare, 0.25);
        QCOMPARE(plain.abstainShare, 0.0);
        QCOMPARE(plain.meanQuality, (1 + 0 + 1 + 1) / 4.0);
        const AbstainEvaluation ab = evaluateAbstain(psi, se, 0.2, 1.0, qp, qa);
        // 0.15 + 0.1 > 0.2 and 0.1 + 0.2 > 0.2 abstain; -0.5 does not.
        QCOMPARE(ab.primaryShare, 0.75);
        QCOMPARE(ab.abstainShare, 0.5);
        QCOMPARE(ab.meanQuality, (1 + 1 + 0 + 1) / 4.0);
        QCOMPARE(ab.meanCost, 0.75);
        // thresholdForShare: 2 of 4 above.
        const double th = thresholdForShare(psi, 0.5);
        QCOMPARE(th, (0.15 + 0.1) / 2);
        QVERIFY(thresholdForShare(psi, 0.0) > 0.5);
        QVERIFY(thresholdForShare(psi, 1.0) < -0.5);
    }

    void bootstrapCoversTheTruePsi()
    {
        // Linear psi and a ridge psi model (correctly specified): the bootstrap se is the sampling sd of psi_hat, so
        // psi_hat +- 1.645 se covers the true psi about 90% of the time, and se shrinks like 1/sqrt(n).
        Dgp g;
        g.linearPsi = true;
        const DgpSample big = sampleDgp(g, 1600, 0, 7);
        const DgpSample test = sampleDgp(g, 1000, 0, 8);
        Progress p;
        double seSmall = 0, seBig = 0;
        for (int n : { 400, 1600 }) {
            const Matrix X = big.X.topRows(n);
            const Vector y = big.o.head(n);
            auto full = makeRegressor(ridge());
            full->fit(X, y, Vector());
            const PsiBootstrap b = fitPsiBootstrap(ridge(), X, y, n, 60, 3, p);
            QCOMPARE(int(b.models.size()), 60);
            const Vector se = b.se(test.X);
            const double cov = coverageOfTruth(test.psi, full->predict(test.X), se, 1.645);
            qInfo("n=%d: coverage of the true psi at 90%%: %.3f, mean se %.4f, residual sd %.3f (truth %.3f)", n, cov,
                se.mean(), b.residualSd, g.noiseGold);
            QVERIFY(cov > 0.78 && cov < 0.98);
            QVERIFY(std::abs(b.residualSd - g.noiseGold) < 0.06);
            (n == 400 ? seSmall : seBig) = se.mean();
        }
        QVERIFY(seBig < 0.65 * seSmall);
        QVERIFY(seBig > 0.35 * seSmall);
    }

    void conformalIntervalCoversHeldOutGold()
    {
        // Non-linear psi, boosted trees: the predictive interval psi_hat +- z sqrt(se^2 + s^2) with the conformal z
        // covers held-out gold labels at about the nominal rate.
        Dgp g;
        const DgpSample train = sampleDgp(g, 1200, 0, 17);
        const DgpSample test = sampleDgp(g, 3000, 0, 18);
        Progress p;
        auto full = makeRegressor(xgb());
        full->fit(train.X, train.o, Vector());
        const PsiBootstrap b = fitPsiBootstrap(xgb(), train.X, train.o, train.X.rows(), 20, 5, p);
        QVERIFY(b.oobRows > 1000);
        QCOMPARE(b.oobScores.size(), size_t(b.oobRows));
        const Vector sd = b.predictiveSd(b.se(test.X));
        const auto cov = intervalCoverage(
            test.o, full->predict(test.X), sd, { 0.5, 0.8, 0.95 }, [&b](double level) { return b.intervalZ(level); });
        for (const auto& c : cov)
            qInfo("nominal %.2f: coverage %.3f (z %.3f)", c.level, c.coverage, b.intervalZ(c.level));
        QVERIFY(std::abs(cov[0].coverage - 0.5) < 0.06);
        QVERIFY(std::abs(cov[1].coverage - 0.8) < 0.05);
        QVERIFY(std::abs(cov[2].coverage - 0.95) < 0.03);
        // Fewer than 20 scores: the normal quantile.
        PsiBootstrap tiny;
        QCOMPARE(tiny.intervalZ(0.95), twoSidedZ(0.95));
        // The conformal quantile by hand: 39 scores 1..39, level 0.5 -> the ceil(40 * 0.5) = 20th smallest; 0.95 ->
        // 38th; 0.99 -> ceil(39.6) = 40 > 39 -> the largest.
        std::vector<double> sc;
        for (int i = 1; i <= 39; ++i)
            sc.push_back(i);
        QCOMPARE(conformalQuantile(sc, 0.5), 20.0);
        QCOMPARE(conformalQuantile(sc, 0.95), 38.0);
        QCOMPARE(conformalQuantile(sc, 0.99), 39.0);
        QCOMPARE(conformalQuantile(std::vector<double>(10, 1.0), 0.9), twoSidedZ(0.9));
    }

    void suiteBootstrapIsDeterministicAcrossThreads()
    {
        Dgp g;
        const DgpSample s = sampleDgp(g, 150, 1200, 9);
        const Eigen::Index n = 150;
        SplitData split { s.X, s.o.head(n), s.o.tail(s.o.size() - n), Vector(), IntVector() };
        Vector ses[2];
        for (int threads : { 1, 2 }) {
            SuiteOptions o;
            o.routers = { RouterKind::MetaR, RouterKind::GoldOnly };
            o.finalSpec = xgb(threads);
            o.cate.outcome = xgb(threads);
            o.cate.propensityMode = PropensityMode::Design;
            o.bootstrap = 5;
            Progress p;
            const SuiteResult r = trainRouterSuite(split, o, p);
            QVERIFY(r.bootstrapOf(RouterKind::MetaR));
            QVERIFY(!r.bootstrapOf(RouterKind::GoldOnly)); // only the main router
            ses[threads - 1] = r.bootstrapOf(RouterKind::MetaR)->se(s.X);
            QVERIFY(r.diagnosticsJson()["uncertainty"].toObject()["replicates"].toInt() == 5);
        }
        QCOMPARE((ses[0] - ses[1]).cwiseAbs().maxCoeff(), 0.0);
        QVERIFY(ses[0].minCoeff() >= 0 && ses[0].maxCoeff() > 0);
    }

    void everyTrainedBaselineCanBeTheBootstrappedRouter()
    {
        Dgp g;
        const DgpSample s = sampleDgp(g, 100, 600, 19);
        SplitData split { s.X, s.o.head(100), s.o.tail(600), s.o.tail(600), IntVector() };
        for (RouterKind k : { RouterKind::GoldOnly, RouterKind::PrefOnly, RouterKind::Pooled, RouterKind::MeanShift,
                 RouterKind::AllGold }) {
            SuiteOptions o;
            o.routers = { k };
            o.finalSpec = ridge();
            o.bootstrap = 3;
            Progress p;
            const SuiteResult r = trainRouterSuite(split, o, p);
            QVERIFY2(r.bootstrapOf(k), qPrintable(routerName(k)));
            QCOMPARE(int(r.bootstrapOf(k)->models.size()), 3);
            QVERIFY(r.warnings.isEmpty());
        }
        // The random router has no model to bootstrap: a warning, not silence.
        SuiteOptions o;
        o.routers = { RouterKind::Random, RouterKind::GoldOnly };
        o.bootstrap = 3;
        Progress p;
        const SuiteResult r = trainRouterSuite(split, o, p);
        QVERIFY(r.warnings.join(" ").contains("no bootstrap"));
    }

    void routerFileCarriesReplicates()
    {
        // A two-model router with an embedding featurizer and 5 bootstrap replicates.
        std::mt19937_64 rng(3);
        std::normal_distribution<double> N01(0.0, 1.0);
        QueryBatch batch;
        batch.embeddings.resize(400, 4);
        for (Eigen::Index i = 0; i < batch.embeddings.size(); ++i)
            batch.embeddings.data()[i] = N01(rng);
        EmbeddingPcaOptions eo;
        eo.dim = 3;
        eo.taskOneHot = false;
        EmbeddingPcaFeaturizer f(eo);
        f.fit(batch, 1);
        const Matrix X = f.transform(batch);
        Vector y = X.col(0) + 0.3 * X.col(1);
        for (Eigen::Index i = 0; i < y.size(); ++i)
            y[i] += 0.5 * N01(rng);
        Progress p;
        auto psi = makeRegressor(xgb());
        psi->fit(X, y, Vector());
        const PsiBootstrap b = fitPsiBootstrap(xgb(), X, y, X.rows(), 5, 2, p);
        RouterSpec s;
        s.models = { { "strong", 1.0, "given" }, { "cheap", 0.0, "given" } };
        s.reference = "cheap";
        s.featurizer = f.toJson();
        QualityModel q { "strong", "meta_r", psi->toJson(), QJsonObject(), 1.0, {}, b.residualSd };
        for (const auto& m : b.models)
            q.bootstrap.push_back(m->toJson());
        s.quality.push_back(q);
        s.costWeight = 0.2;
        s.thresholds = { 0.2 };
        s.trainedOn = QJsonObject { { "test", "tst_uncertainty" } };
        const QByteArray bytes = QJsonDocument(routerSpecToJson(s)).toJson(QJsonDocument::Compact);
        const RouterSpec back = parseRouterSpec(bytes);
        QCOMPARE(back.quality[0].bootstrap.size(), size_t(5));
        QCOMPARE(back.quality[0].residualSd, b.residualSd);
        const Router router(back);
        QVERIFY(router.hasUncertainty());
        RouteDecisions d = router.route(batch);
        d.se = router.psiSe(X);
        QVERIFY((d.se.col(0) - b.se(X)).cwiseAbs().maxCoeff() < 1e-12);
        const std::vector<int> before = d.chosen;
        router.applyAbstain(d, 2.0);
        int abstained = 0, primaryBefore = 0, primaryAfter = 0;
        for (size_t i = 0; i < before.size(); ++i) {
            primaryBefore += before[i] == 0;
            primaryAfter += d.chosen[i] == 0;
            abstained += d.abstained[i];
            if (d.abstained[i]) {
                QCOMPARE(before[i], 1);
                QVERIFY(d.psi(Eigen::Index(i), 0) <= 0.2
                    && d.psi(Eigen::Index(i), 0) + 2.0 * d.se(Eigen::Index(i), 0) > 0.2);
            }
        }
        QVERIFY(abstained > 0);
        QCOMPARE(primaryAfter, primaryBefore + abstained);

        // Malformed uncertainty blocks are clear errors; a router without replicates refuses the abstain rule.
        QJsonObject doc = QJsonDocument::fromJson(bytes).object();
        auto mutate = [&](auto f) {
            QJsonObject o = doc;
            QJsonObject qm = o["quality_model"].toObject();
            QJsonArray arr = qm["psi"].toArray();
            QJsonObject e = arr[0].toObject();
            QJsonObject u = e["uncertainty"].toObject();
            f(e, u);
            arr[0] = e;
            qm["psi"] = arr;
            o["quality_model"] = qm;
            return QJsonDocument(o).toJson();
        };
        const QByteArray one = mutate([](QJsonObject& e, QJsonObject& u) {
            u["replicates"] = QJsonArray { u["replicates"].toArray()[0] };
            e["uncertainty"] = u;
        });
        QVERIFY_THROWS_EXCEPTION(RouterFormatError, parseRouterSpec(one));
        const QByteArray neg = mutate([](QJsonObject& e, QJsonObject& u) {
            u["residual_sd"] = -1;
            e["uncertainty"] = u;
        });
        QVERIFY_THROWS_EXCEPTION(RouterFormatError, parseRouterSpec(neg));
        const QByteArray unknown = mutate([](QJsonObject& e, QJsonObject& u) {
            u["extra"] = 1;
            e["uncertainty"] = u;
        });
        try {
            parseRouterSpec(unknown);
            QFAIL("unknown field accepted");
        } catch (const RouterFormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("extra"), e.what());
        }
        RouterSpec plain = back;
        plain.quality[0].bootstrap.clear();
        const Router noUnc(plain);
        QVERIFY(!noUnc.hasUncertainty());
        RouteDecisions d2 = noUnc.route(batch);
        d2.se = noUnc.psiSe(X);
        QVERIFY(std::isnan(d2.se(0, 0)));
        QVERIFY_THROWS_EXCEPTION(RouterFormatError, noUnc.applyAbstain(d2, 1.0));
    }
};

QTEST_GUILESS_MAIN(TstUncertainty)
#include "tst_uncertainty.moc"
