#include "pipeline/TrainingConfig.h"
#include "util/SeedStream.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace crw {

QString nuisanceFamilyName(NuisanceFamily f)
{
    switch (f) {
    case NuisanceFamily::Xgb:
        return QStringLiteral("xgb");
    case NuisanceFamily::Rf:
        return QStringLiteral("rf");
    case NuisanceFamily::Linear:
        return QStringLiteral("linear");
    }
    return {};
}

bool parseNuisanceFamily(const QString& s, NuisanceFamily* out)
{
    for (auto f : { NuisanceFamily::Xgb, NuisanceFamily::Rf, NuisanceFamily::Linear })
        if (nuisanceFamilyName(f) == s) {
            *out = f;
            return true;
        }
    return false;
}

std::vector<RouterKind> TrainingConfig::defaultRouters()
{
    return { RouterKind::Auto, RouterKind::MetaR, RouterKind::MetaDR, RouterKind::GoldOnly, RouterKind::PrefOnly,
        RouterKind::Pooled, RouterKind::MeanShift, RouterKind::AllGold, RouterKind::Random };
}

int TrainingConfig::defaultTestSize(qint64 goldQueries)
{
    return int(std::min<qint64>(500, std::max<qint64>(0, goldQueries) / 5));
}

int TrainingConfig::resolvedTestSize(qint64 goldQueries) const
{
    return testSize == kAutoTestSize ? defaultTestSize(goldQueries) : testSize;
}

FeatureOptions TrainingConfig::featureOptions() const
{
    FeatureOptions f = features;
    f.seed = deriveSeed(seed, SeedPurpose::Features);
    return f;
}

QStringList TrainingConfig::validate() const
{
    QStringList e;
    if (primary.isEmpty() || alternative.isEmpty())
        e << QStringLiteral("choose a primary and an alternative model");
    else if (primary == alternative)
        e << QStringLiteral("the primary and the alternative model must differ");
    if (routers.empty())
        e << QStringLiteral("choose at least one router");
    if (folds < kMinFolds || folds > kMaxFolds)
        e << QStringLiteral("folds must be an integer in [%1, %2]").arg(kMinFolds).arg(kMaxFolds);
    if (!(clipFactor > 1.0))
        e << QStringLiteral("the clip factor must be a number > 1");
    if (threads < 1 || threads > kMaxThreads)
        e << QStringLiteral("threads must be an integer in [1, %1]").arg(kMaxThreads);
    if (features.source != QLatin1String("auto") && features.source != QLatin1String("text")
        && features.source != QLatin1String("embedding"))
        e << QStringLiteral("features must be auto, text or embedding");
    if (features.dim < 0 || features.dim > kMaxDim)
        e << QStringLiteral("feature dimensions must be an integer in [0, %1]").arg(kMaxDim);
    if (bootstrap < 0 || bootstrap == 1 || bootstrap > kMaxBootstrap)
        e << QStringLiteral("bootstrap replicates must be 0 (none) or an integer in [2, %1]").arg(kMaxBootstrap);
    if (!(overlapMinRatio > 0.0 && overlapMinRatio <= 1.0))
        e << QStringLiteral("the overlap minimum density ratio must be a number in (0, 1]");
    if (goldSize < 0)
        e << QStringLiteral("the gold size must be a non-negative integer (0 = all)");
    if (testSize < 0 && testSize != kAutoTestSize)
        e << QStringLiteral("the test size must be a non-negative integer or auto");
    return e;
}

QJsonObject TrainingConfig::toJson() const
{
    QJsonArray rs;
    for (auto k : routers)
        rs.append(routerName(k));
    return QJsonObject { { "primary", primary }, { "alternative", alternative }, { "routers", rs },
        { "nuisance", nuisanceFamilyName(nuisance) }, { "folds", folds },
        { "normalization", normalizationName(normalization) }, { "propensity", propensityModeName(propensity) },
        { "clip_factor", clipFactor }, { "overlap_weights", overlapWeights }, { "seed", QString::number(seed) },
        { "gold_size", goldSize }, { "test_size", testSize }, { "features", featureOptions().toJson() },
        { "bootstrap", bootstrap }, { "overlap_min_ratio", overlapMinRatio } };
}

SuiteOptions suiteOptionsFor(const TrainingConfig& c)
{
    SuiteOptions s;
    s.routers = c.routers;
    s.seed = deriveSeed(c.seed, SeedPurpose::Suite);
    s.finalSpec = defaultFinalSpec(c.threads);
    s.cate.outcome = defaultOutcomeSpec(c.threads);
    switch (c.nuisance) {
    case NuisanceFamily::Xgb:
        break;
    case NuisanceFamily::Rf:
        s.cate.outcome.kind = LearnerKind::XgbRf;
        s.cate.outcome.rounds = 100;
        s.cate.outcome.maxDepth = 8;
        s.cate.outcome.subsample = 0.632;
        s.cate.outcome.colsample = 0.5;
        break;
    case NuisanceFamily::Linear:
        s.cate.outcome = LearnerSpec { LearnerKind::Ridge, 1.0 };
        break;
    }
    s.cate.outcome.nthread = c.threads;
    s.cate.stage2.nthread = c.threads;
    s.cate.propensity.nthread = c.threads;
    s.cate.folds = c.folds;
    s.cate.normalization = c.normalization;
    s.cate.propensityMode = c.propensity;
    s.cate.clipFactor = c.clipFactor;
    s.cate.overlapWeights = c.overlapWeights;
    s.bootstrap = c.bootstrap;
    s.overlapMinRatio = c.overlapMinRatio;
    return s;
}

} // namespace crw
