#include "pipeline/TrainingSplit.h"

#include "causal/CrossFitting.h"
#include "pipeline/RowSplit.h"
#include "pipeline/TrainingConfig.h"

#include <algorithm>
#include <cmath>

namespace crw {

namespace {

std::vector<int> finiteRows(const Vector& v)
{
    std::vector<int> out;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i]))
            out.push_back(int(i));
    return out;
}

} // namespace

std::vector<int> TrainingRows::pooled() const
{
    std::vector<int> out = gold;
    out.insert(out.end(), pref.begin(), pref.end());
    return out;
}

TrainingRows splitForTraining(const PairTable& table, const TrainingConfig& config)
{
    const std::vector<int> goldRows = finiteRows(table.gain);
    SplitPlan plan;
    plan.testSize = config.resolvedTestSize(qint64(goldRows.size()));
    plan.goldSize = config.goldSize;
    if (plan.testSize > 0 && int(goldRows.size()) <= plan.testSize)
        throw std::runtime_error(QStringLiteral("test size %1 leaves no gold rows to train on (%2 gold queries)")
                                     .arg(plan.testSize)
                                     .arg(goldRows.size())
                                     .toStdString());
    std::vector<bool> hasPref(size_t(table.size()), false);
    for (int i : finiteRows(table.pref))
        hasPref[size_t(i)] = true;
    const RowSplit s = drawRowSplit(goldRows, hasPref, plan, config.seed);
    TrainingRows r { s.test, s.gold, s.pref };
    if (r.pref.empty())
        throw std::runtime_error(QStringLiteral("no preference labels for %1 vs %2: import or simulate some first")
                                     .arg(config.primary, config.alternative)
                                     .toStdString());
    if (int(r.gold.size()) < 2 * config.folds)
        throw std::runtime_error(QStringLiteral("only %1 gold rows for %2 vs %3: need at least %4 (2 per fold)")
                                     .arg(r.gold.size())
                                     .arg(config.primary, config.alternative)
                                     .arg(2 * config.folds)
                                     .toStdString());
    return r;
}

SplitData pooledSplit(const PairTable& table, const Matrix& X, const TrainingRows& rows)
{
    const std::vector<int> pooled = rows.pooled();
    SplitData split { selectRows(X, pooled), selectRows(table.gain, rows.gold), selectRows(table.pref, rows.pref),
        Vector(), IntVector() };
    split.query.resize(Eigen::Index(pooled.size()));
    for (size_t j = 0; j < pooled.size(); ++j)
        split.query[Eigen::Index(j)] = pooled[j];
    const Vector rAtPref = selectRows(table.gain, rows.pref);
    if (rAtPref.allFinite())
        split.rAtPref = rAtPref;
    return split;
}

} // namespace crw
