#pragma once
// Numeric types shared by features, learners and estimators.
#include <Eigen/Dense>
#include <cstdint>

namespace crw {

/// Row-major dense feature matrix: one query per row (row-major suits XGBoost and per-query projection).
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;
using IntVector = Eigen::VectorXi;

} // namespace crw
