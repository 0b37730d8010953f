#include "pipeline/SimulateJob.h"

#include "store/SqliteDb.h"

#include <QDateTime>
#include <QJsonDocument>
#include <cmath>

namespace crw {

QJsonObject SimulateOutcome::toJson() const
{
    return QJsonObject { { "dataset_id", datasetId }, { "rows", rows }, { "delta_mean", deltaMean },
        { "delta_sd", deltaSd }, { "gold_gain_sd", gainSd } };
}

SimulateOutcome simulateIntoProject(const QString& projectPath, const SimulateConfig& config, Progress& progress)
{
    Progress loadP = progress.sub(0.0, 0.2);
    PairTable table = loadPairTable(projectPath, config.primary, config.alternative, loadP);
    std::vector<int> rows;
    for (int i = 0; i < table.size(); ++i)
        if (std::isfinite(table.gain[i]))
            rows.push_back(i);
    if (rows.size() < 10)
        throw std::runtime_error(QStringLiteral("simulate needs gold scores for both %1 and %2 on at least 10 queries "
                                                "(found %3)")
                                     .arg(config.primary, config.alternative)
                                     .arg(rows.size())
                                     .toStdString());
    PairTable gold;
    gold.primary = table.primary;
    gold.alternative = table.alternative;
    Vector r(Eigen::Index(rows.size()));
    for (size_t j = 0; j < rows.size(); ++j) {
        gold.queryIds.push_back(table.queryIds[rows[j]]);
        gold.texts.push_back(table.texts[rows[j]]);
        gold.tasks.push_back(table.tasks[rows[j]]);
        r[Eigen::Index(j)] = table.gain[rows[j]];
    }
    if (table.embeddings.cols() > 0) {
        gold.embeddings.resize(Eigen::Index(rows.size()), table.embeddings.cols());
        for (size_t j = 0; j < rows.size(); ++j)
            gold.embeddings.row(Eigen::Index(j)) = table.embeddings.row(rows[j]);
    }
    Progress featP = progress.sub(0.2, 0.7);
    const BuiltFeatures f = buildFeatures(gold, config.features, featP);
    progress.check();
    const SimulatedPreferences sim = simulatePreferences(r, logLengths(gold.texts), gold.tasks, f.X, config.bias);

    progress.report(0.7, QStringLiteral("writing preference labels"));
    SqliteDb db(projectPath);
    const QString name = config.datasetName.isEmpty()
        ? QStringLiteral("simulated %1 vs %2").arg(config.primary, config.alternative)
        : config.datasetName;
    SimulateOutcome out;
    db.beginImmediate();
    try {
        {
            auto del = db.prepare("DELETE FROM datasets WHERE name = ?");
            del.bind(1, name.toUtf8());
            del.run();
        }
        auto ds = db.prepare("INSERT INTO datasets(name, kind, format, source_path, imported_at, rows) "
                             "VALUES(?, 'preference', 'simulated', ?, ?, ?)");
        ds.bind(1, name.toUtf8());
        ds.bind(2, "simulator " + QJsonDocument(config.bias.toJson()).toJson(QJsonDocument::Compact));
        ds.bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
        ds.bind(4, int64_t(rows.size()));
        ds.run();
        out.datasetId = db.lastInsertId();
        auto mid = [&](const QString& m) {
            auto st = db.prepare("SELECT id FROM models WHERE name = ?");
            st.bind(1, m.toUtf8());
            st.step();
            return st.columnInt(0);
        };
        const int64_t p = mid(config.primary), a = mid(config.alternative);
        auto ins = db.prepare("INSERT INTO preference_labels(dataset_id, query_id, model_a, model_b, outcome, judge, "
                              "true_delta) VALUES(?, ?, ?, ?, ?, 'simulator', ?)");
        for (size_t j = 0; j < rows.size(); ++j) {
            if (j % 4096 == 0) {
                progress.check();
                progress.report(0.7 + 0.3 * double(j) / double(rows.size()));
            }
            ins.bind(1, int64_t(out.datasetId));
            ins.bind(2, int64_t(gold.queryIds[int(j)]));
            ins.bind(3, p);
            ins.bind(4, a);
            ins.bind(5, sim.y[Eigen::Index(j)]);
            ins.bind(6, sim.delta[Eigen::Index(j)]);
            ins.run();
        }
        db.commit();
    } catch (...) {
        db.rollback();
        throw;
    }
    out.rows = qint64(rows.size());
    out.deltaMean = sim.delta.mean();
    out.deltaSd = std::sqrt(
        (sim.delta.array() - out.deltaMean).square().sum() / double(std::max<Eigen::Index>(1, sim.delta.size() - 1)));
    out.gainSd = std::sqrt((r.array() - r.mean()).square().sum() / double(std::max<Eigen::Index>(1, r.size() - 1)));
    progress.report(1.0);
    return out;
}

} // namespace crw
