#pragma once
// The authors' released procedure (METHOD.md §10), reproduced step by step for comparison with the paper.
#include "learn/Regressor.h"
#include "util/Progress.h"

namespace crw {

/// R-learner pseudo-outcomes of the reference code: p clipped to [0.1, 0.9]; Z = (o - mu)/(t - p); W = (t - p)^2;
/// keep = |t - p| > 0.05 (a no-op after the clip, as in the original).
struct ReferencePseudo {
    Vector z, w;
    Eigen::Matrix<bool, Eigen::Dynamic, 1> keep;
};
ReferencePseudo referenceRPseudo(const Vector& o, const IntVector& t, const Vector& pHat, const Vector& muHat);

/// DR-learner pseudo-outcomes of the reference code: p clipped to [0.05, 0.95];
/// phi = (t - p)/(p(1-p)) (o - muT) + mu1 - mu0; keep = p(1-p) > 0.05 (drops the clipped extremes).
ReferencePseudo referenceDrPseudo(const Vector& o, const IntVector& t, const Vector& pHat, const Vector& mu1,
    const Vector& mu0, const Vector& muT);

struct ReferenceFit {
    Vector deltaPref;      // Delta_hat on the preference rows, in-sample, clipped to [-1.2, 1.2]
    double keptShare = 1;  // share of rows kept by the mask
    double clippedShare = 0;
};

/// Runs the reference R- (dr=false) or DR-learner on pooled rows with in-sample random-forest nuisances
/// (XGBoost random-forest mode: 100 trees; depth capped at 12 instead of the original 20, see docs), the RF
/// *regressor* propensity, and for DR a single outcome forest with the source as a feature.
ReferenceFit fitReferenceCate(bool dr, const Matrix& X, const Vector& o, const IntVector& t, uint64_t seed,
    Progress& progress);

/// The forest spec the reference code uses for nuisances and the final stage (depth capped at 12).
LearnerSpec referenceForestSpec(uint64_t seed, int trees = 100);

} // namespace crw
