#include "pipeline/ExperimentShards.h"

#include "causal/Normalization.h"
#include "metrics/PiecewiseLinear.h"
#include "pipeline/TrainingConfig.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>
#include <map>
#include <stdexcept>

namespace crw {

namespace {

constexpr int kPartFormat = 1;

[[noreturn]] void fail(const QString& message) { throw std::invalid_argument(message.toStdString()); }

// Exact JSON form of a double: a number (Qt writes the shortest representation that reads back to the same double),
// null for NaN, strings for the values JSON numbers cannot carry.
QJsonValue exactNumber(double v)
{
    if (std::isnan(v))
        return QJsonValue();
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (v == 0 && std::signbit(v))
        return QStringLiteral("-0");
    return v;
}

bool readExactNumber(const QJsonValue& j, double* out)
{
    if (j.isNull()) {
        *out = std::nan("");
        return true;
    }
    if (j.isDouble()) {
        *out = j.toDouble();
        return true;
    }
    if (j.isString()) {
        const QString s = j.toString();
        if (s == QLatin1String("inf"))
            *out = HUGE_VAL;
        else if (s == QLatin1String("-inf"))
            *out = -HUGE_VAL;
        else if (s == QLatin1String("-0"))
            *out = -0.0;
        else
            return false;
        return true;
    }
    return false;
}

QJsonArray exactArray(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(exactNumber(x));
    return a;
}

bool readExactArray(const QJsonValue& j, std::vector<double>* out)
{
    if (!j.isArray())
        return false;
    out->clear();
    for (const auto& e : j.toArray()) {
        double d;
        if (!readExactNumber(e, &d))
            return false;
        out->push_back(d);
    }
    return true;
}

QJsonObject cellJson(const ExperimentCell& c)
{
    QJsonObject routers;
    for (const auto& [kind, m] : c.routers)
        routers[routerName(kind)] = QJsonObject { { "eg_curve", exactArray(m.eg) },
            { "full_ranking_curve", exactArray(m.full) }, { "eg_area", exactNumber(m.area) },
            { "eg_max", exactNumber(m.max) }, { "pmur_at_max", exactNumber(m.pmur) },
            { "full_ranking_area", exactNumber(m.fullArea) }, { "delta_rmse", exactNumber(m.deltaRmse) },
            { "delta_rmse_target", exactNumber(m.deltaRmseTarget) },
            { "quality", exactArray(m.quality) } };
    QJsonObject o { { "run", c.id.run }, { "gold_size", c.id.goldSize }, { "routers", routers } };
    if (c.id.run == 0)
        o["diagnostics"] = c.diagnostics;
    return o;
}

QString cellName(const CellId& id) { return QStringLiteral("(run %1, gold size %2)").arg(id.run).arg(id.goldSize); }

ExperimentCell readCell(const QString& file, const QJsonValue& v, const ExperimentOptions& opt)
{
    const QJsonObject o = v.toObject();
    if (!v.isObject() || !o["run"].isDouble() || !o["gold_size"].isDouble() || !o["routers"].isObject())
        fail(QStringLiteral("%1: a cell needs run, gold_size and routers").arg(file));
    ExperimentCell c;
    c.id = { o["run"].toInt(), o["gold_size"].toInt() };
    c.diagnostics = o["diagnostics"].toObject();
    const size_t gridSize = paperPmurGrid().size();
    const QJsonObject routers = o["routers"].toObject();
    for (auto it = routers.begin(); it != routers.end(); ++it) {
        RouterKind kind;
        if (!parseRouterName(it.key(), &kind))
            fail(QStringLiteral("%1: cell %2: unknown router '%3'").arg(file, cellName(c.id), it.key()));
        const QJsonObject r = it.value().toObject();
        CellMetrics m;
        const bool ok = it.value().isObject() && readExactArray(r["eg_curve"], &m.eg)
            && readExactArray(r["full_ranking_curve"], &m.full) && readExactNumber(r["eg_area"], &m.area)
            && readExactNumber(r["eg_max"], &m.max) && readExactNumber(r["pmur_at_max"], &m.pmur)
            && readExactNumber(r["full_ranking_area"], &m.fullArea)
            && readExactNumber(r["delta_rmse"], &m.deltaRmse)
            && readExactNumber(r["delta_rmse_target"], &m.deltaRmseTarget) && readExactArray(r["quality"], &m.quality);
        if (!ok || m.eg.size() != gridSize || m.full.size() != gridSize
            || m.quality.size() != opt.qualityShares.size())
            fail(QStringLiteral("%1: cell %2: router %3 has missing or malformed metrics")
                     .arg(file, cellName(c.id), it.key()));
        c.routers[kind] = std::move(m);
    }
    return c;
}

ExperimentOptions readOptions(const QString& file, const QJsonObject& o)
{
    ExperimentOptions opt;
    bool ok = o["gold_sizes"].isArray() && o["quality_shares"].isArray() && o["test_size"].isDouble()
        && o["runs"].isDouble() && o["max_pref"].isDouble() && o["gold_skew"].isDouble() && o["seed"].isString();
    opt.goldSizes.clear();
    for (const auto& g : o["gold_sizes"].toArray()) {
        ok = ok && g.isDouble() && g.toInt() > 0;
        opt.goldSizes.push_back(g.toInt());
    }
    opt.qualityShares.clear();
    for (const auto& q : o["quality_shares"].toArray()) {
        ok = ok && q.isDouble();
        opt.qualityShares.push_back(q.toDouble());
    }
    opt.testSize = o["test_size"].toInt();
    opt.runs = o["runs"].toInt();
    opt.maxPref = o["max_pref"].toInt();
    opt.goldSkew = o["gold_skew"].toDouble();
    bool okSeed = false;
    opt.seed = o["seed"].toString().toULongLong(&okSeed);
    ok = ok && okSeed;
    ok = ok && parseNormalization(o["normalization"].toString(), &opt.suite.cate.normalization)
        && parsePropensityMode(o["propensity"].toString(), &opt.suite.cate.propensityMode);
    if (!ok || opt.goldSizes.empty() || opt.runs < 1)
        fail(QStringLiteral("%1: the part's config.options are missing or malformed").arg(file));
    return opt;
}

// The first key (dotted path) at which two JSON values differ, or an empty string.
QString firstDifference(const QJsonValue& a, const QJsonValue& b, const QString& path)
{
    if (a.isObject() && b.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        // The settings a user chose first, the data fingerprint (which follows from them) last.
        QStringList keys { "options", "training", "output", "queries" };
        keys += x.keys() + y.keys();
        keys.removeDuplicates();
        keys.removeAll(QStringLiteral("data_sha256"));
        keys.append(QStringLiteral("data_sha256"));
        for (const QString& k : keys) {
            const QString d = firstDifference(x.value(k), y.value(k), path.isEmpty() ? k : path + "." + k);
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    return a == b ? QString() : (path.isEmpty() ? QStringLiteral("config") : path);
}

} // namespace

bool parseShardSpec(const QString& text, ShardSpec* out, QString* error)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,6})/(\\d{1,6})$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) {
        *error = QStringLiteral("--shard must be I/N with 0 <= I < N (e.g. 0/3), not '%1'").arg(text);
        return false;
    }
    const int i = m.captured(1).toInt(), n = m.captured(2).toInt();
    if (n < 1 || i >= n) {
        *error = QStringLiteral("--shard %1: the index I is 0-based and must be below the count N").arg(text);
        return false;
    }
    *out = { i, n };
    return true;
}

std::vector<CellId> shardCells(const ExperimentOptions& options, const ShardSpec& shard)
{
    const std::vector<CellId> all = experimentCellIds(options);
    std::vector<CellId> out;
    for (size_t k = 0; k < all.size(); ++k)
        if (int(k % size_t(shard.count)) == shard.index)
            out.push_back(all[k]);
    return out;
}

QString experimentDataFingerprint(const ExperimentData& d)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto addInt = [&h](qint64 v) { h.addData(QByteArrayView(reinterpret_cast<const char*>(&v), sizeof v)); };
    auto addDoubles = [&](const double* p, qint64 n) {
        addInt(n);
        h.addData(QByteArrayView(reinterpret_cast<const char*>(p), qsizetype(n * qint64(sizeof(double)))));
    };
    addInt(d.X.rows());
    addInt(d.X.cols());
    addDoubles(d.X.data(), d.X.size());
    for (const Vector* v : { &d.r, &d.qPrimary, &d.qAlternative, &d.y, &d.trueDelta })
        addDoubles(v->data(), v->size());
    addInt(d.group.size());
    for (Eigen::Index i = 0; i < d.group.size(); ++i)
        addInt(d.group[i]);
    return QString::fromLatin1(h.result().toHex());
}

QJsonObject experimentOptionsJson(const ExperimentOptions& o)
{
    QJsonArray sizes, shares;
    for (int n : o.goldSizes)
        sizes.append(n);
    for (double s : o.qualityShares)
        shares.append(s);
    return QJsonObject { { "gold_sizes", sizes }, { "test_size", o.testSize }, { "runs", o.runs },
        { "seed", QString::number(o.seed) }, { "max_pref", o.maxPref }, { "gold_skew", o.goldSkew },
        { "quality_shares", shares }, { "normalization", normalizationName(o.suite.cate.normalization) },
        { "propensity", propensityModeName(o.suite.cate.propensityMode) } };
}

QJsonObject experimentPartJson(
    const QJsonObject& config, const ShardSpec& shard, const std::vector<ExperimentCell>& cells)
{
    QJsonArray cs;
    for (const auto& c : cells)
        cs.append(cellJson(c));
    return QJsonObject { { "crw_experiment_part", kPartFormat },
        { "shard", QStringLiteral("%1/%2").arg(shard.index).arg(shard.count) }, { "shard_index", shard.index },
        { "shard_count", shard.count }, { "config", config }, { "cells", cs } };
}

QJsonObject experimentResultJson(const ExperimentResult& result, const QJsonObject& output)
{
    QJsonObject json = result.toJson();
    for (auto it = output.begin(); it != output.end(); ++it)
        json[it.key()] = it.value();
    return json;
}

MergedExperiment mergeExperimentParts(const std::vector<ExperimentPartFile>& parts)
{
    if (parts.empty())
        fail(QStringLiteral("experiment-merge needs at least one part file"));
    QJsonObject config;
    QString firstName;
    ExperimentOptions opt;
    std::map<std::pair<int, int>, QString> owner; // (gold size, run) -> file
    std::vector<ExperimentCell> cells;
    std::vector<bool> shardSeen;
    std::map<int, QString> shardFile;
    for (const auto& part : parts) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(part.bytes, &pe);
        if (pe.error != QJsonParseError::NoError)
            fail(QStringLiteral("%1: not valid JSON (%2 at offset %3); was the shard killed while writing?")
                     .arg(part.name, pe.errorString())
                     .arg(pe.offset));
        const QJsonObject o = doc.object();
        if (!doc.isObject() || !o.contains("crw_experiment_part"))
            fail(QStringLiteral("%1: not an experiment part (write one with `experiment --shard I/N --json FILE`)")
                     .arg(part.name));
        if (o["crw_experiment_part"].toInt() != kPartFormat)
            fail(QStringLiteral("%1: part format %2 is not supported (expected %3)")
                     .arg(part.name)
                     .arg(o["crw_experiment_part"].toInt())
                     .arg(kPartFormat));
        ShardSpec shard;
        QString err;
        if (!parseShardSpec(o["shard"].toString(), &shard, &err))
            fail(QStringLiteral("%1: %2").arg(part.name, err));
        const QJsonObject c = o["config"].toObject();
        if (firstName.isEmpty()) {
            firstName = part.name;
            config = c;
            opt = readOptions(part.name, c["options"].toObject());
            if (!c["queries"].isDouble() || !c["output"].isObject())
                fail(QStringLiteral("%1: the part's config has no queries or output").arg(part.name));
            shardSeen.assign(size_t(shard.count), false);
        } else if (c != config) {
            fail(QStringLiteral("%1: its configuration differs from %2's (at '%3'); parts of different studies "
                                "cannot be merged")
                     .arg(part.name, firstName, firstDifference(c, config, QString())));
        }
        if (shard.count != int(shardSeen.size()))
            fail(QStringLiteral("%1: shard %2 is of %3 shards, %4's of %5")
                     .arg(part.name, o["shard"].toString())
                     .arg(shard.count)
                     .arg(firstName)
                     .arg(shardSeen.size()));
        if (shardSeen[size_t(shard.index)])
            fail(QStringLiteral("%1: shard %2 is given twice (also by %3)")
                     .arg(part.name, o["shard"].toString(), shardFile[shard.index]));
        shardFile[shard.index] = part.name;
        const std::vector<CellId> expected = shardCells(opt, shard);
        const QJsonArray cs = o["cells"].toArray();
        std::vector<CellId> got;
        for (const auto& v : cs) {
            ExperimentCell cell = readCell(part.name, v, opt);
            auto [it, fresh] = owner.emplace(std::make_pair(cell.id.goldSize, cell.id.run), part.name);
            if (!fresh)
                fail(QStringLiteral("%1: cell %2 is also in %3 (the same shard given twice?)")
                         .arg(part.name, cellName(cell.id), it->second));
            got.push_back(cell.id);
            cells.push_back(std::move(cell));
        }
        if (got != expected)
            fail(QStringLiteral("%1: holds %2 cells, not the %3 cells of shard %4 (edited or truncated?)")
                     .arg(part.name)
                     .arg(got.size())
                     .arg(expected.size())
                     .arg(o["shard"].toString()));
        shardSeen[size_t(shard.index)] = true;
    }
    QStringList missing;
    for (size_t i = 0; i < shardSeen.size(); ++i)
        if (!shardSeen[i])
            missing << QStringLiteral("%1/%2").arg(i).arg(shardSeen.size());
    if (!missing.isEmpty()) {
        const std::vector<CellId> lost
            = shardCells(opt, { missing.front().section('/', 0, 0).toInt(), int(shardSeen.size()) });
        fail(QStringLiteral("missing shard%1 %2 (cells such as %3 are in no part); run them and merge again")
                 .arg(missing.size() > 1 ? "s" : "", missing.join(", "),
                     lost.empty() ? QStringLiteral("none") : cellName(lost.front())));
    }
    MergedExperiment m;
    m.result = aggregateExperiment(opt, config["queries"].toInt(), cells);
    m.output = config["output"].toObject();
    return m;
}

} // namespace crw
