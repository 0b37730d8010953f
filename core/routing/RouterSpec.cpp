#include "routing/RouterSpec.h"

#include "util/JsonTypeName.h"

#include "import/ImportTypes.h"
#include "learn/JsonArrays.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <cmath>

namespace crw {

namespace {
std::string routerMessage(const std::string& m)
{
    QString s = singleLine(QString::fromUtf8(m.data(), qsizetype(m.size())));
    if (s.size() > 2000)
        s = s.left(1997) + QStringLiteral("...");
    return s.toStdString();
}
}

RouterFormatError::RouterFormatError(const std::string& message)
    : std::runtime_error(routerMessage(message))
{
}

namespace {

const char* kRule = "argmax_k psi_k(q) - threshold_k, psi_reference = 0, threshold_k = w * (cost_k - cost_reference)";

[[noreturn]] void bad(const QString& message)
{
    throw RouterFormatError(("router file: " + message).toStdString());
}

QJsonValue need(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        bad(QStringLiteral("missing field \"%1\" in %2").arg(key, where));
    return v;
}

QString needString(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = need(o, key, where);
    if (!v.isString())
        bad(QStringLiteral("\"%1\" in %2 must be a string, not %3").arg(key, where, jsonTypeName(v)));
    return v.toString();
}

double needNumber(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = need(o, key, where);
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        bad(QStringLiteral("\"%1\" in %2 must be a finite number, not %3").arg(key, where, jsonTypeName(v)));
    return v.toDouble();
}

QJsonObject needObject(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = need(o, key, where);
    if (!v.isObject())
        bad(QStringLiteral("\"%1\" in %2 must be an object, not %3").arg(key, where, jsonTypeName(v)));
    return v.toObject();
}

QJsonArray needArray(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = need(o, key, where);
    if (!v.isArray())
        bad(QStringLiteral("\"%1\" in %2 must be an array, not %3").arg(key, where, jsonTypeName(v)));
    return v.toArray();
}

void onlyKnown(const QJsonObject& o, const QStringList& known, const QString& where)
{
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            bad(QStringLiteral("unknown field \"%1\" in %2 (known: %3)").arg(it.key(), where, known.join(", ")));
}

} // namespace

int RouterSpec::modelIndex(const QString& name) const
{
    for (size_t i = 0; i < models.size(); ++i)
        if (models[i].name == name)
            return int(i);
    return -1;
}

double RouterSpec::costOf(const QString& name) const
{
    const int i = modelIndex(name);
    if (i < 0)
        bad(QStringLiteral("unknown model \"%1\"").arg(name));
    return models[size_t(i)].cost;
}

void validateRouterSpec(const RouterSpec& s)
{
    if (s.models.size() < 2)
        bad(QStringLiteral("\"models\" needs at least two models (got %1)").arg(s.models.size()));
    QSet<QString> names;
    for (const auto& m : s.models) {
        if (m.name.isEmpty())
            bad("a model has an empty name");
        if (names.contains(m.name))
            bad(QStringLiteral("model \"%1\" is listed twice").arg(m.name));
        names.insert(m.name);
        if (!std::isfinite(m.cost))
            bad(QStringLiteral("model \"%1\" has a non-finite cost").arg(m.name));
    }
    if (s.modelIndex(s.reference) < 0)
        bad(QStringLiteral("reference model \"%1\" is not in \"models\"").arg(s.reference));
    if (s.quality.size() != s.models.size() - 1)
        bad(QStringLiteral("\"quality_model.psi\" needs one entry per non-reference model (%1), got %2")
                .arg(s.models.size() - 1)
                .arg(s.quality.size()));
    size_t q = 0;
    for (const auto& m : s.models) {
        if (m.name == s.reference)
            continue;
        if (s.quality[q].model != m.name)
            bad(QStringLiteral("\"quality_model.psi\" entry %1 is for \"%2\"; expected \"%3\" (pool order)")
                    .arg(q)
                    .arg(s.quality[q].model, m.name));
        if (s.quality[q].psi.isEmpty())
            bad(QStringLiteral("quality model of \"%1\" has no regressor").arg(m.name));
        ++q;
    }
    if (s.featurizer.isEmpty())
        bad("\"featurizer\" is empty");
    if (!std::isfinite(s.costWeight))
        bad("\"decision.cost_weight\" must be finite");
    if (s.thresholds.size() != s.quality.size())
        bad("\"decision.thresholds\" needs one threshold per non-reference model");
    for (double t : s.thresholds)
        if (!std::isfinite(t))
            bad("\"decision.thresholds\" must be finite numbers");
    const auto& e = s.explain;
    if (e.ids.size() != e.texts.size() || (e.dim > 0 && e.features.size() != size_t(e.ids.size()) * size_t(e.dim)))
        bad("\"explain\": ids, texts and features disagree in length");
}

QJsonObject routerSpecToJson(const RouterSpec& s)
{
    validateRouterSpec(s);
    QJsonArray models;
    for (const auto& m : s.models)
        models.append(QJsonObject { { "name", m.name }, { "cost", m.cost }, { "cost_source", m.costSource } });
    QJsonArray psi;
    QJsonObject thresholds;
    for (size_t i = 0; i < s.quality.size(); ++i) {
        const auto& q = s.quality[i];
        QJsonObject e { { "model", q.model }, { "router", q.router }, { "regressor", q.psi },
            { "normalization_constant", q.normalizationConstant } };
        if (!q.bias.isEmpty())
            e["bias_model"] = q.bias;
        if (!q.bootstrap.empty()) {
            QJsonArray reps;
            for (const auto& b : q.bootstrap)
                reps.append(b);
            e["uncertainty"] = QJsonObject { { "replicates", reps }, { "residual_sd", q.residualSd } };
        }
        psi.append(e);
        thresholds[q.model] = s.thresholds[i];
    }
    QJsonObject decision { { "rule", kRule }, { "cost_weight", s.costWeight }, { "reference", s.reference },
        { "thresholds", thresholds } };
    if (s.quality.size() == 1)
        decision["threshold"] = s.thresholds[0];
    QJsonObject o { { "format", kRouterFormat }, { "models", models }, { "featurizer", s.featurizer },
        { "quality_model", QJsonObject { { "reference", s.reference }, { "psi", psi } } }, { "decision", decision },
        { "trained_on", s.trainedOn } };
    if (!s.calibration.isEmpty())
        o["calibration"] = s.calibration;
    if (!s.explain.ids.isEmpty()) {
        QJsonArray ids, texts;
        for (const auto& id : s.explain.ids)
            ids.append(id);
        for (const auto& t : s.explain.texts)
            texts.append(t);
        o["explain"] = QJsonObject { { "dim", s.explain.dim }, { "ids", ids }, { "texts", texts },
            { "features_f64", doublesToBase64(s.explain.features.data(), qsizetype(s.explain.features.size())) } };
    }
    return o;
}

RouterSpec parseRouterSpec(const QByteArray& bytes)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError)
        bad(QStringLiteral("malformed JSON at byte offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        bad("the top level must be a JSON object");
    const QJsonObject o = doc.object();
    const QJsonValue fmt = o.value("format");
    if (fmt.isUndefined())
        bad(QStringLiteral("missing field \"format\" (expected \"%1\")").arg(kRouterFormat));
    if (!fmt.isString())
        bad(QStringLiteral("\"format\" must be a string, not %1").arg(jsonTypeName(fmt)));
    if (fmt.toString() != QLatin1String(kRouterFormat)) {
        if (fmt.toString().startsWith("causal-router/"))
            bad(QStringLiteral("unsupported format version \"%1\": this causal-router reads \"%2\" only")
                    .arg(fmt.toString(), kRouterFormat));
        bad(QStringLiteral("not a router file: \"format\" is \"%1\", expected \"%2\"")
                .arg(fmt.toString(), kRouterFormat));
    }
    onlyKnown(o,
        { "format", "models", "featurizer", "quality_model", "decision", "trained_on", "calibration", "explain" },
        "the top level");

    RouterSpec s;
    const QJsonArray models = needArray(o, "models", "the top level");
    for (int i = 0; i < models.size(); ++i) {
        const QString where = QStringLiteral("models[%1]").arg(i);
        if (!models[i].isObject())
            bad(QStringLiteral("%1 must be an object, not %2").arg(where, jsonTypeName(models[i])));
        const QJsonObject m = models[i].toObject();
        onlyKnown(m, { "name", "cost", "cost_source" }, where);
        RouterModel rm { needString(m, "name", where), needNumber(m, "cost", where), QString() };
        if (m.contains("cost_source"))
            rm.costSource = needString(m, "cost_source", where);
        s.models.push_back(rm);
    }
    s.featurizer = needObject(o, "featurizer", "the top level");

    const QJsonObject qm = needObject(o, "quality_model", "the top level");
    onlyKnown(qm, { "reference", "psi" }, "quality_model");
    s.reference = needString(qm, "reference", "quality_model");
    const QJsonArray psi = needArray(qm, "psi", "quality_model");
    for (int i = 0; i < psi.size(); ++i) {
        const QString where = QStringLiteral("quality_model.psi[%1]").arg(i);
        if (!psi[i].isObject())
            bad(QStringLiteral("%1 must be an object, not %2").arg(where, jsonTypeName(psi[i])));
        const QJsonObject e = psi[i].toObject();
        onlyKnown(e, { "model", "router", "regressor", "bias_model", "normalization_constant", "uncertainty" }, where);
        QualityModel q;
        q.model = needString(e, "model", where);
        q.router = e.contains("router") ? needString(e, "router", where) : QString();
        q.psi = needObject(e, "regressor", where);
        if (e.contains("bias_model"))
            q.bias = needObject(e, "bias_model", where);
        if (e.contains("normalization_constant"))
            q.normalizationConstant = needNumber(e, "normalization_constant", where);
        if (e.contains("uncertainty")) {
            const QString uw = where + QStringLiteral(".uncertainty");
            const QJsonObject u = needObject(e, "uncertainty", where);
            onlyKnown(u, { "replicates", "residual_sd" }, uw);
            const QJsonArray reps = needArray(u, "replicates", uw);
            if (reps.size() < 2)
                bad(QStringLiteral("%1.replicates must hold at least 2 models").arg(uw));
            for (int r = 0; r < reps.size(); ++r) {
                if (!reps[r].isObject())
                    bad(QStringLiteral("%1.replicates[%2] must be an object, not %3")
                            .arg(uw)
                            .arg(r)
                            .arg(jsonTypeName(reps[r])));
                q.bootstrap.push_back(reps[r].toObject());
            }
            q.residualSd = needNumber(u, "residual_sd", uw);
            if (!(q.residualSd >= 0))
                bad(QStringLiteral("%1.residual_sd must be >= 0").arg(uw));
        }
        s.quality.push_back(q);
    }

    const QJsonObject d = needObject(o, "decision", "the top level");
    onlyKnown(d, { "rule", "cost_weight", "reference", "threshold", "thresholds" }, "decision");
    if (d.contains("rule"))
        needString(d, "rule", "decision");
    s.costWeight = needNumber(d, "cost_weight", "decision");
    if (needString(d, "reference", "decision") != s.reference)
        bad("\"decision.reference\" differs from \"quality_model.reference\"");
    const QJsonObject th = needObject(d, "thresholds", "decision");
    for (const auto& q : s.quality) {
        if (!th.contains(q.model))
            bad(QStringLiteral("\"decision.thresholds\" has no threshold for \"%1\"").arg(q.model));
        s.thresholds.push_back(needNumber(th, q.model, "decision.thresholds"));
    }
    if (th.size() != qsizetype(s.quality.size()))
        bad("\"decision.thresholds\" lists a model that has no quality model");
    if (d.contains("threshold")) {
        const double t = needNumber(d, "threshold", "decision");
        if (s.quality.size() != 1 || t != s.thresholds[0])
            bad("\"decision.threshold\" (two-model routers only) must equal the primary's entry in \"thresholds\"");
    }

    s.trainedOn = needObject(o, "trained_on", "the top level");
    if (o.contains("calibration"))
        s.calibration = needObject(o, "calibration", "the top level");
    if (o.contains("explain")) {
        const QJsonObject e = needObject(o, "explain", "the top level");
        onlyKnown(e, { "dim", "ids", "texts", "features_f64" }, "explain");
        const double dim = needNumber(e, "dim", "explain");
        if (dim < 1 || dim > 1e6 || dim != std::floor(dim))
            bad("\"explain.dim\" must be a positive integer");
        s.explain.dim = int(dim);
        const QJsonArray ids = needArray(e, "ids", "explain"), texts = needArray(e, "texts", "explain");
        for (const auto& v : ids) {
            if (!v.isString())
                bad("\"explain.ids\" must hold strings");
            s.explain.ids.push_back(v.toString());
        }
        for (const auto& v : texts) {
            if (!v.isString())
                bad("\"explain.texts\" must hold strings");
            s.explain.texts.push_back(v.toString());
        }
        try {
            s.explain.features
                = doublesFromBase64(need(e, "features_f64", "explain"), qsizetype(ids.size()) * s.explain.dim);
        } catch (const std::exception& ex) {
            bad(QStringLiteral("\"explain.features_f64\": %1").arg(QString::fromUtf8(ex.what())));
        }
    }
    validateRouterSpec(s);
    return s;
}

} // namespace crw
