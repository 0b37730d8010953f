#pragma once
// "Abstain to the primary model when uncertain": the two-model decision rule with an uncertainty margin.
#include "learn/Types.h"

#include <QJsonObject>

namespace crw {

/// The decision for one query. Plain rule: primary iff psi > threshold. With abstention (z > 0) the query also goes
/// to the primary when psi <= threshold but psi + z * se > threshold, i.e. when the alternative is not clearly good
/// enough. z <= 0 or a non-finite se gives the plain rule.
enum class AbstainDecision { Primary, Alternative, AbstainedToPrimary };
AbstainDecision decideWithAbstain(double psi, double se, double threshold, double z);

struct AbstainEvaluation {
    double threshold = 0, z = 0;
    double primaryShare = 0; // share sent to the primary, abstentions included
    double abstainShare = 0; // share sent to the primary only because of the uncertainty margin
    double meanQuality = 0; // mean true quality of the chosen answers (when qualities are given)
    double meanCost = 0; // mean cost of the chosen model (when costs are given; else primary calls)
    QJsonObject toJson() const;
};

/// Applies the rule to every query. qPrimary/qAlternative and costs may be empty (then quality/cost are 0 or the
/// primary-call share). Throws std::invalid_argument on length mismatch.
AbstainEvaluation evaluateAbstain(const Vector& psi, const Vector& se, double threshold, double z,
    const Vector& qPrimary = {}, const Vector& qAlternative = {}, const Vector& costPrimary = {},
    const Vector& costAlternative = {});

/// The threshold that sends `share` of the queries to the primary under the plain rule: the value with that share of
/// psi strictly above it (the midpoint between neighbouring sorted values). share in [0,1]; psi non-empty.
double thresholdForShare(const Vector& psi, double share);

} // namespace crw
