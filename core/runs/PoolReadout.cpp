#include "runs/PoolReadout.h"

#include "routing/Router.h"
#include "routing/RouterSpec.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace crw {

namespace {

Matrix psiMatrix(const PoolRun& run)
{
    Matrix psi(Eigen::Index(run.psiTest.size()), Eigen::Index(run.modelOf.size()));
    for (qsizetype i = 0; i < run.psiTest.size(); ++i)
        for (qsizetype q = 0; q < run.modelOf.size(); ++q)
            psi(Eigen::Index(i), Eigen::Index(q)) = run.psiTest[i].value(q, qQNaN());
    return psi;
}

PoolPoint pointFor(const PoolRun& run, const Matrix& psi, double w)
{
    PoolPoint p;
    p.w = w;
    const int k = int(run.models.size()), n = int(psi.rows()), ref = run.referenceIndex();
    p.share = QVector<double>(k, 0.0);
    if (n == 0 || ref < 0)
        return p;
    const std::vector<double> costs(run.costs.begin(), run.costs.end());
    const std::vector<int> modelOf(run.modelOf.begin(), run.modelOf.end());
    std::vector<double> thresholds;
    for (int m : modelOf)
        thresholds.push_back(w * (costs[size_t(m)] - costs[size_t(ref)]));
    std::vector<int> chosen;
    Vector margin;
    Router::decideWith(psi, thresholds, modelOf, costs, ref, &chosen, &margin);
    double cost = 0, quality = 0;
    for (int i = 0; i < n; ++i) {
        const int m = chosen[size_t(i)];
        p.share[m] += 1.0 / n;
        cost += costs[size_t(m)];
        quality += run.quality.value(i).value(m, qQNaN());
    }
    p.costPer1000 = 1000.0 * cost / n;
    p.quality = quality / n;
    return p;
}

} // namespace

PoolPoint poolPointAt(const PoolRun& run, double w)
{
    return pointFor(run, psiMatrix(run), w);
}

QVector<PoolPoint> poolSweep(const PoolRun& run)
{
    const Matrix psi = psiMatrix(run);
    std::vector<double> ws;
    for (const QJsonValue& v : run.frontier.value("cost_weights").toArray())
        ws.push_back(v.toDouble());
    if (ws.empty())
        ws.push_back(0.0);
    std::sort(ws.begin(), ws.end());
    QVector<PoolPoint> out;
    for (double w : ws)
        out.push_back(pointFor(run, psi, w));
    return out;
}

int mostExpensiveModel(const PoolRun& run)
{
    if (run.costs.isEmpty())
        return -1;
    return int(std::max_element(run.costs.begin(), run.costs.end()) - run.costs.begin());
}

QVector<QPointF> routingCollapse(const PoolRun& run)
{
    const int top = mostExpensiveModel(run);
    QVector<QPointF> out;
    if (top < 0)
        return out;
    for (const PoolPoint& p : poolSweep(run))
        out.push_back(QPointF(p.costPer1000, p.share.value(top)));
    std::stable_sort(out.begin(), out.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    return out;
}

RouterSpec poolRouterAt(const PoolRun& run, double w, qint64 runId)
{
    RouterSpec spec = parseRouterSpec(QJsonDocument(run.router).toJson(QJsonDocument::Compact));
    const int ref = spec.modelIndex(spec.reference);
    spec.costWeight = w;
    spec.thresholds.clear();
    for (const QualityModel& q : spec.quality)
        spec.thresholds.push_back(w * (spec.models[size_t(spec.modelIndex(q.model))].cost - spec.models[size_t(ref)].cost));
    spec.trainedOn["run_id"] = double(runId);
    const PoolPoint p = poolPointAt(run, w);
    QJsonObject share;
    for (qsizetype m = 0; m < run.models.size(); ++m)
        share[run.models[m]] = p.share.value(m);
    spec.calibration = QJsonObject { { "set", QStringLiteral("pool run %1 held-out test queries").arg(runId) },
        { "cost_weight", w }, { "queries", run.testQueries() }, { "cost_per_1000", p.costPer1000 },
        { "cost_unit", run.costUnit == QLatin1String("usd") ? "usd_per_1000_queries" : "non_reference_calls_per_1000_queries" },
        { "quality", p.quality }, { "share_per_model", share } };
    validateRouterSpec(spec);
    return spec;
}

QVector<QPointF> pairwiseCurve(const PoolRun& run, int column)
{
    QVector<QPointF> out;
    const int n = run.testQueries(), ref = run.referenceIndex();
    if (n == 0 || ref < 0 || column < 0 || column >= run.modelOf.size())
        return out;
    const int m = run.modelOf[column];
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
        [&](int a, int b) { return run.psiTest[a].value(column) > run.psiTest[b].value(column); });
    for (int s = 0; s <= 20; ++s) {
        const int k = int(std::lround(s / 20.0 * n));
        double cost = 0, quality = 0;
        for (int j = 0; j < n; ++j) {
            const int i = order[size_t(j)];
            const int chosen = j < k ? m : ref;
            cost += run.costs.value(chosen);
            quality += run.quality[i].value(chosen);
        }
        out.push_back(QPointF(1000.0 * cost / n, quality / n));
    }
    return out;
}

} // namespace crw
