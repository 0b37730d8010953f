#include "pipeline/GroupBias.h"

#include "causal/CrossFitting.h"
#include "causal/GroupEffects.h"
#include "runs/RunKeys.h"

#include <QJsonArray>
#include <cmath>

namespace crw {

namespace k = runkey;

void estimateGroupBias(const TrainingContext& ctx, RunRecord& record)
{
    // Delta_hat of the main router (R, else DR, else T, else an overlap one); group effects from the DR
    // pseudo-outcomes when a DR learner was trained, else from the main learner's.
    const SuiteResult& suite = ctx.suite;
    const CateFit* main = suite.biasCate(ctx.mainKind);
    if (!main)
        return;
    const CateFit* dr = suite.cates.count(RouterKind::MetaDR) ? &suite.cates.at(RouterKind::MetaDR) : main;
    const std::vector<int> pooled = ctx.rows.pooled();
    const PairTable& table = ctx.table;
    QVector<QString> groups;
    for (int i : pooled)
        groups.push_back(table.tasks[i].isEmpty() ? QStringLiteral("(no task)") : table.tasks[i]);
    const Vector truth = selectRows(table.trueDelta, pooled);
    const auto effects = groupEffects(groups, dr->pseudo, main->deltaOof, truth.allFinite() ? truth : Vector());
    QJsonArray arr;
    for (const auto& e : effects)
        arr.append(QJsonObject { { k::group, e.group }, { k::rows, e.rows }, { k::estimate, e.estimate },
            { k::se, std::isfinite(e.se) ? e.se : 0.0 }, { k::meanDeltaHat, e.meanDeltaHat },
            { k::truth, std::isfinite(e.truth) ? QJsonValue(e.truth) : QJsonValue() } });
    record.summary[k::biasByTask] = arr;
    record.summary[k::biasLearner] = main->diag.learner;
    const Vector tp = selectRows(table.trueDelta, ctx.rows.pref);
    if (tp.allFinite()) {
        const Vector dh = main->deltaOof.tail(Eigen::Index(ctx.rows.pref.size()));
        record.summary[k::deltaRmse] = std::sqrt((dh - tp).squaredNorm() / double(tp.size()));
        record.summary[k::deltaTruthSd]
            = std::sqrt((tp.array() - tp.mean()).square().sum() / double(std::max<Eigen::Index>(1, tp.size() - 1)));
    }
}

} // namespace crw
