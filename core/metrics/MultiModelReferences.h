#pragma once
// Reference routers for multi-model evaluation (RouterBench, Hu et al. 2024): oracle, random mixtures ("zero
// router"), best single model, cheapest single model. Inputs are N x M matrices (query x model) of true quality and
// cost; points are (mean cost per query, mean quality).
#include "learn/Types.h"
#include "metrics/CostQualityFrontier.h"

#include <vector>

namespace crw {

/// Mean cost and mean quality of always answering with model m, for each model (column).
std::vector<CostQualityPoint> singleModelPoints(const Matrix& quality, const Matrix& cost);

/// The oracle router: each query goes to its highest-quality model, the cheapest one among ties (exact equality).
CostQualityPoint oracleRouterPoint(const Matrix& quality, const Matrix& cost);

/// Column of the model with the highest mean quality (lowest mean cost among ties, then lowest index).
int bestSingleModel(const Matrix& quality, const Matrix& cost);

/// Column of the model with the lowest mean cost (highest mean quality among ties, then lowest index).
int cheapestSingleModel(const Matrix& quality, const Matrix& cost);

/// Frontier of random routers that mix models per query at fixed probabilities ("zero router"): expected cost and
/// quality of a mixture are the same mixture of the models' points, so the attainable frontier is the
/// non-decreasing convex hull of the single-model points (straight lines between hull models).
std::vector<CostQualityPoint> randomMixtureFrontier(const Matrix& quality, const Matrix& cost);

/// All references at once.
struct MultiModelReferences {
    std::vector<CostQualityPoint> models; ///< one point per model, column order
    CostQualityPoint oracle;
    int bestSingle = -1;
    int cheapestSingle = -1;
    std::vector<CostQualityPoint> randomFrontier;
};

/// Computes every reference. Throws std::invalid_argument unless quality and cost are the same non-empty shape.
MultiModelReferences multiModelReferences(const Matrix& quality, const Matrix& cost);

} // namespace crw
