#pragma once
// RouteLLM metrics (Ong et al. 2024, "RouteLLM: Learning to Route LLMs with Preference Data", §5):
// performance gap recovered (PGR), its average over strong-model call shares (APGR) and the call-performance
// threshold CPT(x%).
#include "learn/Types.h"

#include <vector>

namespace crw {

/// One operating point of a router: share of queries sent to the strong model (in [0,1]) and the mean quality.
struct CallPerformancePoint {
    double strongShare = 0;
    double performance = 0;
};

/// The threshold sweep of a two-model router: for k = 0..N, strongShare k/N and the mean over all N queries of the
/// chosen model's quality when the top k by score (descending, ties by index) go to the strong model.
std::vector<CallPerformancePoint> thresholdSweep(const Vector& score, const Vector& qStrong, const Vector& qWeak);

/// PGR = (perf - perfWeak) / (perfStrong - perfWeak). Throws std::invalid_argument if perfStrong == perfWeak.
double performanceGapRecovered(double perf, double perfWeak, double perfStrong);

/// APGR: the integral of PGR over the strong-call share in [0,1]. The router's points are joined linearly, sorted by
/// share; the anchors (0, perfWeak) and (1, perfStrong) are added when the points do not reach a share of exactly 0
/// or 1 (0% strong calls IS the weak model). PGR is evaluated on `gridPoints` evenly spaced shares (default 101) and
/// integrated by the trapezoid rule. A random router scores 0.5. (RouteLLM's script integrates over the router's own
/// threshold points with np.trapz; on a fine grid both agree.)
double averagePgr(std::vector<CallPerformancePoint> points, double perfWeak, double perfStrong, int gridPoints = 101);

/// CPT(x): the smallest strong-call share (in [0,1]) at which the linearly joined PGR curve reaches targetPgr
/// (e.g. 0.5 for CPT(50%)); same anchors as averagePgr. Reported as a fraction (RouteLLM prints percent).
/// Exact first crossing of the polyline; equals RouteLLM's np.interp when PGR is increasing in the share.
double callPerformanceThreshold(std::vector<CallPerformancePoint> points, double perfWeak, double perfStrong,
    double targetPgr);

struct RouteLlmSummary {
    double perfWeak = 0; ///< mean quality of always-weak
    double perfStrong = 0; ///< mean quality of always-strong
    double apgr = 0;
    double cpt20 = 0, cpt50 = 0, cpt80 = 0; ///< strong-call shares (fractions) needed for PGR 0.2 / 0.5 / 0.8
};

/// APGR and CPT(20/50/80%) of a two-model router given its scores and per-query true qualities of both models.
RouteLlmSummary routeLlmSummary(const Vector& score, const Vector& qStrong, const Vector& qWeak, int gridPoints = 101);

} // namespace crw
