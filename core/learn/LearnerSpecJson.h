#pragma once
// Names and JSON form of LearnerKind / LearnerSpec.
#include "learn/Regressor.h"

#include <QJsonObject>
#include <QString>

namespace crw {

/// Stable lower-case name: ridge, logistic, xgb, xgb-rf, xgb-clf, xgb-rf-clf.
QString learnerKindName(LearnerKind kind);
/// Inverse of learnerKindName; throws std::runtime_error on an unknown name.
LearnerKind learnerKindFromName(const QString& name);
/// True for kinds that predict probabilities of a 0/1 target.
bool isClassifierKind(LearnerKind kind);

/// Every field of the spec (seed as a decimal string).
QJsonObject learnerSpecToJson(const LearnerSpec& spec);
/// Reads learnerSpecToJson output; missing fields keep their defaults, "kind" is required.
LearnerSpec learnerSpecFromJson(const QJsonObject& json);

} // namespace crw
