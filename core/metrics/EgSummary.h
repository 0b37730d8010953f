#pragma once
// Scalar summaries of one EG curve, as printed by the authors' script (METHOD.md §7).
#include "metrics/EfficiencyGain.h"

namespace crw {

struct EgSummary {
    double maxEg = 0; ///< largest EG over the non-missing grid points (NaN if none)
    double pmurAtMax = 0; ///< grid PMUR of that maximum; the first one on ties (NaN if none)
    /// Trapezoid area of EG over the non-missing prefix of the grid ([0.2, curve end] with the cut-off, the whole
    /// [0.2, 0.8] without). 0 when fewer than two grid points are defined. Paper units: summed gain x PMUR.
    double area = 0;
    int validPoints = 0; ///< number of non-missing grid points
};

/// Max EG, its PMUR and the trapezoid area of one run's curve. Missing (NaN) grid points are ignored.
EgSummary summarizeEg(const EgCurve& curve);

} // namespace crw
