#include "pipeline/GroupBias.h"

#include "causal/CrossFitting.h"
#include "causal/DeltaTarget.h"
#include "causal/GroupAipw.h"
#include "pipeline/GroupBiasJson.h"
#include "runs/RunKeys.h"

#include <QJsonArray>
#include <cmath>
#include <map>

namespace crw {

namespace k = runkey;

AipwRows aipwRowsOf(const TrainingContext& ctx)
{
    const Nuisances& nu = *ctx.suite.nuisances;
    const Eigen::Index n = ctx.split.goldRows(), m = ctx.split.prefRows();
    AipwRows r { IntVector(n + m), nu.o, nu.mu0, nu.mu1, nu.p };
    r.t.head(n).setOnes();
    r.t.tail(m).setZero();
    return r;
}

void estimateGroupBias(const TrainingContext& ctx, RunRecord& record)
{
    // Delta_hat of the main router (R, else DR, else T, else an overlap one); the group estimates are the Hajek
    // AIPW means of causal/GroupAipw.h on the suite's out-of-fold nuisances.
    const SuiteResult& suite = ctx.suite;
    const CateFit* main = suite.biasCate(ctx.mainKind);
    if (!main || !suite.nuisances)
        return;
    const std::vector<int> pooled = ctx.rows.pooled();
    const PairTable& table = ctx.table;
    std::map<QString, int> ids;
    for (int i : pooled)
        ids.emplace(table.tasks[i].isEmpty() ? QStringLiteral("(no task)") : table.tasks[i], 0);
    QStringList names;
    for (auto& [name, id] : ids) {
        id = int(names.size());
        names << name;
    }
    IntVector group(Eigen::Index(pooled.size()));
    for (size_t j = 0; j < pooled.size(); ++j) {
        const int i = pooled[j];
        group[Eigen::Index(j)] = ids.at(table.tasks[i].isEmpty() ? QStringLiteral("(no task)") : table.tasks[i]);
    }
    const Vector truth = selectRows(table.trueDelta, pooled);
    const auto effects = groupAipw(group, int(names.size()), aipwRowsOf(ctx), main->deltaOof,
        truth.allFinite() ? truth : Vector());
    QJsonArray arr;
    for (const auto& e : effects) {
        QJsonObject o = groupBiasJson(e, k::estimate, k::truth);
        o[k::group] = names[e.group];
        arr.append(o);
    }
    record.summary[k::biasByTask] = arr;
    record.summary[k::biasLearner] = main->diag.learner;
    const Vector tp = selectRows(table.trueDelta, ctx.rows.pref);
    if (tp.allFinite()) {
        const Vector dh = main->deltaOof.tail(Eigen::Index(ctx.rows.pref.size()));
        record.summary[k::deltaRmse] = std::sqrt((dh - tp).squaredNorm() / double(tp.size()));
        record.summary[k::deltaTruthSd]
            = std::sqrt((tp.array() - tp.mean()).square().sum() / double(std::max<Eigen::Index>(1, tp.size() - 1)));
        // Against what the estimator actually targets, psi - c*eta = (1 - cC) r + cC Delta (causal/DeltaTarget.h),
        // where the gold gain of every preference row is known (a simulated project); else left out.
        const Vector rp = selectRows(table.gain, ctx.rows.pref), yp = selectRows(table.pref, ctx.rows.pref);
        const double C = rp.allFinite() ? simulatedScale(rp, yp, tp) : std::nan("");
        if (std::isfinite(C)) {
            const Vector target = estimatorTarget(rp, tp, suite.normConstant, C);
            record.summary[k::deltaRmseTarget] = std::sqrt((dh - target).squaredNorm() / double(tp.size()));
        }
    }
}

} // namespace crw
