#include "pipeline/FeatureBuilder.h"

#include "features/EmbeddingPcaFeaturizer.h"
#include "features/TfidfSvdFeaturizer.h"

#include <cmath>
#include <set>

namespace crw {

QJsonObject FeatureOptions::toJson() const
{
    return QJsonObject { { "source", source }, { "dim", dim }, { "length_features", lengthFeatures },
        { "task_features", taskFeatures }, { "seed", QString::number(seed) } };
}

Vector logLengths(const QVector<QString>& texts)
{
    Vector v(texts.size());
    for (int i = 0; i < texts.size(); ++i)
        v[i] = std::log1p(double(texts[i].size()));
    return v;
}

BuiltFeatures buildFeatures(const PairTable& table, const FeatureOptions& opt, Progress& progress)
{
    progress.check();
    QueryBatch batch;
    for (const QString& t : table.texts)
        batch.texts.push_back(t);
    bool anyTask = false;
    for (const QString& t : table.tasks) {
        batch.tasks.push_back(t);
        anyTask = anyTask || !t.isEmpty();
    }
    const bool haveEmb = table.embeddings.cols() > 0;
    bool useEmb = false;
    if (opt.source == QLatin1String("embedding")) {
        if (!haveEmb)
            throw std::runtime_error("--features embedding: the project has no imported embeddings for these queries");
        useEmb = true;
    } else if (opt.source == QLatin1String("auto")) {
        useEmb = haveEmb;
    }
    bool anyText = false;
    for (const QString& t : table.texts)
        anyText = anyText || !t.isEmpty();
    if (!useEmb && !anyText)
        throw std::runtime_error("the queries have neither text nor imported embeddings: nothing to featurize");

    std::unique_ptr<Featurizer> f;
    BuiltFeatures out;
    const bool tasks = opt.taskFeatures && anyTask;
    if (useEmb) {
        batch.embeddings = table.embeddings;
        EmbeddingPcaOptions eo;
        eo.dim = opt.dim;
        eo.lengthFeatures = opt.lengthFeatures && anyText;
        eo.taskOneHot = tasks;
        f = std::make_unique<EmbeddingPcaFeaturizer>(eo);
        out.description = QStringLiteral("embedding (%1-d) PCA d=%2").arg(table.embeddings.cols()).arg(opt.dim);
    } else {
        TfidfSvdOptions to;
        to.dim = opt.dim > 0 ? opt.dim : 50;
        to.lengthFeatures = opt.lengthFeatures;
        to.taskOneHot = tasks;
        if (table.size() < 200)
            to.minDf = 1;
        f = std::make_unique<TfidfSvdFeaturizer>(to);
        out.description = QStringLiteral("tfidf-svd d=%1").arg(to.dim);
    }
    if (opt.lengthFeatures)
        out.description += QStringLiteral(" + length");
    if (tasks) {
        std::set<QString> distinct(table.tasks.begin(), table.tasks.end());
        out.description += QStringLiteral(" + %1 tasks").arg(distinct.size());
    }
    progress.report(0.1, QStringLiteral("fitting the featurizer (%1)").arg(f->family()));
    f->fit(batch, opt.seed);
    progress.check();
    progress.report(0.6, QStringLiteral("computing features"));
    out.X = f->transform(batch);
    out.featurizer = f->toJson();
    progress.report(1.0);
    return out;
}

} // namespace crw
