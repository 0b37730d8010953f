// LearnerSpec::describe and the spec's names / JSON form.
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"

#include <algorithm>
#include <stdexcept>

namespace crw {

namespace {
struct KindName {
    LearnerKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    { LearnerKind::Ridge, "ridge" },
    { LearnerKind::Logistic, "logistic" },
    { LearnerKind::XgbGbm, "xgb" },
    { LearnerKind::XgbRf, "xgb-rf" },
    { LearnerKind::XgbGbmClassifier, "xgb-clf" },
    { LearnerKind::XgbRfClassifier, "xgb-rf-clf" },
};

QString num(double v)
{
    return QString::number(v, 'g', 10);
}
} // namespace

QString learnerKindName(LearnerKind kind)
{
    for (const auto& k : kKindNames)
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    throw std::runtime_error("unknown learner kind");
}

LearnerKind learnerKindFromName(const QString& name)
{
    for (const auto& k : kKindNames)
        if (name == QLatin1String(k.name))
            return k.kind;
    throw std::runtime_error(("unknown learner kind '" + name + "'").toStdString());
}

bool isClassifierKind(LearnerKind kind)
{
    return kind == LearnerKind::Logistic || kind == LearnerKind::XgbGbmClassifier
        || kind == LearnerKind::XgbRfClassifier;
}

QString LearnerSpec::describe() const
{
    const QString name = learnerKindName(kind);
    switch (kind) {
    case LearnerKind::Ridge:
    case LearnerKind::Logistic:
        return cvFolds > 1 ? QString("%1(l2=%2 chosen by %3-fold cv)").arg(name, num(l2)).arg(cvFolds)
                           : QString("%1(l2=%2)").arg(name, num(l2));
    case LearnerKind::XgbGbm:
    case LearnerKind::XgbGbmClassifier: {
        QString s = QString("%1(rounds=%2,depth=%3,eta=%4,subsample=%5,colsample=%6,l2=%7,min_child=%8")
                        .arg(name)
                        .arg(rounds)
                        .arg(maxDepth)
                        .arg(num(eta), num(subsample), num(colsample), num(l2), num(minChildWeight));
        if (maxBin != 256)
            s += QString(",max_bin=%1").arg(maxBin);
        if (earlyStoppingRounds > 0)
            s += QString(",early_stop=%1").arg(earlyStoppingRounds);
        return s + ")";
    }
    case LearnerKind::XgbRf:
    case LearnerKind::XgbRfClassifier:
        // l2 is not used in forest mode; the depth shown is the capped one actually used.
        return QString("%1(trees=%2,depth=%3,subsample=%4,colsample=%5,min_child=%6)")
            .arg(name)
            .arg(rounds)
            .arg(std::clamp(maxDepth, 1, 12))
            .arg(num(subsample), num(colsample), num(minChildWeight));
    }
    return name;
}

QJsonObject learnerSpecToJson(const LearnerSpec& spec)
{
    QJsonObject o;
    o["kind"] = learnerKindName(spec.kind);
    o["l2"] = spec.l2;
    o["rounds"] = spec.rounds;
    o["max_depth"] = spec.maxDepth;
    o["eta"] = spec.eta;
    o["subsample"] = spec.subsample;
    o["colsample"] = spec.colsample;
    o["min_child_weight"] = spec.minChildWeight;
    o["max_bin"] = spec.maxBin;
    o["early_stopping_rounds"] = spec.earlyStoppingRounds;
    o["cv_folds"] = spec.cvFolds;
    o["nthread"] = spec.nthread;
    o["seed"] = u64ToJson(spec.seed);
    return o;
}

LearnerSpec learnerSpecFromJson(const QJsonObject& json)
{
    LearnerSpec s;
    s.kind = learnerKindFromName(requireKey(json, "kind").toString());
    s.l2 = json.value("l2").toDouble(s.l2);
    s.rounds = json.value("rounds").toInt(s.rounds);
    s.maxDepth = json.value("max_depth").toInt(s.maxDepth);
    s.eta = json.value("eta").toDouble(s.eta);
    s.subsample = json.value("subsample").toDouble(s.subsample);
    s.colsample = json.value("colsample").toDouble(s.colsample);
    s.minChildWeight = json.value("min_child_weight").toDouble(s.minChildWeight);
    s.maxBin = json.value("max_bin").toInt(s.maxBin);
    s.earlyStoppingRounds = json.value("early_stopping_rounds").toInt(s.earlyStoppingRounds);
    s.cvFolds = json.value("cv_folds").toInt(s.cvFolds);
    s.nthread = json.value("nthread").toInt(s.nthread);
    if (json.contains("seed"))
        s.seed = u64FromJson(json.value("seed"));
    return s;
}

} // namespace crw
