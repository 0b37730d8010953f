#include "routing/RouteBatch.h"

namespace crw {

bool routeQueries(const Router& router, const std::vector<RouteQuery>& queries, const RouteOptions& options,
    RoutedBatch* out, int* badIndex, QString* error)
{
    QueryBatch batch;
    if (!makeQueryBatch(queries, router.needsText(), router.embeddingDim(), &batch, badIndex, error))
        return false;
    out->features = router.features(batch);
    out->decisions = router.decide(router.psi(out->features));
    if (options.explain)
        out->decisions.bias = router.bias(out->features);
    if (options.uncertainty || options.abstain)
        out->decisions.se = router.psiSe(out->features);
    if (options.abstain)
        router.applyAbstain(out->decisions, options.abstainZ);
    return true;
}

void appendDecisionJson(
    QByteArray& o, const Router& r, const RouteQuery& q, const RoutedBatch& batch, Eigen::Index i, bool explain)
{
    const RouterSpec& s = r.spec();
    const RouteDecisions& d = batch.decisions;
    o += "{\"id\":";
    appendJsonString(o, q.id);
    o += ",\"model\":";
    const int m = d.chosen[size_t(i)];
    appendJsonString(o, s.models[size_t(m)].name);
    o += ",\"psi\":{";
    for (size_t k = 0; k < s.quality.size(); ++k) {
        if (k)
            o += ',';
        appendJsonString(o, s.quality[k].model);
        o += ':';
        appendJsonNumber(o, d.psi(i, Eigen::Index(k)));
    }
    o += "},\"cost\":";
    appendJsonNumber(o, s.models[size_t(m)].cost);
    o += ",\"margin\":";
    appendJsonNumber(o, d.margin[i]);
    if (d.se.rows() == d.psi.rows() && d.se.cols() > 0) {
        o += ",\"psi_se\":{";
        for (size_t k = 0; k < s.quality.size(); ++k) {
            if (k)
                o += ',';
            appendJsonString(o, s.quality[k].model);
            o += ':';
            appendJsonNumber(o, d.se(i, Eigen::Index(k)));
        }
        o += '}';
    }
    if (!d.abstained.empty())
        o += d.abstained[size_t(i)] ? ",\"abstained\":true" : ",\"abstained\":false";
    if (explain) {
        o += ",\"bias\":{";
        for (size_t k = 0; k < s.quality.size(); ++k) {
            if (k)
                o += ',';
            appendJsonString(o, s.quality[k].model);
            o += ':';
            appendJsonNumber(o, d.bias(i, Eigen::Index(k)));
        }
        o += "},\"nearest\":[";
        const auto nn = r.nearest(batch.features.row(i).data(), 3);
        for (size_t j = 0; j < nn.size(); ++j) {
            if (j)
                o += ',';
            o += "{\"id\":";
            appendJsonString(o, s.explain.ids[nn[j].index]);
            o += ",\"distance\":";
            appendJsonNumber(o, nn[j].distance);
            o += ",\"text\":";
            appendJsonString(o, s.explain.texts[nn[j].index].left(200));
            o += '}';
        }
        o += ']';
    }
    o += '}';
}

} // namespace crw
