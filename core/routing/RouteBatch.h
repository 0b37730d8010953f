#pragma once
// Routing a batch of parsed queries and writing each decision as one JSON object: the code shared by
// `causal-router route` (JSON lines) and `causal-router serve` (HTTP), so both answer bit for bit the same.
#include "routing/QueryLine.h"
#include "routing/Router.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace crw {

/// What to compute beyond model, psi, cost and margin.
struct RouteOptions {
    bool explain = false; // bias of every model and the 3 nearest training queries
    bool uncertainty = false; // psi_se (needs bootstrap replicates)
    bool abstain = false; // the abstain rule with abstainZ (two-model routers with replicates); implies psi_se
    double abstainZ = 0;
};

/// Feature rows and decisions of one routed batch.
struct RoutedBatch {
    Matrix features;
    RouteDecisions decisions;
};

/// Routes queries with router: features, psi, the decision rule, then bias / psi_se / abstain as options ask.
/// Returns false with *badIndex and *error (makeQueryBatch's message) when a query lacks what the featurizer needs.
bool routeQueries(const Router& router, const std::vector<RouteQuery>& queries, const RouteOptions& options,
    RoutedBatch* out, int* badIndex, QString* error);

/// Appends the decision of query i as one JSON object (no newline): id, model, psi, cost, margin, and psi_se,
/// abstained, bias and nearest when they were computed. Numbers in shortest round-trip form.
void appendDecisionJson(QByteArray& out, const Router& router, const RouteQuery& query, const RoutedBatch& batch,
    Eigen::Index i, bool explain);

} // namespace crw
