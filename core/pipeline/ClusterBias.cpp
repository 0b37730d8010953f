#include "pipeline/ClusterBias.h"

#include "causal/ClusterNames.h"
#include "causal/CrossFitting.h"
#include "causal/GroupAipw.h"
#include "causal/KMeans.h"
#include "pipeline/GroupBias.h"
#include "pipeline/GroupBiasJson.h"
#include "runs/RunKeys.h"
#include "util/SeedStream.h"

#include <QJsonArray>

namespace crw {

namespace k = runkey;

void estimateClusterBias(const TrainingContext& ctx, RunRecord& record)
{
    const SuiteResult& suite = ctx.suite;
    const CateFit* mainFit = suite.biasCate(ctx.mainKind);
    if (ctx.config.clusters <= 0 || !suite.nuisances || !mainFit || ctx.table.size() == 0)
        return;
    const CateFit& main = *mainFit;
    const KMeansResult km = kMeans(ctx.features.X, ctx.config.clusters, deriveSeed(ctx.config.seed, SeedPurpose::QueryClusters));
    const int kFound = int(km.centers.rows());
    const auto terms = distinctiveTerms(ctx.table.texts, km.label, kFound);
    const std::vector<int> pooled = ctx.rows.pooled();
    IntVector group(Eigen::Index(pooled.size()));
    for (size_t j = 0; j < pooled.size(); ++j)
        group[Eigen::Index(j)] = km.label[pooled[j]];
    const Vector truth = selectRows(ctx.table.trueDelta, pooled);
    const auto effects
        = groupAipw(group, kFound, aipwRowsOf(ctx), main.deltaOof, truth.allFinite() ? truth : Vector());
    std::vector<int> queries(size_t(kFound), 0);
    for (Eigen::Index i = 0; i < km.label.size(); ++i)
        ++queries[size_t(km.label[i])];
    QJsonArray arr;
    for (const auto& e : effects) {
        QJsonObject o = groupBiasJson(e, k::delta, k::trueDelta);
        o[k::id] = e.group;
        o[k::name] = clusterName(terms[e.group], e.group);
        o[k::terms] = QJsonArray::fromStringList(terms[e.group]);
        o[k::queries] = queries[size_t(e.group)];
        arr.append(o);
    }
    record.summary[k::clusters] = arr;
}

} // namespace crw
