#pragma once
// Routing quality at a fixed usage ratio (METHOD.md §15.2): the metric that does not depend on where psi_hat crosses 0.
#include "learn/Types.h"

namespace crw {

/// Outcome of sending the top k queries (by psi_hat) to the primary model and the rest to the alternative.
struct RoutingAtShare {
    int k = 0; ///< queries sent to the primary: round(p*N), halves rounded away from zero
    double share = 0; ///< realised PMUR k/N
    double meanQuality = 0; ///< mean over all N queries of the chosen model's true quality
    double totalCost = 0; ///< sum over all N queries of the chosen model's cost
};

/// Routes the top round(p*N) queries by psi_hat (descending, ties by index) to the primary. qPrimary/qAlternative
/// are the per-query true qualities. Costs are constant per model (per query). Throws std::invalid_argument on length
/// mismatch, NaN psi_hat, or p outside [0,1].
RoutingAtShare routingQualityAt(const Vector& psiHat, const Vector& qPrimary, const Vector& qAlternative, double p,
    double costPrimary = 1.0, double costAlternative = 0.0);

/// Same with per-query costs of each model (token-priced traffic).
RoutingAtShare routingQualityAt(const Vector& psiHat, const Vector& qPrimary, const Vector& qAlternative, double p,
    const Vector& costPrimary, const Vector& costAlternative);

} // namespace crw
