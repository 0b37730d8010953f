#pragma once
// A pool router stored as a run of kind "pool" (docs/runs.md): what the views need to draw its frontier, its
// operating point and its routing collapse, and the router itself for export.
#include <QJsonObject>
#include <QStringList>
#include <QVector>

namespace crw {

struct PoolRun {
    QStringList models; ///< the pool in router order, reference included
    QString reference;
    QVector<double> costs; ///< cost per query of every model (USD, or 0/1 calls when unpriced)
    QString costUnit; ///< "usd" or "calls" (calls to a non-reference model)
    QStringList unpriced; ///< models without a price when costUnit is "calls"
    QVector<int> modelOf; ///< column of psiTest -> index into models
    QVector<QVector<double>> psiTest; ///< per test query: psi of each non-reference model
    QVector<QVector<double>> quality; ///< per test query: true quality of each model
    QVector<qint64> testQueryIds;
    QJsonObject frontier; ///< PoolFrontier::toJson of the held-out test queries
    QJsonObject router; ///< the router file (routerSpecToJson) as trained
    double costWeight = 0; ///< w of the router as trained

    int testQueries() const { return int(psiTest.size()); }
    int referenceIndex() const { return int(models.indexOf(reference)); }
    bool isEmpty() const { return models.isEmpty(); }
    /// The summary_json object of a pool run ("pool" holds everything above; primary/alternative for the run list).
    QJsonObject toSummaryJson() const;
    /// Reads summary_json of a pool run; an empty PoolRun when the summary has no "pool" object.
    static PoolRun fromSummaryJson(const QJsonObject& summary);
};

} // namespace crw
