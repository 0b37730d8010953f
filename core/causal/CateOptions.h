#pragma once
// Options and results of the CATE estimation of the preference bias Delta(q) = psi(q) - eta(q).
#include "causal/Normalization.h"
#include "causal/PropensityBalance.h"
#include "learn/Regressor.h"

#include <QJsonObject>
#include <memory>
#include <vector>

namespace crw {

enum class CateLearner { R, DR, T };

/// Ridge with its penalty chosen by weighted 5-fold cross-validation (the default second stage).
inline LearnerSpec defaultStage2Spec()
{
    LearnerSpec s { LearnerKind::Ridge, 10.0 };
    s.cvFolds = 5;
    return s;
}
QString cateLearnerName(CateLearner l); // "r", "dr", "t"


struct CateOptions {
    LearnerSpec outcome; // mu0 (preference arm); default XGBoost GBM
    LearnerSpec propensity { LearnerKind::Logistic, 1.0 };
    LearnerSpec stage2 = defaultStage2Spec(); // CATE model and the gold-arm correction
    int folds = 5;
    uint64_t seed = 1;
    PropensityMode propensityMode = PropensityMode::Auto; // PropensityBalance.h (until issue 13: Estimated)
    double clipFactor = 5.0; // p clipped into [kappa/f, kappa*f] (and away from 0/1)
    bool overlapWeights = false; // DR: weight pseudo-outcomes by p(1-p)
    bool mu1Offset = true; // mu1 = mu0 + correction fitted on gold rows (else a direct fit on gold rows)
    NormalizationMethod normalization = NormalizationMethod::Regression; // applied to preference outcomes first
    bool fitFullNuisance = false; // also fit mu0 on all preference rows (for explaining new queries)
};

/// Cross-fitted nuisance estimates on the pooled rows (all out of fold).
struct Nuisances {
    IntVector folds;
    Vector o; // outcomes after normalisation (preference rows multiplied by normConstant)
    double normConstant = 1; // the constant c found (METHOD.md §6)
    QJsonObject normDetails; // regression normalisation: the two partial slopes and penalties (regressionScale)
    Vector mu0, mu1, p; // p after clipping
    Vector pRaw; // the out-of-fold estimate before clipping (non-finite -> base rate); = p when design was requested
                 // (with auto choosing design, p is the constant and pRaw still the estimate)
    double baseRate = 0; // kappa = n/(n+m)
    double clippedShare = 0; // share of rows whose estimated p was clipped
    PropensityChoice propensity; // which propensity was used, and the balance test (AUC) that decided
    double meanPGold = 0, meanPPref = 0;
    std::unique_ptr<Regressor> mu0Full; // with fitFullNuisance: fitted on all raw preference rows; times normConstant
};

struct CateDiagnostics {
    QString learner;
    double baseRate = 0, clippedShare = 0, droppedShare = 0;
    double essGold = 0, essPref = 0; // effective sample sizes of the two sources in the pseudo-outcome weights
    double meanPGold = 0, meanPPref = 0;
    double deltaMean = 0, deltaSd = 0;
    QJsonObject toJson() const;
};

/// The estimated bias: out-of-fold on every pooled row, plus models for new queries.
struct CateFit {
    CateLearner learner = CateLearner::R;
    Vector deltaOof; // Delta_hat per pooled row, out of fold
    Vector pseudo, weight; // stage-2 pseudo-outcome and weight per row (T: mu1 - mu0, weight 1)
    CateDiagnostics diag;
    std::unique_ptr<Regressor> model; // stage-2 model fitted on all rows (for T: the gold-arm correction)
    /// Delta_hat for new queries (requires the same features as training).
    Vector predict(const Matrix& X) const;
};

} // namespace crw
