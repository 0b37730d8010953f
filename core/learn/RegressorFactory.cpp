// makeRegressor / makeRegressorFromJson: the one place that maps a LearnerKind to its class.
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/LogisticRegressor.h"
#include "learn/RidgeRegressor.h"
#include "learn/XgbRegressor.h"

#include <stdexcept>

namespace crw {

std::unique_ptr<Regressor> makeRegressor(const LearnerSpec& spec)
{
    switch (spec.kind) {
    case LearnerKind::Ridge:
        return std::make_unique<RidgeRegressor>(spec);
    case LearnerKind::Logistic:
        return std::make_unique<LogisticRegressor>(spec);
    case LearnerKind::XgbGbm:
    case LearnerKind::XgbRf:
    case LearnerKind::XgbGbmClassifier:
    case LearnerKind::XgbRfClassifier:
        return std::make_unique<XgbRegressor>(spec);
    }
    throw std::invalid_argument("makeRegressor: unknown learner kind");
}

std::unique_ptr<Regressor> makeRegressorFromJson(const QJsonObject& json)
{
    const LearnerSpec spec = learnerSpecFromJson(requireKey(json, "spec").toObject());
    switch (spec.kind) {
    case LearnerKind::Ridge:
        return RidgeRegressor::fromJson(json);
    case LearnerKind::Logistic:
        return LogisticRegressor::fromJson(json);
    case LearnerKind::XgbGbm:
    case LearnerKind::XgbRf:
    case LearnerKind::XgbGbmClassifier:
    case LearnerKind::XgbRfClassifier:
        return XgbRegressor::fromJson(json);
    }
    throw std::runtime_error("makeRegressorFromJson: unknown learner kind");
}

} // namespace crw
