#pragma once
// Structural check of a serialised XGBoost model before it reaches XGBoost's loader, which trusts sizes and indices
// in the model (a corrupted router file could otherwise make it allocate exabytes or index out of range).
#include <QByteArray>

namespace crw {

/// Throws std::runtime_error (one line) unless bytes are an XGBoost JSON model of the shape the workbench writes: a
/// JSON object with learner.gradient_booster {name "gbtree", model {gbtree_model_param, tree_info, trees}}, a
/// num_trees equal to the number of trees and of tree_info entries, and trees whose per-node arrays all have
/// num_nodes (1..10^7) entries, with consistent child and parent links (children after their parent, the right child
/// directly after the left one, as XGBoost's predictor assumes), tree_info all 0, split features below num_feature
/// (at most 10^6), no categorical splits and no leaf vectors. expectedFeatures >= 0 must equal the model's
/// num_feature.
void checkXgbModelJson(const QByteArray& bytes, long long expectedFeatures = -1);

} // namespace crw
