#pragma once
// Where to spend the next gold label (METHOD.md §11, §13): ranking preference-only queries by how much a gold label
// there is expected to improve the router. docs/active-gold.md documents the strategies and the supporting experiment.
#include "learn/Types.h"

#include <QString>
#include <vector>

namespace crw {

/// uncertainty: expected loss of the current routing decision under psi ~ N(psi_hat, se^2);
/// overlap: lowest gold/preference density ratio (gold labels where gold is rarest); random: a seeded draw.
enum class AcquisitionStrategy { Uncertainty, Overlap, Random };
QString acquisitionStrategyName(AcquisitionStrategy s); // "uncertainty", "overlap", "random"
bool parseAcquisitionStrategy(const QString& s, AcquisitionStrategy* out);

/// Per candidate query (one entry each): psi_hat, its bootstrap se, and the unclipped propensity of being gold.
struct AcquisitionInputs {
    Vector psi, psiSe, propensity;
    double baseRate = 0; // kappa = n/(n+m) of the run
    double threshold = 0; // the routing threshold on psi (the operating point)
};

struct GoldCandidate {
    int index = 0; // into the inputs
    double score = 0; // higher first
    QString reason; // one line for analysts
};

/// E[loss] of routing by the sign of psi_hat - threshold when psi ~ N(psi_hat, se^2):
/// se * (phi(d) - |d| * (1 - Phi(|d|))), d = (psi_hat - threshold) / se. Zero when se is 0.
double expectedDecisionLoss(double psi, double se, double threshold);

/// The top `budget` candidates by the strategy's score, descending (ties by index). Uncertainty needs psiSe (throws
/// std::invalid_argument when it is missing or all zero); overlap needs propensity and baseRate in (0,1).
/// Deterministic for seed (random strategy).
std::vector<GoldCandidate> rankGoldCandidates(
    AcquisitionStrategy strategy, const AcquisitionInputs& in, int budget, uint64_t seed = 1);

} // namespace crw
