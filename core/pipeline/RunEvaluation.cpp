#include "pipeline/RunEvaluation.h"

#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/RoutingQuality.h"
#include "learn/JsonArrays.h"
#include "runs/RunKeys.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace crw {

namespace k = runkey;

namespace {

// Mean quality and mean cost when the top share of test queries by psi goes to the primary, for 21 shares.
QJsonObject costQualityCurve(const Vector& psi, const TestSet& t)
{
    QJsonArray share, quality, cost;
    const bool costs = t.costPrimary.allFinite() && t.costAlternative.allFinite();
    for (int s = 0; s <= 20; ++s) {
        const double p = s / 20.0;
        const RoutingAtShare r = costs
            ? routingQualityAt(psi, t.qualityPrimary, t.qualityAlternative, p, t.costPrimary, t.costAlternative)
            : routingQualityAt(psi, t.qualityPrimary, t.qualityAlternative, p);
        share.append(r.share);
        quality.append(r.meanQuality);
        cost.append(r.totalCost / double(std::max<Eigen::Index>(1, psi.size())));
    }
    return QJsonObject { { k::share, share }, { k::quality, quality }, { k::costPerQuery, cost },
        { k::costUnit, costs ? "usd" : "primary_calls" } };
}

// evaluation.<router>: the paper's metric, the full-ranking area and the routing quality at two primary shares.
QJsonObject evaluationOf(const Vector& psi, const TestSet& t, const EgCurve& eg, const EgCurve& full)
{
    const EgSummary se = summarizeEg(eg), sf = summarizeEg(full);
    return QJsonObject { { k::egArea, se.area }, { k::egMax, std::isfinite(se.maxEg) ? se.maxEg : 0.0 },
        { k::pmurAtMax, std::isfinite(se.pmurAtMax) ? se.pmurAtMax : 0.0 }, { k::fullRankingArea, sf.area },
        { k::qualityAt,
            QJsonObject { { "0.3", routingQualityAt(psi, t.qualityPrimary, t.qualityAlternative, 0.3).meanQuality },
                { "0.5", routingQualityAt(psi, t.qualityPrimary, t.qualityAlternative, 0.5).meanQuality } } } };
}

} // namespace

void evaluateRouters(const TrainingContext& ctx, RunRecord& record)
{
    const SuiteResult& suite = ctx.suite;
    const TestSet& t = ctx.test;
    QJsonObject routerEval;
    for (const auto& tr : suite.routers) {
        QJsonObject c;
        c[k::router] = routerName(tr.kind);
        if (tr.psi)
            c[k::model] = tr.psi->toJson();
        // Meta routers: the stage-2 bias model (Delta_hat for new queries) and the normalisation constant, so an
        // exported router can explain a query's estimated preference bias (docs/router-format.md).
        if (const CateFit* cate = suite.cateOf(tr.kind); cate && cate->model) {
            c[k::cateModel] = cate->model->toJson();
            c[k::normalizationConstant] = suite.normConstant;
        }
        if (!t.empty()) {
            const Vector psi = suite.predict(tr.kind, t.X);
            const EgCurve eg = efficiencyGainCurve(psi, t.gain);
            const EgCurve full = fullRankingCurve(psi, t.gain);
            const QJsonObject e = evaluationOf(psi, t, eg, full);
            routerEval[routerName(tr.kind)] = e;
            c[k::evaluation] = e;
            c[k::pmurGrid] = jsonArray(eg.grid);
            c[k::egCurve] = jsonArray(eg.eg);
            c[k::fullRankingCurve] = jsonArray(full.eg);
            c[k::psiTest] = jsonArray(psi);
            c[k::costQuality] = costQualityCurve(psi, t);
        }
        RouterCurves rc;
        rc.router = routerName(tr.kind);
        rc.json = c;
        record.routers.push_back(rc);
    }
    if (t.empty())
        return;
    QJsonArray testIds;
    for (int i : t.rows)
        testIds.append(ctx.table.queryIds[i]);
    record.summary[k::evaluation] = routerEval;
    record.summary[k::testQueryIds] = testIds;
    record.summary[k::testTruth] = QJsonObject { { k::gain, jsonArray(t.gain) },
        { k::qualityPrimary, jsonArray(t.qualityPrimary) }, { k::qualityAlternative, jsonArray(t.qualityAlternative) },
        { k::costPrimary, jsonArray(t.costPrimary) }, { k::costAlternative, jsonArray(t.costAlternative) } };
}

} // namespace crw
