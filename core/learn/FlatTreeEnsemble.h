#pragma once
// An XGBoost gradient-boosted tree ensemble flattened into one array, for predicting a few rows without the C API's
// per-call overhead (~17 us per XGBoosterPredictFromDense call against ~2-4 us for the loop here). It reproduces
// XGBoost 1.7's CPU prediction exactly: features cast to float, "x < split" goes left, NaN follows the default
// child, leaves summed in float in tree order starting from base_score, identity output (reg:squarederror).
// Anything else (other objectives, dart, categorical splits, several outputs) is refused, and a caller keeps XGBoost.
#include "learn/Types.h"

#include <QByteArray>
#include <cstdint>
#include <memory>
#include <vector>

namespace crw {

class FlatTreeEnsemble {
public:
    /// Flattens an XGBoost JSON model (XGBoosterSaveModelToBuffer, format "json") with the given feature count.
    /// Returns null when the model uses something this evaluator does not reproduce (see the file comment) or is
    /// malformed; never throws.
    static std::unique_ptr<FlatTreeEnsemble> fromXgboostJson(const QByteArray& json, Eigen::Index features);

    /// The float XGBoost would predict for one row of featureCount() doubles.
    float predictRow(const double* row) const;
    /// Predictions for every row of X (X.cols() must equal featureCount()).
    void predict(const Matrix& X, double* out) const;

    Eigen::Index featureCount() const { return m_features; }
    int treeCount() const { return int(m_roots.size()); }
    /// Split thresholds of feature j over all trees (for building probe rows that hit every boundary).
    std::vector<float> thresholdsOf(int feature) const;

private:
    struct Node {
        int32_t feature; // -1 for a leaf
        float value; // split condition, or the leaf value
        int32_t left; // absolute node indices
        int32_t right;
        int32_t missing; // default child (left or right)
    };
    std::vector<Node> m_nodes;
    std::vector<int32_t> m_roots;
    float m_baseScore = 0;
    Eigen::Index m_features = 0;
};

} // namespace crw
