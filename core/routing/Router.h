#pragma once
// A loaded router: featurizer + one psi model per non-reference model + the decision rule. Pure core code, the same
// functions the workbench uses, so decisions are reproducible bit for bit.
#include "features/Featurizer.h"
#include "learn/Regressor.h"
#include "routing/RouterSpec.h"

#include <memory>
#include <vector>

namespace crw {

/// Decisions for a batch of queries.
struct RouteDecisions {
    Matrix psi; // N x Q: psi_k(q) of each non-reference model, in RouterSpec::quality order
    std::vector<int> chosen; // index into RouterSpec::models
    Vector margin; // score of the chosen model minus the runner-up's (>= 0)
    Matrix bias; // N x Q estimated preference bias Delta_hat (only when asked for; NaN without a model)
    Matrix se; // N x Q bootstrap se of psi (only when asked for; NaN without uncertainty)
    std::vector<bool> abstained; // with applyAbstain: sent to the primary only because of the uncertainty margin
};

/// One neighbour of a query among the stored training sample.
struct Neighbour {
    int index = -1; // row of RouterSpec::explain
    double distance = 0; // Euclidean distance in feature space
};

class Router {
public:
    /// Restores the featurizer and every model. Throws RouterFormatError when a part is malformed.
    explicit Router(RouterSpec spec);

    const RouterSpec& spec() const { return m_spec; }
    /// Whether queries must carry text (TF-IDF featurizer, or length features) / an embedding of embeddingDim().
    bool needsText() const { return m_needsText; }
    bool needsEmbedding() const { return m_embeddingDim > 0; }
    Eigen::Index embeddingDim() const { return m_embeddingDim; }

    /// Feature rows of the queries (the fitted featurizer, row-independent).
    Matrix features(const QueryBatch& batch) const;
    /// psi of every non-reference model on feature rows X (N x Q).
    Matrix psi(const Matrix& X) const;
    /// The decision rule on given psi rows: argmax_k psi_k - threshold_k with psi_ref = 0. Ties go to the reference,
    /// then to the cheaper model, then to the earlier one in the pool.
    RouteDecisions decide(const Matrix& psi) const;
    /// Same rule with other thresholds (calibration sweeps).
    static void decideWith(const Matrix& psi, const std::vector<double>& thresholds, const std::vector<int>& modelOf,
        const std::vector<double>& costs, int reference, std::vector<int>* chosen, Vector* margin);
    /// Features, psi and decisions in one call; explain also fills bias.
    RouteDecisions route(const QueryBatch& batch, bool explain = false) const;
    /// Delta_hat of each non-reference model's bias model on X (NaN columns where the run stored none).
    Matrix bias(const Matrix& X) const;
    /// Whether every quality entry carries bootstrap replicates (intervals and the abstain rule are available).
    bool hasUncertainty() const;
    /// Bootstrap se of psi per query and quality entry (NaN columns without replicates).
    Matrix psiSe(const Matrix& X) const;
    /// "Abstain to the primary when uncertain" on decisions of a two-model router (fills d.abstained): a query routed
    /// to the reference goes to the primary when psi + z * se > threshold (routing/AbstainRule.h). d.se must be
    /// filled. Throws RouterFormatError for a pool of more than two models or a router without uncertainty.
    void applyAbstain(RouteDecisions& d, double z) const;
    /// The k nearest stored training queries to one feature row (empty when the file has no explain sample).
    std::vector<Neighbour> nearest(const double* row, int k) const;

    /// Model index (into spec().models) of quality entry q.
    int modelOfQuality(int q) const { return m_modelOf[size_t(q)]; }
    int referenceIndex() const { return m_reference; }

private:
    RouterSpec m_spec;
    std::unique_ptr<Featurizer> m_featurizer;
    std::vector<std::unique_ptr<Regressor>> m_psi, m_bias;
    std::vector<std::vector<std::unique_ptr<Regressor>>> m_boot;
    std::vector<int> m_modelOf;
    std::vector<double> m_costs;
    int m_reference = -1;
    bool m_needsText = false;
    Eigen::Index m_embeddingDim = 0;
};

} // namespace crw
