#pragma once
// Training a pool router from the GUI: train-pool's trainPool, then one stored run of kind "pool" (docs/runs.md).
#include "routing/PoolTraining.h"

namespace crw {

/// Trains the pool with trainPool (cost weight config.costWeight, else 0: the operating point is chosen later) and
/// stores the router, its held-out psi and qualities and its frontier as a run of kind "pool" through
/// RunStore::insertPool; returns the run id. Needs config.train.testSize > 0. When some models of the pool have no
/// price and others do, every model is costed in calls (reference 0, others 1) and the run lists the unpriced ones.
/// Nothing is stored on a throw or a cancel (Cancelled propagates).
qint64 trainAndStorePool(const QString& projectPath, PoolConfig config, Progress& progress);

/// The models of `models` without any price in the project (resolveModelCosts gives them no cost).
QStringList unpricedPoolModels(const QString& projectPath, const QStringList& models);

} // namespace crw
