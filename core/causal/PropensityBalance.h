#pragma once
// The balance test behind the `auto` propensity mode (issue 13 fix 2): can a classifier tell gold rows from
// preference rows? The out-of-fold AUC of the propensity model with a DeLong interval; when the interval lies above
// 0.5 the sources are not a random split of one pool and the propensity is estimated, otherwise the design
// propensity n/(n+m) is used.
#include "learn/Types.h"

#include <QJsonObject>
#include <QString>
#include <cmath>

namespace crw {

/// How the propensity p(s) = Pr(gold | s) is obtained.
///  Estimated: a cross-fitted classifier, clipped relative to the base rate kappa = n/(n+m).
///  Design: the constant kappa, exact when gold rows are a uniform random subset of one query pool.
///  Auto (default): the design propensity unless the balance test below rejects, then the estimated one.
enum class PropensityMode { Estimated, Design, Auto };
QString propensityModeName(PropensityMode m); // "estimated", "design", "auto"
bool parsePropensityMode(const QString& s, PropensityMode* out);

/// AUC of score for separating t = 1 from t = 0 (ties count one half) with DeLong's (1988) standard error and the
/// Wald interval auc +- z*se clipped to [0, 1].
struct AucInterval {
    double auc = std::nan(""), se = std::nan(""), lo = std::nan(""), hi = std::nan("");
    int positives = 0, negatives = 0;
};
/// Non-finite scores are not allowed (callers replace them). Returns NaNs when a class is empty.
AucInterval delongAuc(const Vector& score, const IntVector& t, double z = 1.959963984540054);

/// Which propensity a fit asked for, which one it used, and the balance test that decided.
struct PropensityChoice {
    PropensityMode requested = PropensityMode::Auto;
    PropensityMode used = PropensityMode::Design;
    bool tested = false; // the out-of-fold propensity model was fitted and its AUC computed
    bool rejected = false; // balance rejected: the AUC interval lies above 0.5
    AucInterval auc;
    QString reason; // one sentence a user can check
    QJsonObject toJson() const;
};

/// The balance decision from out-of-fold propensity scores pRaw (finite) of the pooled rows.
///  Auto: estimated when the DeLong 95% interval of the AUC lies entirely above 0.5, else design. The test is
///  one-sided: an imbalance a classifier can detect raises the AUC; an out-of-fold AUC below 0.5 is the known
///  downward bias of cross-validated AUC when there is nothing to detect, not evidence against a random split.
///  Estimated: always estimated (the AUC is still reported). Design: use chooseDesignUntested().
PropensityChoice choosePropensity(PropensityMode requested, const Vector& pRaw, const IntVector& t);
/// Design requested: no propensity model is fitted, nothing is tested.
PropensityChoice chooseDesignUntested();

} // namespace crw
