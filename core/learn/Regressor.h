#pragma once
// One small interface for every nuisance and final-stage model.
#include "learn/Types.h"

#include <QJsonObject>
#include <QString>
#include <memory>

namespace crw {

/// Which model family; "classifier" families predict probabilities in (0,1) for 0/1 targets.
enum class LearnerKind { Ridge, Logistic, XgbGbm, XgbRf, XgbGbmClassifier, XgbRfClassifier };

/// Hyper-parameters of a learner. Defaults are the workbench's defaults; unused fields are ignored by a family.
struct LearnerSpec {
    LearnerKind kind = LearnerKind::XgbGbm;
    double l2 = 1.0; // ridge / logistic penalty; XGBoost lambda
    int rounds = 200; // boosting rounds (GBM) or trees (RF)
    int maxDepth = 4; // tree depth (RF capped at 12: deep RF mode is a memory trap)
    double eta = 0.1; // learning rate (GBM)
    double subsample = 0.8; // row subsample
    double colsample = 0.8; // column subsample per tree
    double minChildWeight = 1.0;
    int maxBin = 256; // XGBoost histogram bins per feature (hist method)
    int earlyStoppingRounds = 0; // >0: hold out 20% (seeded) and stop when it stops improving
    int cvFolds = 0; // ridge: >1 picks l2 from {0.1, 1, 10, ..., 1e5} by weighted K-fold CV (seeded)
    int nthread = 1; // XGBoost threads; results do not depend on it
    uint64_t seed = 0;
    /// Stable text form, e.g. "xgb(rounds=200,depth=4,eta=0.1)".
    QString describe() const;
};

/// A supervised model with sample weights and a seed. Not thread-safe; fit then predict.
class Regressor {
public:
    virtual ~Regressor() = default;
    /// Fits y ~ X. w may be empty (equal weights) or have X.rows() non-negative entries.
    virtual void fit(const Matrix& X, const Vector& y, const Vector& w) = 0;
    /// Predictions for each row of X (probabilities for classifier kinds). Requires a prior fit().
    virtual Vector predict(const Matrix& X) const = 0;
    /// Complete serialisation of the fitted model (round-trips through makeRegressorFromJson).
    virtual QJsonObject toJson() const = 0;
    /// The spec this model was made from.
    virtual const LearnerSpec& spec() const = 0;
};

/// A fresh, unfitted model of the given spec.
std::unique_ptr<Regressor> makeRegressor(const LearnerSpec& spec);
/// Restores a fitted model written by Regressor::toJson(). Throws std::runtime_error on malformed input.
std::unique_ptr<Regressor> makeRegressorFromJson(const QJsonObject& json);

} // namespace crw
