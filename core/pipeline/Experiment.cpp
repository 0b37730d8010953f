#include "pipeline/Experiment.h"

#include "util/SeedStream.h"

#include "causal/CrossFitting.h"
#include "causal/DeltaTarget.h"
#include "causal/PropensityBalance.h"
#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/PiecewiseLinear.h"
#include "metrics/ResultFormat.h"
#include "metrics/RoutingQuality.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace crw {

namespace {

QJsonObject pairedJson(const std::map<QString, PairedDifference>& m)
{
    QJsonObject o;
    for (const auto& [metric, d] : m)
        o[metric] = QJsonObject { { "mean_diff", d.meanDiff }, { "se", d.se }, { "t", d.t }, { "n", d.n },
            { "se_nb", jsonNumber(d.seNb) }, { "t_nb", jsonNumber(d.tNb) }, { "t_critical", jsonNumber(d.tCritical) },
            { "significant", d.significant() } };
    return o;
}

} // namespace

ProtocolSplit protocolSplit(
    const ExperimentData& data, int testSize, int goldSize, double goldSkew, int maxPref, uint64_t runSeed)
{
    const int N = int(data.X.rows());
    std::vector<int> all(static_cast<size_t>(N));
    std::iota(all.begin(), all.end(), 0);
    SplitPlan plan;
    plan.testSize = testSize;
    plan.goldSize = goldSize;
    plan.goldSkew = goldSkew;
    plan.maxPref = maxPref;
    plan.goldQueriesGivePreference = false;
    return drawRowSplit(all, std::vector<bool>(size_t(N), true), plan, runSeed, data.group, data.X);
}

std::vector<CellId> experimentCellIds(const ExperimentOptions& opt)
{
    std::vector<CellId> out;
    for (int n : opt.goldSizes)
        for (int run = 0; run < opt.runs; ++run)
            out.push_back({ run, n });
    return out;
}

void checkExperimentData(const ExperimentData& data, const ExperimentOptions& opt)
{
    const int N = int(data.X.rows());
    const int maxGold = *std::max_element(opt.goldSizes.begin(), opt.goldSizes.end());
    if (N < opt.testSize + maxGold + 50)
        throw std::invalid_argument(
            QStringLiteral("experiment needs at least test size + largest gold size + 50 queries "
                           "(%1 + %2 + 50); the project has %3 with gold and preference labels")
                .arg(opt.testSize)
                .arg(maxGold)
                .arg(N)
                .toStdString());
}

std::vector<ExperimentCell> computeExperimentCells(
    const ExperimentData& data, const ExperimentOptions& opt, const std::vector<CellId>& cells, Progress& progress)
{
    checkExperimentData(data, opt);
    const int N = int(data.X.rows());
    const bool haveTruth = data.trueDelta.size() == N;
    const double trueScale = haveTruth ? simulatedScale(data.r, data.y, data.trueDelta) : std::nan("");
    const int total = std::max(1, int(cells.size()));
    std::vector<ExperimentCell> out;
    out.reserve(cells.size());
    int done = 0;
    for (const CellId& id : cells) {
        const int n = id.goldSize, run = id.run;
        progress.check();
        Progress p = progress.sub(double(done) / total, double(done + 1) / total);
        p.report(0.0, QStringLiteral("gold size %1, run %2/%3").arg(n).arg(run + 1).arg(opt.runs));
        // One permutation per run: the same test set for every gold size, nested gold sets; each (run, gold
        // size) cell trains with its own stream.
        const uint64_t runSeed = deriveSeed(opt.seed, SeedPurpose::ExperimentRun, uint64_t(run));
        const auto [test, gold, pref] = protocolSplit(data, opt.testSize, n, opt.goldSkew, opt.maxPref, runSeed);

        std::vector<int> pooled = gold;
        pooled.insert(pooled.end(), pref.begin(), pref.end());
        SplitData split { selectRows(data.X, pooled), selectRows(data.r, gold), selectRows(data.y, pref),
            selectRows(data.r, pref), IntVector() };
        SuiteOptions so = opt.suite;
        so.seed = deriveSeed(runSeed, SeedPurpose::ExperimentCell, uint64_t(n));
        SuiteResult suite = trainRouterSuite(split, so, p);
        ExperimentCell cell;
        cell.id = id;
        if (run == 0)
            cell.diagnostics = suite.diagnosticsJson();

        const Matrix Xt = selectRows(data.X, test);
        const Vector rt = selectRows(data.r, test), qp = selectRows(data.qPrimary, test),
                     qa = selectRows(data.qAlternative, test);
        for (const auto& tr : suite.routers) {
            const Vector psi = suite.predict(tr.kind, Xt);
            CellMetrics m;
            m.deltaRmse = std::nan("");
            m.deltaRmseTarget = std::nan("");
            const EgCurve c = efficiencyGainCurve(psi, rt);
            const EgCurve f = fullRankingCurve(psi, rt);
            const EgSummary sc = summarizeEg(c), sf = summarizeEg(f);
            m.eg = c.eg;
            m.full = f.eg;
            m.area = sc.area;
            m.max = sc.maxEg;
            m.pmur = sc.pmurAtMax;
            m.fullArea = sf.area;
            for (double s : opt.qualityShares)
                m.quality.push_back(routingQualityAt(psi, qp, qa, s).meanQuality);
            const CateFit* cate = suite.cateOf(tr.kind);
            if (haveTruth && cate) {
                const Vector dh = cate->deltaOof.tail(Eigen::Index(pref.size()));
                const Vector dt = selectRows(data.trueDelta, pref);
                m.deltaRmse = std::sqrt((dh - dt).squaredNorm() / double(dt.size()));
                if (suite.nuisances && std::isfinite(trueScale)) {
                    const Vector target
                        = estimatorTarget(selectRows(data.r, pref), dt, suite.nuisances->normConstant, trueScale);
                    m.deltaRmseTarget = std::sqrt((dh - target).squaredNorm() / double(dt.size()));
                }
            }
            cell.routers[tr.kind] = std::move(m);
        }
        out.push_back(std::move(cell));
        ++done;
    }
    progress.report(1.0);
    return out;
}

ExperimentResult aggregateExperiment(const ExperimentOptions& opt, int queries, const std::vector<ExperimentCell>& cells)
{
    // Index the cells by (gold size, run); every expected cell exactly once.
    std::map<std::pair<int, int>, const ExperimentCell*> byId;
    for (const auto& c : cells)
        if (!byId.emplace(std::make_pair(c.id.goldSize, c.id.run), &c).second)
            throw std::invalid_argument(QStringLiteral("cell (run %1, gold size %2) is given twice")
                                            .arg(c.id.run)
                                            .arg(c.id.goldSize)
                                            .toStdString());
    const std::vector<CellId> expected = experimentCellIds(opt);
    for (const CellId& id : expected)
        if (!byId.count({ id.goldSize, id.run }))
            throw std::invalid_argument(
                QStringLiteral("cell (run %1, gold size %2) is missing").arg(id.run).arg(id.goldSize).toStdString());
    if (byId.size() != expected.size())
        throw std::invalid_argument("cells of a run or gold size outside the configuration");

    ExperimentResult res;
    res.options = opt;
    res.queries = queries;
    for (int n : opt.goldSizes) {
        std::map<RouterKind, std::vector<CellMetrics>> per;
        for (int run = 0; run < opt.runs; ++run) {
            const ExperimentCell& cell = *byId.at({ n, run });
            if (run == 0)
                res.diagnostics[QString::number(n)] = cell.diagnostics;
            for (const auto& [kind, m] : cell.routers)
                per[kind].push_back(m);
        }

        for (auto& [kind, runs] : per) {
            RouterSummary s;
            s.router = routerName(kind);
            s.goldSize = n;
            s.runs = int(runs.size());
            s.grid = paperPmurGrid();
            std::vector<std::vector<double>> eg, full;
            std::vector<double> area, mx, pm, fa, dr, drt;
            std::vector<std::vector<double>> q(opt.qualityShares.size());
            for (const auto& m : runs) {
                eg.push_back(m.eg);
                full.push_back(m.full);
                area.push_back(m.area);
                mx.push_back(m.max);
                pm.push_back(m.pmur);
                fa.push_back(m.fullArea);
                dr.push_back(m.deltaRmse);
                drt.push_back(m.deltaRmseTarget);
                for (size_t j = 0; j < q.size(); ++j)
                    q[j].push_back(m.quality[j]);
            }
            s.egCurve = curveMeanSe(eg);
            s.fullCurve = curveMeanSe(full);
            s.egArea = meanSe(area);
            s.egMax = meanSe(mx);
            s.pmurAtMax = meanSe(pm);
            s.fullArea = meanSe(fa);
            s.deltaRmse = meanSe(dr);
            s.deltaRmseTarget = meanSe(drt);
            for (const auto& v : q)
                s.qualityAt.push_back(meanSe(v));
            for (RouterKind ref : { RouterKind::Pooled, RouterKind::GoldOnly, RouterKind::MetaR, RouterKind::MetaDR,
                     RouterKind::MetaRReference }) {
                auto it = per.find(ref);
                if (it == per.end() || ref == kind)
                    continue;
                // The plain Meta-Routers are references only for their overlap-restricted versions; the authors'
                // procedure (meta_r_reference) is a reference for every router.
                if ((ref == RouterKind::MetaR && kind != RouterKind::MetaROverlap)
                    || (ref == RouterKind::MetaDR && kind != RouterKind::MetaDROverlap))
                    continue;
                std::map<QString, PairedDifference> d;
                auto col = [](const std::vector<CellMetrics>& v, auto f) {
                    std::vector<double> out;
                    for (const auto& m : v)
                        out.push_back(f(m));
                    return out;
                };
                // Nadeau-Bengio: test queries over training rows of one split (gold plus preference rows).
                const int prefRows = std::max(0, queries - opt.testSize - n);
                const double testOverTrain = double(opt.testSize)
                    / double(n + (opt.maxPref > 0 ? std::min(opt.maxPref, prefRows) : prefRows));
                auto paired = [&](const std::vector<double>& a, const std::vector<double>& b) {
                    return pairedDifference(a, b, testOverTrain);
                };
                d["eg_area"] = paired(area, col(it->second, [](const CellMetrics& m) { return m.area; }));
                d["full_ranking_area"] = paired(fa, col(it->second, [](const CellMetrics& m) { return m.fullArea; }));
                for (size_t j = 0; j < q.size(); ++j)
                    d["quality_at_" + shareKey(opt.qualityShares[j])]
                        = paired(q[j], col(it->second, [j](const CellMetrics& m) { return m.quality[j]; }));
                s.paired[routerName(ref)] = d;
            }
            res.summaries.push_back(std::move(s));
        }
    }
    return res;
}

ExperimentResult runExperiment(const ExperimentData& data, const ExperimentOptions& opt, Progress& progress)
{
    const std::vector<ExperimentCell> cells = computeExperimentCells(data, opt, experimentCellIds(opt), progress);
    return aggregateExperiment(opt, int(data.X.rows()), cells);
}

QJsonObject ExperimentResult::toJson() const
{
    QJsonArray results;
    for (const auto& s : summaries) {
        QJsonObject o;
        o["router"] = s.router;
        o["gold_size"] = s.goldSize;
        o["runs"] = s.runs;
        o["eg_area"] = jsonNumber(s.egArea.mean);
        o["eg_area_se"] = jsonNumber(s.egArea.se);
        o["eg_max"] = jsonNumber(s.egMax.mean);
        o["eg_max_se"] = jsonNumber(s.egMax.se);
        o["pmur_at_max"] = jsonNumber(s.pmurAtMax.mean);
        o["pmur_at_max_se"] = jsonNumber(s.pmurAtMax.se);
        o["full_ranking_area"] = jsonNumber(s.fullArea.mean);
        o["full_ranking_area_se"] = jsonNumber(s.fullArea.se);
        if (s.deltaRmse.n > 0) {
            o["delta_rmse"] = jsonNumber(s.deltaRmse.mean);
            o["delta_rmse_se"] = jsonNumber(s.deltaRmse.se);
        }
        if (s.deltaRmseTarget.n > 0) { // against psi - c*eta = (1 - cC) r + cC Delta (C: the simulated scale)
            o["delta_rmse_target"] = jsonNumber(s.deltaRmseTarget.mean);
            o["delta_rmse_target_se"] = jsonNumber(s.deltaRmseTarget.se);
        }
        QJsonObject qa, qse;
        for (size_t j = 0; j < s.qualityAt.size(); ++j) {
            qa[shareKey(options.qualityShares[j])] = jsonNumber(s.qualityAt[j].mean);
            qse[shareKey(options.qualityShares[j])] = jsonNumber(s.qualityAt[j].se);
        }
        o["quality_at"] = qa;
        o["quality_at_se"] = qse;
        QJsonArray grid, eg, egse, full, fullse;
        for (size_t g = 0; g < s.grid.size(); ++g) {
            grid.append(s.grid[g]);
            eg.append(s.egCurve[g].n ? QJsonValue(s.egCurve[g].mean) : QJsonValue());
            egse.append(s.egCurve[g].n > 1 ? QJsonValue(s.egCurve[g].se) : QJsonValue());
            full.append(jsonNumber(s.fullCurve[g].mean));
            fullse.append(jsonNumber(s.fullCurve[g].se));
        }
        o["pmur_grid"] = grid;
        o["eg_curve"] = eg;
        o["eg_curve_se"] = egse;
        o["full_ranking_curve"] = full;
        o["full_ranking_curve_se"] = fullse;
        auto pv = s.paired.find(QStringLiteral("pooled"));
        o["paired_vs_pooled"] = pv != s.paired.end() ? pairedJson(pv->second) : QJsonObject();
        auto pg = s.paired.find(QStringLiteral("gold_only"));
        o["paired_vs_gold_only"] = pg != s.paired.end() ? pairedJson(pg->second) : QJsonObject();
        for (const char* plain : { "meta_r", "meta_dr" })
            if (auto pp = s.paired.find(QString::fromLatin1(plain)); pp != s.paired.end())
                o[QStringLiteral("paired_vs_%1").arg(QString::fromLatin1(plain))] = pairedJson(pp->second);
        results.append(o);
    }
    QJsonArray sizes;
    for (int n : options.goldSizes)
        sizes.append(n);
    return QJsonObject { { "results", results }, { "queries", queries }, { "test_size", options.testSize },
        { "runs", options.runs }, { "seed", QString::number(options.seed) }, { "gold_sizes", sizes },
        { "gold_skew", options.goldSkew }, { "normalization", normalizationName(options.suite.cate.normalization) },
        { "propensity", propensityModeName(options.suite.cate.propensityMode) },
        { "default_router", routerName(RouterKind::Auto) },
        { "diagnostics", diagnostics } };
}

QString ExperimentResult::markdownTable() const
{
    QString out;
    QString head = QStringLiteral("| gold n | router | EG area (cut-off) | full-ranking area |");
    QString sep = QStringLiteral("|---:|---|---:|---:|");
    for (double s : options.qualityShares) {
        head += QStringLiteral(" quality@%1 | vs pooled | vs gold-only |").arg(s);
        sep += QStringLiteral("---:|---:|---:|");
    }
    out += head + "\n" + sep + "\n";
    auto diff = [](const RouterSummary& s, const char* ref, const QString& metric) {
        auto it = s.paired.find(QString::fromLatin1(ref));
        if (it == s.paired.end())
            return QStringLiteral("–");
        auto jt = it->second.find(metric);
        if (jt == it->second.end())
            return QStringLiteral("–");
        return formatPaired(jt->second, 4);
    };
    for (const auto& s : summaries) {
        QString row = QStringLiteral("| %1 | %2 | %3 | %4 |")
                          .arg(s.goldSize)
                          .arg(s.router, formatMeanSe(s.egArea, 2), formatMeanSe(s.fullArea, 2));
        for (size_t j = 0; j < options.qualityShares.size(); ++j) {
            const QString key = QStringLiteral("quality_at_") + shareKey(options.qualityShares[j]);
            row += QStringLiteral(" %1 | %2 | %3 |")
                       .arg(formatMeanSe(s.qualityAt[j], 4), diff(s, "pooled", key), diff(s, "gold_only", key));
        }
        out += row + "\n";
    }
    // Overlap-restricted Meta-Routers against their plain versions (paired, identical splits).
    QString ov;
    for (const auto& s : summaries)
        for (const char* plain : { "meta_r", "meta_dr" }) {
            if (!s.paired.count(QString::fromLatin1(plain)))
                continue;
            QString row
                = QStringLiteral("| %1 | %2 vs %3 | %4 |")
                      .arg(s.goldSize)
                      .arg(s.router, QString::fromLatin1(plain), diff(s, plain, QStringLiteral("full_ranking_area")));
            for (double q : options.qualityShares)
                row += QStringLiteral(" %1 |").arg(diff(s, plain, QStringLiteral("quality_at_") + shareKey(q)));
            ov += row + "\n";
        }
    if (!ov.isEmpty()) {
        QString head = QStringLiteral("\n| gold n | comparison | full-ranking area |");
        QString sep = QStringLiteral("|---:|---|---:|");
        for (double q : options.qualityShares) {
            head += QStringLiteral(" quality@%1 |").arg(q);
            sep += QStringLiteral("---:|");
        }
        out += head + "\n" + sep + "\n" + ov;
    }
    return out;
}

} // namespace crw
