#pragma once
// Two-model operating point of the decision rule (METHOD.md §7): send q to the primary iff
// psi_hat(q) > w * (c_primary - c_alternative).
#include "learn/Types.h"

namespace crw {

struct OperatingPoint {
    double threshold = 0; ///< w * (c_primary - c_alternative)
    int nPrimary = 0; ///< queries with psi_hat strictly above the threshold
    double sharePrimary = 0;
    double shareAlternative = 0;
    double predictedGain = 0; ///< mean over all queries of psi_hat on the routed ones (the router's own estimate)
    double meanQuality = 0; ///< mean true quality of the chosen answers; NaN when qualities were not given
    double costPer1000 = 0; ///< 1000 * (sharePrimary * c_primary + shareAlternative * c_alternative)
};

/// Applies the rule at cost weight w with constant per-query model costs. Throws std::invalid_argument on an empty
/// psi_hat or a NaN score.
OperatingPoint operatingPoint(const Vector& psiHat, double w, double costPrimary, double costAlternative);

/// Same, and also the mean true quality given per-query true qualities of both models.
OperatingPoint operatingPoint(const Vector& psiHat, double w, double costPrimary, double costAlternative,
    const Vector& qPrimary, const Vector& qAlternative);

struct WeightForShare {
    double w = 0; ///< cost weight to use with operatingPoint
    double threshold = 0; ///< the psi_hat threshold w * (c_primary - c_alternative)
    int k = 0; ///< intended number of primary calls, round(target * N)
    double realisedShare = 0; ///< #{psi_hat > threshold} / N on this set
};

/// The inverse: the w whose rule sends round(target*N) of these queries to the primary. With the scores sorted
/// descending s_1 >= ... >= s_N, the threshold is the midpoint (s_k + s_{k+1}) / 2; k = 0 gives s_1 and k = N gives
/// s_N - 1e-9*(1+|s_N|). Ties: when s_k == s_{k+1} the whole tied block goes to the alternative (strict >), so
/// the realised share is below the target and never above it. Requires costPrimary > costAlternative (else
/// std::invalid_argument); w may be negative when the threshold is.
WeightForShare weightForShare(const Vector& psiHat, double targetShare, double costPrimary, double costAlternative);

} // namespace crw
