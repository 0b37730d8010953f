#include "pipeline/RunRows.h"

namespace crw {

QVector<RunQueryRow> runRows(const TrainingContext& ctx, const Vector& seTest)
{
    const SuiteResult& suite = ctx.suite;
    const PairTable& table = ctx.table;
    const std::vector<int> pooled = ctx.rows.pooled();
    const size_t nGold = ctx.rows.gold.size();
    const Nuisances* nu = suite.nuisances ? &*suite.nuisances : nullptr;
    const CateFit* main = suite.biasCate(ctx.mainKind);
    const PsiBootstrap* boot = suite.bootstrapOf(ctx.mainKind);
    const Vector psiPooled = suite.predict(ctx.mainKind, ctx.split.X);
    const Vector sePooled = boot ? boot->se(ctx.split.X) : Vector();
    QVector<RunQueryRow> out;
    out.reserve(qsizetype(pooled.size() + ctx.test.rows.size()));
    for (size_t j = 0; j < pooled.size(); ++j) {
        const int i = pooled[j];
        const auto row = Eigen::Index(j);
        RunQueryRow r;
        r.queryId = table.queryIds[i];
        r.source = j < nGold ? RowSource::Gold : RowSource::Preference;
        r.fold = nu ? nu->folds[row] : 0;
        r.outcome = nu ? nu->o[row] : j < nGold ? table.gain[i] : table.pref[i] * suite.normConstant;
        if (nu) {
            r.propensity = nu->p[row];
            r.propensityRaw = nu->pRaw[row];
        }
        if (main)
            r.deltaHat = main->deltaOof[row];
        r.psiHat = psiPooled[row];
        r.trueDelta = table.trueDelta[i];
        if (boot)
            r.psiSe = sePooled[row];
        out.push_back(r);
    }
    const Vector psiTest = ctx.test.empty() ? Vector() : suite.predict(ctx.mainKind, ctx.test.X);
    for (size_t j = 0; j < ctx.test.rows.size(); ++j) {
        const int i = ctx.test.rows[j];
        RunQueryRow r;
        r.queryId = table.queryIds[i];
        r.source = RowSource::Test;
        r.fold = -1;
        r.outcome = table.gain[i];
        r.psiHat = psiTest[Eigen::Index(j)];
        r.trueDelta = table.trueDelta[i];
        if (seTest.size() > 0)
            r.psiSe = seTest[Eigen::Index(j)];
        out.push_back(r);
    }
    return out;
}

} // namespace crw
