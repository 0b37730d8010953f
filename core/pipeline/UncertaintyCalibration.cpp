#include "pipeline/UncertaintyCalibration.h"

#include "causal/CrossFitting.h"
#include "metrics/IntervalCoverage.h"
#include "learn/JsonArrays.h"
#include "runs/RunKeys.h"
#include "util/SeedStream.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace crw {

namespace k = runkey;

namespace {

RouterCurves& curvesOf(RunRecord& record, const QString& router)
{
    for (RouterCurves& c : record.routers)
        if (c.router == router)
            return c;
    throw std::logic_error("calibrateUncertainty: the main router has no curves entry");
}

} // namespace

Vector calibrateUncertainty(const TrainingContext& ctx, RunRecord& record)
{
    const PsiBootstrap* b = ctx.suite.bootstrapOf(ctx.mainKind);
    if (!b)
        return {};
    // The conformal multiplier z of the predictive interval psi_hat +- z * sqrt(se^2 + residual_sd^2) is calibrated
    // on a seeded half of the held-out test queries and its coverage is measured on the other half (split
    // conformal). Out-of-bag gold rows are optimistic for this (their neighbours' bias corrections were learnt from
    // their own gold labels), so they are used only when a run has no test set.
    const std::vector<double> levels { 0.5, 0.8, 0.9, 0.95 };
    const TestSet& t = ctx.test;
    QJsonObject u = record.summary[k::diagnostics].toObject().value(k::uncertainty).toObject();
    QJsonObject& c = curvesOf(record, routerName(ctx.mainKind)).json;
    std::function<double(double)> zOf = [b](double level) { return b->intervalZ(level); };
    QString calibration = QStringLiteral("out-of-bag gold rows (optimistic: no held-out test set)");
    Vector seTest;
    if (!t.empty()) {
        seTest = b->se(t.X);
        const Vector psiT = ctx.suite.predict(ctx.mainKind, t.X);
        const Vector sdT = b->predictiveSd(seTest);
        std::vector<int> order(t.rows.size());
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 crng(deriveSeed(ctx.config.seed, SeedPurpose::ConformalSplit));
        std::shuffle(order.begin(), order.end(), crng);
        const size_t half = order.size() / 2;
        std::vector<double> scores;
        for (size_t j = 0; j < half; ++j) {
            const int i = order[j];
            scores.push_back(sdT[i] > 0 ? std::abs(t.gain[i] - psiT[i]) / sdT[i] : 0.0);
        }
        std::sort(scores.begin(), scores.end());
        std::vector<int> evalRows(order.begin() + long(half), order.end());
        if (scores.size() >= 20) {
            zOf = [scores](double level) { return conformalQuantile(scores, level); };
            calibration = QStringLiteral("split conformal: z from %1 held-out test queries, coverage on the other %2")
                              .arg(half)
                              .arg(evalRows.size());
        } else {
            evalRows = std::vector<int>(order.begin(), order.end());
        }
        const Vector rE = selectRows(t.gain, evalRows), pE = selectRows(psiT, evalRows),
                     sE = selectRows(sdT, evalRows);
        const auto cov = intervalCoverage(rE, pE, sE, levels, zOf);
        u[k::coverageTest] = coverageJson(cov);
        u[k::coverageTestNormal] = coverageJson(intervalCoverage(rE, pE, sE, levels));
        u[k::coverageTestOobZ]
            = coverageJson(intervalCoverage(rE, pE, sE, levels, [b](double level) { return b->intervalZ(level); }));
        u[k::meanSeTest] = seTest.mean();
        c[k::psiTestSe] = jsonArray(seTest);
        c[k::coverageTest] = coverageJson(cov);
    }
    // The replicates themselves, so an exported router can give intervals and apply the abstain rule.
    QJsonArray reps;
    for (const auto& m : b->models)
        reps.append(m->toJson());
    c[k::bootstrapModels] = reps;
    c[k::residualSd] = b->residualSd;
    QJsonObject zs;
    for (double level : levels)
        zs[QString::number(level, 'g', 3)] = zOf(level);
    c[k::intervalZ] = zs;
    u[k::intervalZ] = zs;
    u[k::calibration] = calibration;
    record.summary[k::uncertainty] = u;
    return seTest;
}

} // namespace crw
