#include "routing/RouterExport.h"

#include "runs/RunKeys.h"
#include "runs/RunStore.h"

#include "features/Featurizer.h"
#include "routing/ModelCosts.h"
#include "store/SqliteDb.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

namespace crw {

namespace {
[[noreturn]] void fail(const QString& m)
{
    throw std::runtime_error(m.toStdString());
}

QJsonObject parseObject(const QString& text, const QString& what)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || !d.isObject())
        fail(QStringLiteral("%1 is not a JSON object").arg(what));
    return d.object();
}
} // namespace

void attachExplainSample(
    RouterSpec* spec, const QString& projectPath, const QVector<qint64>& queryIds, int cap, uint64_t seed)
{
    if (cap <= 0 || queryIds.isEmpty())
        return;
    std::vector<qint64> ids(queryIds.begin(), queryIds.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::mt19937_64 rng(seed * 7919 + 11);
    std::shuffle(ids.begin(), ids.end(), rng);
    if (ids.size() > size_t(cap))
        ids.resize(size_t(cap));
    std::sort(ids.begin(), ids.end());

    const auto f = makeFeaturizerFromJson(spec->featurizer);
    const bool embedding = f->family() != QLatin1String("tfidf-svd");
    SqliteDb db(projectPath);
    QueryBatch batch;
    ExplainSample e;
    auto q = db.prepare("SELECT external_id, text, task FROM queries WHERE id = ?");
    auto v = db.prepare("SELECT dim, vector FROM features WHERE query_id = ? AND featurizer = 'imported'");
    std::vector<std::vector<double>> emb;
    for (qint64 id : ids) {
        q.reset();
        q.bind(1, int64_t(id));
        if (!q.step())
            continue;
        const QString ext = q.columnText(0);
        e.ids << (ext.isEmpty() ? QString::number(id) : ext);
        e.texts << q.columnText(1);
        batch.texts << q.columnText(1);
        batch.tasks << q.columnText(2);
        if (embedding) {
            v.reset();
            v.bind(1, int64_t(id));
            if (!v.step())
                fail(QStringLiteral("query %1 has no imported embedding").arg(id));
            const QByteArray blob = v.columnBlob(1);
            std::vector<double> row(size_t(blob.size()) / sizeof(double));
            std::memcpy(row.data(), blob.constData(), row.size() * sizeof(double));
            emb.push_back(std::move(row));
        }
    }
    if (embedding && !emb.empty()) {
        batch.embeddings.resize(Eigen::Index(emb.size()), Eigen::Index(emb[0].size()));
        for (size_t i = 0; i < emb.size(); ++i)
            for (size_t j = 0; j < emb[i].size(); ++j)
                batch.embeddings(Eigen::Index(i), Eigen::Index(j)) = emb[i][j];
    }
    const Matrix X = f->transform(batch);
    e.dim = int(X.cols());
    e.features.assign(X.data(), X.data() + X.size()); // row-major
    spec->explain = e;
}

RouterSpec exportRouterFromRun(const QString& projectPath, const ExportOptions& opt)
{
    if (opt.costWeight.has_value() == opt.target.has_value())
        fail("give exactly one of a cost weight or a calibration target");
    QJsonObject config, summary, curve;
    QString created;
    QString router = opt.router;
    {
        SqliteDb db(projectPath);
        const RunHeader h = RunStore::header(db, opt.runId);
        config = h.config;
        summary = h.summary;
        created = h.createdAt;
        if (router.isEmpty() && summary.value(runkey::mainRouter).isString())
            router = summary.value(runkey::mainRouter).toString();
        if (router.isEmpty()) {
            const QString bl = summary.value(runkey::biasLearner).toString();
            router = bl == QLatin1String("dr") ? QStringLiteral("meta_dr")
                : bl == QLatin1String("t")     ? QStringLiteral("meta_t")
                                               : QStringLiteral("meta_r");
        }
        curve = RunStore::curve(db, opt.runId, router);
        if (curve.isEmpty())
            fail(QStringLiteral("run %1 has no router '%2' (it has: %3)")
                     .arg(opt.runId)
                     .arg(router, RunStore::routerNames(db, opt.runId).join(", ")));
    }
    if (!curve.value(runkey::model).isObject())
        fail(QStringLiteral("router '%1' of run %2 has no stored psi model (the random router cannot be exported)")
                 .arg(router)
                 .arg(opt.runId));
    if (!config.value(runkey::featurizer).isObject())
        fail(QStringLiteral("run %1 stores no featurizer").arg(opt.runId));
    const QString primary = config.value(runkey::primary).toString(), alternative = config.value(runkey::alternative).toString();

    RouterSpec s;
    s.models = resolveModelCosts(projectPath, { primary, alternative }, alternative, opt.costOverrides);
    s.reference = alternative;
    s.featurizer = config.value(runkey::featurizer).toObject();
    QualityModel q;
    q.model = primary;
    q.router = router;
    q.psi = curve.value(runkey::model).toObject();
    q.bias = curve.value(runkey::cateModel).toObject();
    q.normalizationConstant
        = curve.value(runkey::normalizationConstant)
              .toDouble(summary.value(runkey::diagnostics).toObject().value(runkey::normalizationConstant).toDouble(1.0));
    if (curve.value(runkey::bootstrapModels).isArray()) {
        for (const QJsonValue& v : curve.value(runkey::bootstrapModels).toArray())
            if (v.isObject())
                q.bootstrap.push_back(v.toObject());
        q.residualSd = curve.value(runkey::residualSd).toDouble(0.0);
        if (q.bootstrap.size() < 2)
            q.bootstrap.clear();
    }
    s.quality.push_back(q);
    const double cp = s.models[0].cost, ca = s.models[1].cost;
    if (opt.costWeight) {
        s.costWeight = *opt.costWeight;
        s.thresholds = { s.costWeight * (cp - ca) };
    } else {
        const QJsonArray pt = curve.value(runkey::psiTest).toArray();
        if (pt.isEmpty())
            fail(QStringLiteral("run %1 has no held-out test queries to calibrate on: train with --test-size, or give "
                                "--cost-weight")
                     .arg(opt.runId));
        if (!(cp > ca))
            fail(QStringLiteral("the primary %1 (cost %2) must cost more than the alternative %3 (cost %4) to place "
                                "a threshold by share or budget; pass --costs to override")
                     .arg(primary)
                     .arg(cp)
                     .arg(alternative)
                     .arg(ca));
        Matrix psi(pt.size(), 1);
        for (int i = 0; i < pt.size(); ++i)
            psi(i, 0) = pt[i].toDouble(std::nan(""));
        CalibrationSetup cs;
        cs.costs = { cp, ca };
        cs.modelOf = { 0 };
        cs.reference = 1;
        cs.bootstrap = opt.bootstrap;
        cs.seed = opt.seed;
        const CalibrationResult r = calibrateCostWeight(psi, *opt.target, cs);
        s.costWeight = r.w;
        s.thresholds = r.thresholds;
        s.calibration = r.toJson(*opt.target);
        s.calibration["set"] = QStringLiteral("run %1 held-out test queries").arg(opt.runId);
        s.calibration["bootstrap"] = opt.bootstrap;
        s.calibration["seed"] = QString::number(opt.seed);
    }
    s.trainedOn = QJsonObject { { "project", QFileInfo(projectPath).absoluteFilePath() }, { "run_id", opt.runId },
        { "run_created", created }, { "pair", QJsonArray { primary, alternative } }, { "router", router },
        { "features", summary.value(runkey::features) },
        { "created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate) } };

    if (opt.explainSample > 0) {
        SqliteDb db(projectPath);
        const QVector<qint64> ids = RunStore::trainingQueryIds(db, opt.runId);
        attachExplainSample(&s, projectPath, ids, opt.explainSample, opt.seed);
    }
    validateRouterSpec(s);
    return s;
}

} // namespace crw
