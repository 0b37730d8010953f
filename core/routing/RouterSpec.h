#pragma once
// The exported router file "causal-router/1" (docs/router-format.md): plain data plus a strict reader and a writer.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <stdexcept>
#include <vector>

namespace crw {

/// Thrown for any problem with a router file: malformed JSON (with its byte offset), unsupported format version,
/// unknown or missing fields, wrong types, inconsistent content.
/// The message is always one line of at most 2,000 characters: line breaks and other control characters quoted from
/// the file (or from XGBoost's loader) are written as escapes (\n, \t, \x01).
class RouterFormatError : public std::runtime_error {
public:
    explicit RouterFormatError(const std::string& message);
    explicit RouterFormatError(const char* message)
        : RouterFormatError(std::string(message))
    {
    }
};

/// The only version this reader accepts.
inline constexpr const char* kRouterFormat = "causal-router/1";

/// One model of the pool and its cost per query.
struct RouterModel {
    QString name;
    double cost = 0;
    QString costSource; // usd_per_query | token_prices | mean_gold_cost | binary | given
};

/// The quality gain psi_k(q) of one non-reference model over the reference.
struct QualityModel {
    QString model; // the non-reference model this psi belongs to
    QString router; // which router produced it (meta_r, meta_dr, gold_only, ...)
    QJsonObject psi; // Regressor::toJson of the psi model
    QJsonObject bias; // Regressor::toJson of the stage-2 CATE model (Delta_hat); empty when unknown
    double normalizationConstant = 1;
    std::vector<QJsonObject> bootstrap; // optional: bootstrap replicates of psi (Regressor::toJson each) for intervals
    double residualSd = 0; // with bootstrap: sd of a gold label around psi (docs/uncertainty.md)
};

/// A few training queries kept for --explain (nearest neighbours in feature space).
struct ExplainSample {
    QStringList ids, texts;
    std::vector<double> features; // rows x dim, row-major
    int dim = 0;
};

struct RouterSpec {
    std::vector<RouterModel> models; // the pool, reference included
    QString reference; // the model with psi = 0
    QJsonObject featurizer; // Featurizer::toJson
    std::vector<QualityModel> quality; // one per non-reference model, in pool order
    double costWeight = 0; // w
    std::vector<double> thresholds; // per quality entry: w * (cost_k - cost_ref) (or calibrated directly)
    QJsonObject trainedOn; // project, run_id(s), pair or pool, created
    QJsonObject calibration; // optional: how w was chosen and what share/cost to expect
    ExplainSample explain; // optional (ids empty when absent)

    int modelIndex(const QString& name) const; // -1 when absent
    double costOf(const QString& name) const; // throws RouterFormatError for an unknown model
};

/// Serialises spec as a "causal-router/1" document (validates it first; throws RouterFormatError).
QJsonObject routerSpecToJson(const RouterSpec& spec);
/// Parses and validates a router file's bytes. Never crashes on bad input: throws RouterFormatError with a clear
/// message (JSON syntax errors carry the byte offset; unknown top-level fields are rejected).
RouterSpec parseRouterSpec(const QByteArray& bytes);
/// Validates an in-memory spec (the same checks parseRouterSpec applies after parsing).
void validateRouterSpec(const RouterSpec& spec);

} // namespace crw
