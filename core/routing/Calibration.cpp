#include "routing/Calibration.h"

#include "metrics/OperatingPoint.h"
#include "routing/Router.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace crw {

void shareAndCost(
    const std::vector<int>& chosen, const std::vector<double>& costs, int reference, double* share, double* costPer1000)
{
    double s = 0, c = 0;
    for (int m : chosen) {
        s += m != reference;
        c += costs[size_t(m)];
    }
    const double n = double(std::max<size_t>(1, chosen.size()));
    *share = s / n;
    *costPer1000 = 1000.0 * c / n;
}

QJsonObject CalibrationResult::toJson(const CalibrationTarget& t) const
{
    QJsonObject target { { "kind", t.kind == CalibrationTarget::Share ? "share" : "budget_per_1000" },
        { "value", t.value } };
    return QJsonObject { { "target", target }, { "cost_weight", w }, { "queries", n }, { "share", share },
        { "share_interval", QJsonArray { shareLo, shareHi } }, { "cost_per_1000", costPer1000 },
        { "cost_interval", QJsonArray { costLo, costHi } } };
}

namespace {

std::vector<double> thresholdsFor(double w, const CalibrationSetup& s)
{
    std::vector<double> t;
    const double cr = s.costs[size_t(s.reference)];
    for (int m : s.modelOf)
        t.push_back(w * (s.costs[size_t(m)] - cr));
    return t;
}

void decideAll(const Matrix& psi, const std::vector<double>& t, const CalibrationSetup& s, std::vector<int>* chosen)
{
    Vector margin;
    Router::decideWith(psi, t, s.modelOf, s.costs, s.reference, chosen, &margin);
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const size_t lo = size_t(std::floor(pos)), hi = size_t(std::ceil(pos));
    return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

} // namespace

CalibrationResult calibrateCostWeight(const Matrix& psi, const CalibrationTarget& target, const CalibrationSetup& s)
{
    const Eigen::Index n = psi.rows();
    if (n == 0)
        throw std::invalid_argument("calibration: no queries");
    if (psi.cols() != Eigen::Index(s.modelOf.size()) || psi.cols() < 1)
        throw std::invalid_argument("calibration: psi columns differ from the models");
    if (!psi.allFinite())
        throw std::invalid_argument("calibration: non-finite psi");
    const double cr = s.costs[size_t(s.reference)];
    // Two models: the primary must be costlier. More models: none may be cheaper than the reference (a model as
    // cheap as the reference has threshold 0 at every w, so a share target below its natural share is out of reach).
    bool anyCostlier = false;
    for (int m : s.modelOf) {
        if (psi.cols() == 1 ? !(s.costs[size_t(m)] > cr) : s.costs[size_t(m)] < cr)
            throw std::invalid_argument(psi.cols() == 1
                    ? "calibration: the primary must cost more than the reference"
                    : "calibration: the reference must be the cheapest model of the pool");
        anyCostlier = anyCostlier || s.costs[size_t(m)] > cr;
    }
    if (!anyCostlier)
        throw std::invalid_argument("calibration: every model costs as much as the reference");
    if (target.kind == CalibrationTarget::Share && !(target.value >= 0 && target.value <= 1))
        throw std::invalid_argument("calibration: the target share must lie in [0,1]");
    if (target.kind == CalibrationTarget::BudgetPer1000 && !std::isfinite(target.value))
        throw std::invalid_argument("calibration: the budget must be a finite number");

    CalibrationResult r;
    r.n = int(n);
    if (psi.cols() == 1) {
        const double cp = s.costs[size_t(s.modelOf[0])];
        double share = target.value;
        if (target.kind == CalibrationTarget::BudgetPer1000) {
            const double raw = (target.value / 1000.0 - cr) / (cp - cr);
            share = std::floor(std::clamp(raw, 0.0, 1.0) * double(n) + 1e-9) / double(n);
        }
        const WeightForShare wf = weightForShare(psi.col(0), share, cp, cr);
        r.w = wf.w;
        r.thresholds = { wf.threshold };
    } else {
        // Bisection on w: share and cost are non-increasing in w when the reference is the cheapest model.
        double hi = 0;
        for (Eigen::Index i = 0; i < n; ++i)
            for (size_t q = 0; q < s.modelOf.size(); ++q)
                if (s.costs[size_t(s.modelOf[q])] > cr)
                    hi = std::max(hi, psi(i, Eigen::Index(q)) / (s.costs[size_t(s.modelOf[q])] - cr));
        hi = hi * 1.01 + 1e-9;
        double lo = std::min(0.0, -hi);
        for (Eigen::Index i = 0; i < n; ++i)
            for (size_t q = 0; q < s.modelOf.size(); ++q)
                if (s.costs[size_t(s.modelOf[q])] > cr)
                    lo = std::min(lo, psi(i, Eigen::Index(q)) / (s.costs[size_t(s.modelOf[q])] - cr) * 1.01 - 1e-9);
        std::vector<int> chosen;
        auto value = [&](double w) {
            decideAll(psi, thresholdsFor(w, s), s, &chosen);
            double share = 0, cost = 0;
            shareAndCost(chosen, s.costs, s.reference, &share, &cost);
            return target.kind == CalibrationTarget::Share ? share : cost;
        };
        for (int it = 0; it < 200 && hi - lo > 1e-12 * (1 + std::abs(hi)); ++it) {
            const double mid = 0.5 * (lo + hi);
            (value(mid) <= target.value ? hi : lo) = mid;
        }
        r.w = hi;
        r.thresholds = thresholdsFor(hi, s);
    }
    std::vector<int> chosen;
    decideAll(psi, r.thresholds, s, &chosen);
    shareAndCost(chosen, s.costs, s.reference, &r.share, &r.costPer1000);

    std::mt19937_64 rng(s.seed);
    std::uniform_int_distribution<Eigen::Index> pick(0, n - 1);
    std::vector<double> shares, costs;
    for (int b = 0; b < s.bootstrap; ++b) {
        double sh = 0, c = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const int m = chosen[size_t(pick(rng))];
            sh += m != s.reference;
            c += s.costs[size_t(m)];
        }
        shares.push_back(sh / double(n));
        costs.push_back(1000.0 * c / double(n));
    }
    const double a = (1 - s.level) / 2;
    if (!shares.empty()) {
        r.shareLo = percentile(shares, a);
        r.shareHi = percentile(shares, 1 - a);
        r.costLo = percentile(costs, a);
        r.costHi = percentile(costs, 1 - a);
    } else {
        r.shareLo = r.shareHi = r.share;
        r.costLo = r.costHi = r.costPer1000;
    }
    return r;
}

} // namespace crw
