#include "runs/PoolRun.h"

#include <QJsonArray>

namespace crw {

namespace {

QJsonArray numbers(const QVector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

QVector<double> numbers(const QJsonValue& v)
{
    QVector<double> out;
    for (const QJsonValue& x : v.toArray())
        out.push_back(x.toDouble(qQNaN()));
    return out;
}

QJsonArray matrix(const QVector<QVector<double>>& m)
{
    QJsonArray a;
    for (const auto& row : m)
        a.append(numbers(row));
    return a;
}

QVector<QVector<double>> matrix(const QJsonValue& v)
{
    QVector<QVector<double>> out;
    for (const QJsonValue& row : v.toArray())
        out.push_back(numbers(row));
    return out;
}

} // namespace

QJsonObject PoolRun::toSummaryJson() const
{
    QJsonArray ms, of, ids, un;
    for (const QString& m : models)
        ms.append(m);
    for (int i : modelOf)
        of.append(i);
    for (qint64 id : testQueryIds)
        ids.append(double(id));
    for (const QString& m : unpriced)
        un.append(m);
    const QJsonObject pool { { "models", ms }, { "reference", reference }, { "costs", numbers(costs) },
        { "cost_unit", costUnit }, { "unpriced", un }, { "model_of", of }, { "psi_test", matrix(psiTest) },
        { "quality_test", matrix(quality) }, { "test_query_ids", ids }, { "frontier", frontier }, { "router", router },
        { "cost_weight", costWeight } };
    return QJsonObject { { "primary", QStringLiteral("pool of %1 models").arg(models.size()) },
        { "alternative", reference }, { "test_rows", testQueries() }, { "pool", pool } };
}

PoolRun PoolRun::fromSummaryJson(const QJsonObject& summary)
{
    PoolRun r;
    const QJsonObject p = summary.value("pool").toObject();
    if (p.isEmpty())
        return r;
    for (const QJsonValue& v : p["models"].toArray())
        r.models << v.toString();
    r.reference = p["reference"].toString();
    r.costs = numbers(p["costs"]);
    r.costUnit = p["cost_unit"].toString();
    for (const QJsonValue& v : p["unpriced"].toArray())
        r.unpriced << v.toString();
    for (const QJsonValue& v : p["model_of"].toArray())
        r.modelOf.push_back(v.toInt());
    r.psiTest = matrix(p["psi_test"]);
    r.quality = matrix(p["quality_test"]);
    for (const QJsonValue& v : p["test_query_ids"].toArray())
        r.testQueryIds.push_back(qint64(v.toDouble()));
    r.frontier = p["frontier"].toObject();
    r.router = p["router"].toObject();
    r.costWeight = p["cost_weight"].toDouble();
    return r;
}

} // namespace crw
