#include "pipeline/AcquisitionExperiment.h"

#include "util/SeedStream.h"

#include "causal/CrossFitting.h"
#include "metrics/EfficiencyGain.h"
#include "metrics/EgSummary.h"
#include "metrics/ResultFormat.h"
#include "metrics/RoutingQuality.h"
#include "routing/AbstainRule.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crw {

namespace {

struct ArmRun {
    double area = 0, fullArea = 0, deltaRmse = std::nan(""), meanP = std::nan("");
    std::vector<double> quality;
};

ArmRun evaluate(const SuiteResult& suite, RouterKind k, const Matrix& Xt, const Vector& rt, const Vector& qp,
    const Vector& qa, const std::vector<double>& shares)
{
    const Vector psi = suite.predict(k, Xt);
    ArmRun a;
    a.area = summarizeEg(efficiencyGainCurve(psi, rt)).area;
    a.fullArea = summarizeEg(fullRankingCurve(psi, rt)).area;
    for (double s : shares)
        a.quality.push_back(routingQualityAt(psi, qp, qa, s).meanQuality);
    return a;
}

} // namespace

AcquisitionResult runAcquisitionExperiment(
    const ExperimentData& data, const AcquisitionOptions& opt, Progress& progress)
{
    const int N = int(data.X.rows());
    if (opt.startGold < 10 || opt.budget < 1 || opt.runs < 1)
        throw std::invalid_argument(
            "acquisition: need a starting gold set of at least 10, a budget >= 1 and runs >= 1");
    if (N < opt.testSize + opt.startGold + opt.budget + 50)
        throw std::invalid_argument(QStringLiteral("acquisition needs at least test size + start gold + budget + 50 "
                                                   "queries (%1); the project has %2")
                                        .arg(opt.testSize + opt.startGold + opt.budget + 50)
                                        .arg(N)
                                        .toStdString());
    const RouterKind main = mainRouterOf(opt.suite.routers);
    if (!isMetaRouter(main))
        throw std::invalid_argument("acquisition: the router to retrain must be a Meta-Router (r, dr, t or overlap)");
    AcquisitionResult res;
    res.options = opt;
    res.router = routerName(main);
    res.queries = N;
    const bool haveTruth = data.trueDelta.size() == N;
    std::map<QString, std::vector<ArmRun>> per;
    const int steps = opt.runs * (1 + int(opt.strategies.size()));
    int done = 0;

    for (int run = 0; run < opt.runs; ++run) {
        const uint64_t runSeed = deriveSeed(opt.seed, SeedPurpose::ExperimentRun, uint64_t(run));
        const auto [test, gold, pref]
            = protocolSplit(data, opt.testSize, opt.startGold, opt.goldSkew, opt.maxPref, runSeed);

        const Matrix Xt = selectRows(data.X, test);
        const Vector rt = selectRows(data.r, test), qp = selectRows(data.qPrimary, test),
                     qa = selectRows(data.qAlternative, test);
        SuiteOptions so = opt.suite;
        so.routers = { main };
        so.seed = deriveSeed(runSeed, SeedPurpose::ExperimentCell, uint64_t(opt.startGold));

        auto train = [&](const std::vector<int>& g, const std::vector<int>& p, int bootstrap, Progress& pr) {
            std::vector<int> pooled = g;
            pooled.insert(pooled.end(), p.begin(), p.end());
            SplitData split { selectRows(data.X, pooled), selectRows(data.r, g), selectRows(data.y, p), Vector(),
                IntVector() };
            SuiteOptions s = so;
            s.bootstrap = bootstrap;
            return trainRouterSuite(split, s, pr);
        };
        auto rmseOn = [&](const SuiteResult& suite, const std::vector<int>& p) {
            if (!haveTruth || !suite.cates.count(main))
                return std::nan("");
            const Vector dh = suite.cates.at(main).deltaOof.tail(Eigen::Index(p.size()));
            const Vector dt = selectRows(data.trueDelta, p);
            return std::sqrt((dh - dt).squaredNorm() / double(dt.size()));
        };

        // Start: the small gold set, with the bootstrap the uncertainty strategy needs.
        progress.check();
        Progress p0 = progress.sub(double(done) / steps, double(done + 1) / steps);
        p0.report(0.0, QStringLiteral("run %1/%2: start (%3 gold rows)").arg(run + 1).arg(opt.runs).arg(opt.startGold));
        const SuiteResult start = train(gold, pref, opt.bootstrap, p0);
        ++done;
        ArmRun s0 = evaluate(start, main, Xt, rt, qp, qa, opt.qualityShares);
        s0.deltaRmse = rmseOn(start, pref);
        per["start"].push_back(s0);

        const Matrix Xp = selectRows(data.X, pref);
        AcquisitionInputs in;
        in.psi = start.predict(main, Xp);
        if (const PsiBootstrap* b = start.bootstrapOf(main))
            in.psiSe = b->se(Xp);
        in.propensity = start.nuisances->pRaw.tail(Eigen::Index(pref.size()));
        in.baseRate = start.nuisances->baseRate;
        in.threshold = thresholdForShare(in.psi, opt.primaryShare);

        for (AcquisitionStrategy strat : opt.strategies) {
            progress.check();
            Progress ps = progress.sub(double(done) / steps, double(done + 1) / steps);
            ps.report(
                0.0, QStringLiteral("run %1/%2: %3").arg(run + 1).arg(opt.runs).arg(acquisitionStrategyName(strat)));
            const auto picked = rankGoldCandidates(strat, in, opt.budget, deriveSeed(runSeed, SeedPurpose::AcquisitionStep, uint64_t(strat)));
            std::vector<bool> chosen(pref.size(), false);
            std::vector<int> g2 = gold;
            double pSum = 0;
            for (const auto& c : picked) {
                chosen[size_t(c.index)] = true;
                g2.push_back(pref[size_t(c.index)]);
                pSum += in.propensity[c.index];
            }
            std::vector<int> p2;
            for (size_t j = 0; j < pref.size(); ++j)
                if (!chosen[j])
                    p2.push_back(pref[j]);
            const SuiteResult after = train(g2, p2, 0, ps);
            ArmRun a = evaluate(after, main, Xt, rt, qp, qa, opt.qualityShares);
            a.deltaRmse = rmseOn(after, p2);
            a.meanP = picked.empty() ? std::nan("") : pSum / double(picked.size());
            per[acquisitionStrategyName(strat)].push_back(a);
            ++done;
        }
    }

    auto col = [](const std::vector<ArmRun>& v, auto f) {
        std::vector<double> out;
        for (const auto& a : v)
            out.push_back(f(a));
        return out;
    };
    std::vector<QString> order { QStringLiteral("start") };
    for (auto s : opt.strategies)
        order.push_back(acquisitionStrategyName(s));
    const auto randIt = per.find(QStringLiteral("random"));
    for (const QString& arm : order) {
        const auto& runs = per[arm];
        AcquisitionSummary s;
        s.arm = arm;
        s.egArea = meanSe(col(runs, [](const ArmRun& a) { return a.area; }));
        s.fullArea = meanSe(col(runs, [](const ArmRun& a) { return a.fullArea; }));
        s.deltaRmse = meanSe(col(runs, [](const ArmRun& a) { return a.deltaRmse; }));
        s.meanPropensityChosen = meanSe(col(runs, [](const ArmRun& a) { return a.meanP; }));
        for (size_t j = 0; j < opt.qualityShares.size(); ++j)
            s.qualityAt.push_back(meanSe(col(runs, [j](const ArmRun& a) { return a.quality[j]; })));
        if (randIt != per.end() && arm != QLatin1String("random")) {
            const auto& rr = randIt->second;
            s.vsRandom["eg_area"] = pairedDifference(
                col(runs, [](const ArmRun& a) { return a.area; }), col(rr, [](const ArmRun& a) { return a.area; }));
            s.vsRandom["full_ranking_area"] = pairedDifference(col(runs, [](const ArmRun& a) { return a.fullArea; }),
                col(rr, [](const ArmRun& a) { return a.fullArea; }));
            for (size_t j = 0; j < opt.qualityShares.size(); ++j)
                s.vsRandom["quality_at_" + shareKey(opt.qualityShares[j])]
                    = pairedDifference(col(runs, [j](const ArmRun& a) { return a.quality[j]; }),
                        col(rr, [j](const ArmRun& a) { return a.quality[j]; }));
        }
        res.arms.push_back(std::move(s));
    }
    progress.report(1.0);
    return res;
}

QJsonObject AcquisitionResult::toJson() const
{
    QJsonArray arr;
    for (const auto& s : arms) {
        QJsonObject o { { "arm", s.arm }, { "eg_area", jsonNumber(s.egArea.mean) },
            { "eg_area_se", jsonNumber(s.egArea.se) }, { "full_ranking_area", jsonNumber(s.fullArea.mean) },
            { "full_ranking_area_se", jsonNumber(s.fullArea.se) }, { "runs", s.egArea.n } };
        if (s.deltaRmse.n > 0) {
            o["delta_rmse"] = jsonNumber(s.deltaRmse.mean);
            o["delta_rmse_se"] = jsonNumber(s.deltaRmse.se);
        }
        if (s.meanPropensityChosen.n > 0)
            o["mean_propensity_chosen"] = jsonNumber(s.meanPropensityChosen.mean);
        QJsonObject q, qse;
        for (size_t j = 0; j < s.qualityAt.size(); ++j) {
            q[shareKey(options.qualityShares[j])] = jsonNumber(s.qualityAt[j].mean);
            qse[shareKey(options.qualityShares[j])] = jsonNumber(s.qualityAt[j].se);
        }
        o["quality_at"] = q;
        o["quality_at_se"] = qse;
        QJsonObject pr;
        for (const auto& [metric, d] : s.vsRandom)
            pr[metric] = QJsonObject { { "mean_diff", jsonNumber(d.meanDiff) }, { "se", jsonNumber(d.se) },
                { "t", jsonNumber(d.t) }, { "n", d.n } };
        if (!pr.isEmpty())
            o["paired_vs_random"] = pr;
        arr.append(o);
    }
    return QJsonObject { { "router", router }, { "start_gold", options.startGold }, { "budget", options.budget },
        { "runs", options.runs }, { "test_size", options.testSize }, { "seed", QString::number(options.seed) },
        { "gold_skew", options.goldSkew }, { "bootstrap", options.bootstrap },
        { "primary_share", options.primaryShare }, { "queries", queries }, { "arms", arr } };
}

QString AcquisitionResult::markdownTable() const
{
    auto diff = [](const AcquisitionSummary& s, const QString& metric, int prec) {
        auto it = s.vsRandom.find(metric);
        if (it == s.vsRandom.end())
            return QStringLiteral("–");
        return formatPaired(it->second, prec);
    };
    QString head = QStringLiteral("| arm | EG area (cut-off) | full-ranking area | vs random |");
    QString sep = QStringLiteral("|---|---:|---:|---:|");
    for (double q : options.qualityShares) {
        head += QStringLiteral(" quality@%1 | vs random |").arg(q);
        sep += QStringLiteral("---:|---:|");
    }
    head += QStringLiteral(" Δ̂ RMSE |");
    sep += QStringLiteral("---:|");
    QString out = head + "\n" + sep + "\n";
    for (const auto& s : arms) {
        QString row
            = QStringLiteral("| %1 | %2 | %3 | %4 |")
                  .arg(s.arm == QLatin1String("start") ? QStringLiteral("start (%1 gold)").arg(options.startGold)
                                                       : QStringLiteral("+%1 %2").arg(options.budget).arg(s.arm))
                  .arg(formatMeanSe(s.egArea, 2), formatMeanSe(s.fullArea, 2),
                      diff(s, QStringLiteral("full_ranking_area"), 2));
        for (size_t j = 0; j < options.qualityShares.size(); ++j)
            row += QStringLiteral(" %1 | %2 |")
                       .arg(formatMeanSe(s.qualityAt[j], 4),
                           diff(s, QStringLiteral("quality_at_") + shareKey(options.qualityShares[j]), 4));
        row += QStringLiteral(" %1 |").arg(s.deltaRmse.n ? formatMeanSe(s.deltaRmse, 3) : QStringLiteral("–"));
        out += row + "\n";
    }
    return out;
}

} // namespace crw
