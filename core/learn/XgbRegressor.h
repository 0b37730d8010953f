#pragma once
// XGBoost tree ensembles through the C API: gradient boosting or random-forest mode, regression or
// probability output (kinds XgbGbm, XgbGbmClassifier, XgbRf, XgbRfClassifier).
#include "learn/Regressor.h"
#include "learn/FlatTreeEnsemble.h"
#include "learn/XgbHandles.h"

#include <memory>

namespace crw {

class XgbRegressor final : public Regressor {
public:
    /// Deepest tree allowed in random-forest mode (deep RF keeps a histogram per node: a memory trap).
    static constexpr int kMaxRfDepth = 12;

    explicit XgbRegressor(const LearnerSpec& spec);

    /// Fits with tree_method=hist, seeded by spec.seed; sample weights via the DMatrix "weight" field.
    /// With spec.earlyStoppingRounds > 0 (boosting kinds): a seeded 20% of rows is held out, boosting stops when
    /// the held-out weighted loss (RMSE or log-loss) has not improved for that many rounds, and the model is refit
    /// on all rows with the best round count. NaN features are treated as missing.
    void fit(const Matrix& X, const Vector& y, const Vector& w) override;
    /// Up to this many rows are predicted from the flattened trees (when the model has them), more by XGBoost.
    static constexpr Eigen::Index kFlatMaxRows = 16;

    /// Predictions for every row (probabilities for classifier kinds): a few rows from the flattened trees (the same
    /// floats as XGBoost, checked at load), more in one batched XGBoost in-place prediction.
    Vector predict(const Matrix& X) const override;
    /// Spec, feature count, rounds and the XGBoost JSON model (base64).
    QJsonObject toJson() const override;
    const LearnerSpec& spec() const override { return m_spec; }

    /// Restores a model written by toJson(); throws std::runtime_error when malformed.
    static std::unique_ptr<XgbRegressor> fromJson(const QJsonObject& json);

    /// Boosting rounds in the fitted model (1 in random-forest mode).
    int boostedRounds() const { return m_rounds; }
    /// The XGBoost parameters used for this spec, in the order they are set.
    std::vector<std::pair<std::string, std::string>> xgbParams(double baseScore) const;
    /// Maximum depth over all trees of the fitted model (from the model JSON); for tests of the depth cap.
    int fittedMaxDepth() const;
    /// Whether small predictions use the flattened trees (false for models FlatTreeEnsemble does not reproduce).
    bool hasFlatTrees() const { return m_flat != nullptr; }
    /// XGBoost's own prediction, whatever the row count (for tests comparing it with the flattened trees).
    Vector predictWithXgboost(const Matrix& X) const;

private:
    bool isForest() const;
    int maxBin() const;
    bool isClassifier() const;
    XgbBooster train(DMatrixHandle train, DMatrixHandle valid, const Vector& validY, const Vector& validW, int rounds,
        double baseScore, int* bestRounds) const;
    QByteArray modelJson() const;
    void buildFlatTrees(const QByteArray& json);

    LearnerSpec m_spec;
    XgbBooster m_booster;
    Eigen::Index m_features = 0;
    int m_rounds = 0;
    std::unique_ptr<const FlatTreeEnsemble> m_flat; // null: always XGBoost
};

} // namespace crw
