#include "routing/Router.h"

#include "learn/ReplicateSpread.h"
#include "routing/AbstainRule.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crw {

namespace {
[[noreturn]] void bad(const QString& message)
{
    throw RouterFormatError(("router file: " + message).toStdString());
}
}

Router::Router(RouterSpec spec)
    : m_spec(std::move(spec))
{
    validateRouterSpec(m_spec);
    try {
        m_featurizer = makeFeaturizerFromJson(m_spec.featurizer);
    } catch (const std::exception& e) {
        bad(QStringLiteral("\"featurizer\": %1").arg(QString::fromUtf8(e.what())));
    }
    const QString family = m_spec.featurizer.value("family").toString();
    const bool lengthFeatures = m_spec.featurizer.value("extras").toObject().value("length_features").toBool();
    if (family == QLatin1String("tfidf-svd")) {
        m_needsText = true;
    } else {
        m_embeddingDim = Eigen::Index(m_spec.featurizer.value("input_dim").toDouble());
        m_needsText = lengthFeatures;
        if (m_embeddingDim <= 0)
            bad("\"featurizer\": embedding featurizer without input_dim");
    }
    for (const auto& m : m_spec.models)
        m_costs.push_back(m.cost);
    m_reference = m_spec.modelIndex(m_spec.reference);
    for (size_t q = 0; q < m_spec.quality.size(); ++q) {
        const QualityModel& qm = m_spec.quality[q];
        m_modelOf.push_back(m_spec.modelIndex(qm.model));
        try {
            m_psi.push_back(makeRegressorFromJson(qm.psi));
        } catch (const std::exception& e) {
            bad(QStringLiteral("quality model of \"%1\": %2").arg(qm.model, QString::fromUtf8(e.what())));
        }
        std::unique_ptr<Regressor> b;
        if (!qm.bias.isEmpty()) {
            try {
                b = makeRegressorFromJson(qm.bias);
            } catch (const std::exception& e) {
                bad(QStringLiteral("bias model of \"%1\": %2").arg(qm.model, QString::fromUtf8(e.what())));
            }
        }
        m_bias.push_back(std::move(b));
        std::vector<std::unique_ptr<Regressor>> reps;
        for (size_t r = 0; r < qm.bootstrap.size(); ++r) {
            try {
                reps.push_back(makeRegressorFromJson(qm.bootstrap[r]));
                reps.back()->predict(Matrix::Zero(1, m_featurizer->dim()));
            } catch (const std::exception& e) {
                bad(QStringLiteral("bootstrap replicate %1 of \"%2\": %3")
                        .arg(r)
                        .arg(qm.model, QString::fromUtf8(e.what())));
            }
        }
        m_boot.push_back(std::move(reps));
    }
    // Every model must accept the featurizer's width: catch a mismatched file now, not on the first query.
    const Matrix probe = Matrix::Zero(1, m_featurizer->dim());
    for (size_t q = 0; q < m_psi.size(); ++q) {
        try {
            m_psi[q]->predict(probe);
            if (m_bias[q])
                m_bias[q]->predict(probe);
        } catch (const std::exception& e) {
            bad(QStringLiteral("quality model of \"%1\" does not fit the featurizer (%2 features): %3")
                    .arg(m_spec.quality[q].model)
                    .arg(m_featurizer->dim())
                    .arg(QString::fromUtf8(e.what())));
        }
    }
    if (m_spec.explain.dim > 0 && m_spec.explain.dim != m_featurizer->dim())
        bad("\"explain\": feature width differs from the featurizer's");
}

Matrix Router::features(const QueryBatch& batch) const
{
    return m_featurizer->transform(batch);
}

Matrix Router::psi(const Matrix& X) const
{
    Matrix out(X.rows(), Eigen::Index(m_psi.size()));
    for (size_t q = 0; q < m_psi.size(); ++q)
        out.col(Eigen::Index(q)) = m_psi[q]->predict(X);
    return out;
}

Matrix Router::bias(const Matrix& X) const
{
    Matrix out = Matrix::Constant(X.rows(), Eigen::Index(m_bias.size()), std::numeric_limits<double>::quiet_NaN());
    for (size_t q = 0; q < m_bias.size(); ++q)
        if (m_bias[q])
            out.col(Eigen::Index(q)) = m_bias[q]->predict(X);
    return out;
}

bool Router::hasUncertainty() const
{
    if (m_boot.empty())
        return false;
    for (const auto& reps : m_boot)
        if (reps.size() < 2)
            return false;
    return true;
}

Matrix Router::psiSe(const Matrix& X) const
{
    Matrix out = Matrix::Constant(X.rows(), Eigen::Index(m_boot.size()), std::numeric_limits<double>::quiet_NaN());
    for (size_t q = 0; q < m_boot.size(); ++q) {
        if (m_boot[q].size() >= 2)
            out.col(Eigen::Index(q)) = predictionSd(m_boot[q], X);
    }
    return out;
}

void Router::applyAbstain(RouteDecisions& d, double z) const
{
    if (m_spec.quality.size() != 1)
        throw RouterFormatError("the abstain rule needs a two-model router (primary and reference)");
    if (!hasUncertainty())
        throw RouterFormatError("this router file has no bootstrap replicates: export it from a run trained with "
                                "--bootstrap N to use the abstain rule");
    const Eigen::Index n = d.psi.rows();
    if (d.se.rows() != n)
        throw RouterFormatError("applyAbstain: se not computed");
    d.abstained.assign(size_t(n), false);
    const double th = m_spec.thresholds[0];
    for (Eigen::Index i = 0; i < n; ++i) {
        if (d.chosen[size_t(i)] != m_reference)
            continue;
        if (decideWithAbstain(d.psi(i, 0), d.se(i, 0), th, z) == AbstainDecision::AbstainedToPrimary) {
            d.chosen[size_t(i)] = m_modelOf[0];
            d.abstained[size_t(i)] = true;
            d.margin[i] = 0;
        }
    }
}

void Router::decideWith(const Matrix& psi, const std::vector<double>& thresholds, const std::vector<int>& modelOf,
    const std::vector<double>& costs, int reference, std::vector<int>* chosen, Vector* margin)
{
    const Eigen::Index n = psi.rows();
    chosen->assign(size_t(n), reference);
    margin->resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        // The reference scores exactly 0; a model must beat the best so far strictly, or tie it and be cheaper.
        int best = reference;
        double bestScore = 0.0, second = -std::numeric_limits<double>::infinity();
        for (size_t q = 0; q < thresholds.size(); ++q) {
            const double s = psi(i, Eigen::Index(q)) - thresholds[q];
            const int m = modelOf[q];
            if (s > bestScore || (s == bestScore && best != reference && costs[size_t(m)] < costs[size_t(best)])) {
                second = bestScore;
                bestScore = s;
                best = m;
            } else if (s > second) {
                second = s;
            }
        }
        (*chosen)[size_t(i)] = best;
        (*margin)[i] = thresholds.empty() ? 0.0 : bestScore - second;
    }
}

RouteDecisions Router::decide(const Matrix& psi) const
{
    RouteDecisions d;
    d.psi = psi;
    decideWith(psi, m_spec.thresholds, m_modelOf, m_costs, m_reference, &d.chosen, &d.margin);
    return d;
}

RouteDecisions Router::route(const QueryBatch& batch, bool explain) const
{
    const Matrix X = features(batch);
    RouteDecisions d = decide(psi(X));
    if (explain)
        d.bias = bias(X);
    return d;
}

std::vector<Neighbour> Router::nearest(const double* row, int k) const
{
    const auto& e = m_spec.explain;
    std::vector<Neighbour> all;
    for (qsizetype i = 0; i < e.ids.size(); ++i) {
        const double* r = e.features.data() + size_t(i) * size_t(e.dim);
        double d2 = 0;
        for (int j = 0; j < e.dim; ++j)
            d2 += (r[j] - row[j]) * (r[j] - row[j]);
        all.push_back({ int(i), std::sqrt(d2) });
    }
    const size_t keep = std::min(all.size(), size_t(std::max(k, 0)));
    std::partial_sort(all.begin(), all.begin() + long(keep), all.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
    });
    all.resize(keep);
    return all;
}

} // namespace crw
