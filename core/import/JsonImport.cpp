// JSON document formats (RouterDC/LLMRouter gold, AlpacaEval annotations, price tables) and RouterArena JSONL.
#include "import/Cell.h"
#include "import/FormatDetect.h"
#include "import/ImportContext.h"
#include "import/JsonFile.h"
#include "import/LineReader.h"
#include "util/JsonTypeName.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>

namespace crw {

namespace {

QString keyPath(const QString& base, const QString& key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (plain.match(key).hasMatch())
        return base + QLatin1Char('.') + key;
    return base + QStringLiteral("[\"") + key + QStringLiteral("\"]");
}

[[noreturn]] void bad(const QString& path, const QString& message)
{
    throw RowError { -1, message, path };
}

QString needString(const QJsonObject& o, const QString& key, const QString& base, bool required = true)
{
    const QJsonValue v = o.value(key);
    if (v.isString())
        return v.toString();
    if (!required && (v.isUndefined() || v.isNull()))
        return QString();
    bad(keyPath(base, key), QStringLiteral("expected a string, got %1").arg(jsonTypeName(v)));
}

double needNumber(const QJsonValue& v, const QString& path, bool allowBool = false)
{
    if (v.isBool() && allowBool)
        return v.toBool() ? 1.0 : 0.0;
    if (!v.isDouble())
        bad(path,
            QStringLiteral("expected a number%1, got %2")
                .arg(allowBool ? QStringLiteral(" or true/false") : QString(), jsonTypeName(v)));
    const double d = v.toDouble();
    if (!std::isfinite(d))
        bad(path, QStringLiteral("expected a finite number"));
    return d;
}

// Optional non-negative price: NaN when absent or null.
double optPrice(const QJsonObject& o, const QStringList& keys, const QString& base)
{
    for (const QString& k : keys) {
        const QJsonValue v = o.value(k);
        if (v.isUndefined() || v.isNull())
            continue;
        const double d = needNumber(v, keyPath(base, k));
        if (d < 0)
            bad(keyPath(base, k), QStringLiteral("negative price %1").arg(d));
        return d;
    }
    return std::nan("");
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

void goldWideItem(ImportContext& ctx, const QJsonValue& item, const QString& base)
{
    if (!item.isObject())
        bad(base, QStringLiteral("expected an object {question, scores}, got %1").arg(jsonTypeName(item)));
    const QJsonObject o = item.toObject();
    QString textKeyName = QStringLiteral("question");
    for (const char* k : { "question", "query", "prompt", "text" })
        if (o.contains(QLatin1String(k))) {
            textKeyName = QLatin1String(k);
            break;
        }
    const QString text = needString(o, textKeyName, base);
    if (text.trimmed().isEmpty())
        bad(keyPath(base, textKeyName), QStringLiteral("empty question text"));
    const QString id = o.value(QStringLiteral("id")).isString() ? o.value(QStringLiteral("id")).toString() : QString();
    const QJsonValue scoresV = o.value(QStringLiteral("scores"));
    if (!scoresV.isObject())
        bad(keyPath(base, QStringLiteral("scores")),
            QStringLiteral("expected an object {model: score}, got %1").arg(jsonTypeName(scoresV)));
    const QJsonObject scores = scoresV.toObject();
    if (scores.isEmpty())
        bad(keyPath(base, QStringLiteral("scores")), QStringLiteral("no scores"));
    std::vector<std::pair<std::string, double>> vals;
    for (auto it = scores.begin(); it != scores.end(); ++it)
        vals.emplace_back(
            utf8(it.key()), needNumber(it.value(), keyPath(keyPath(base, QStringLiteral("scores")), it.key()), true));
    // Task: an explicit "task"/"dataset" string, else RouterDC/LLMRouter's "cluster_id" as "cluster N".
    QString task;
    if (o.value(QStringLiteral("task")).isString())
        task = o.value(QStringLiteral("task")).toString();
    else if (o.value(QStringLiteral("dataset")).isString())
        task = o.value(QStringLiteral("dataset")).toString();
    else if (o.value(QStringLiteral("cluster_id")).isDouble())
        task = QStringLiteral("cluster %1").arg(o.value(QStringLiteral("cluster_id")).toInt());
    const std::string t = utf8(text), i = utf8(id);
    const qint64 q = ctx.writer.query(i, t, utf8(task));
    std::vector<qint64> mids;
    bool allDup = true;
    for (const auto& [name, s] : vals) {
        mids.push_back(ctx.writer.model(name));
        try {
            if (ctx.writer.checkGold(q, mids.back(), s) == 0)
                allDup = false;
        } catch (RowError& e) {
            e.path = keyPath(keyPath(base, QStringLiteral("scores")), QString::fromStdString(name));
            throw;
        }
    }
    for (size_t k = 0; k < vals.size(); ++k)
        if (ctx.writer.gold(q, mids[k], vals[k].second))
            ++ctx.rows;
    if (allDup)
        ++ctx.duplicates;
}

void alpacaItem(ImportContext& ctx, const QJsonValue& item, const QString& base)
{
    if (!item.isObject())
        bad(base, QStringLiteral("expected an annotation object, got %1").arg(jsonTypeName(item)));
    const QJsonObject o = item.toObject();
    const QString text = needString(o, QStringLiteral("instruction"), base);
    const QString a = needString(o, QStringLiteral("generator_1"), base).trimmed();
    const QString b = needString(o, QStringLiteral("generator_2"), base).trimmed();
    const QString judge = needString(o, QStringLiteral("annotator"), base, false);
    const QString task = needString(o, QStringLiteral("dataset"), base, false);
    if (a.isEmpty())
        bad(keyPath(base, QStringLiteral("generator_1")), QStringLiteral("empty model name"));
    if (b.isEmpty())
        bad(keyPath(base, QStringLiteral("generator_2")), QStringLiteral("empty model name"));
    if (a == b)
        bad(keyPath(base, QStringLiteral("generator_2")),
            QStringLiteral("generator_1 and generator_2 are the same model '%1'").arg(a));
    const QString prefPath = keyPath(base, QStringLiteral("preference"));
    const double p = needNumber(o.value(QStringLiteral("preference")), prefPath);
    if (p < 1.0 || p > 2.0)
        bad(prefPath, QStringLiteral("preference %1 is outside [1,2]").arg(p));
    const qint64 q = ctx.writer.query({}, utf8(text), utf8(task));
    const qint64 ia = ctx.writer.model(utf8(a)), ib = ctx.writer.model(utf8(b));
    try {
        ctx.countPreference(ctx.writer.preference(q, ia, ib, 3.0 - 2.0 * p, utf8(judge)));
    } catch (RowError& e) {
        e.path = prefPath;
        throw;
    }
}

void priceItem(ImportContext& ctx, const QString& name, const QJsonValue& item, const QString& base)
{
    if (!item.isObject())
        bad(base, QStringLiteral("expected an object of prices, got %1").arg(jsonTypeName(item)));
    const QJsonObject o = item.toObject();
    const double in = optPrice(o, { "input_usd_per_mtok", "input_price", "input_token_price_per_million" }, base);
    const double out = optPrice(o, { "output_usd_per_mtok", "output_price", "output_token_price_per_million" }, base);
    const double pq = optPrice(o, { "usd_per_query", "cost_per_query", "price_per_query" }, base);
    if (std::isnan(in) && std::isnan(out) && std::isnan(pq))
        bad(base, QStringLiteral("no price: expected input/output price per million tokens or a price per query"));
    if (name.trimmed().isEmpty())
        bad(base, QStringLiteral("empty model name"));
    ctx.writer.setPrices(utf8(name), in, out, pq);
    ++ctx.rows;
}

void routerArenaLine(ImportContext& ctx, std::string_view line)
{
    QJsonParseError err;
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), qsizetype(line.size())), &err);
    if (err.error != QJsonParseError::NoError)
        throw RowError { -1,
            QStringLiteral("invalid JSON at column %1: %2").arg(err.offset + 1).arg(err.errorString()) };
    if (!d.isObject())
        bad(QStringLiteral("$"), QStringLiteral("expected a JSON object"));
    const QJsonObject o = d.object();
    const QString base = QStringLiteral("$");
    const QString gi = needString(o, QStringLiteral("global_index"), base).trimmed();
    if (gi.isEmpty())
        bad(QStringLiteral("$.global_index"), QStringLiteral("empty global_index"));
    const QString text = needString(o, QStringLiteral("question"), base, false);
    const QString model = needString(o, QStringLiteral("llm_selected"), base).trimmed();
    if (model.isEmpty())
        bad(QStringLiteral("$.llm_selected"), QStringLiteral("empty model name"));
    const QJsonValue ev = o.value(QStringLiteral("evaluation_result"));
    if (!ev.isObject())
        bad(QStringLiteral("$.evaluation_result"), QStringLiteral("expected an object, got %1").arg(jsonTypeName(ev)));
    const QJsonObject e = ev.toObject();
    const double score
        = needNumber(e.value(QStringLiteral("score")), QStringLiteral("$.evaluation_result.score"), true);
    double cost = std::nan("");
    const QJsonValue cv = e.value(QStringLiteral("inference_cost"));
    if (!cv.isUndefined() && !cv.isNull()) {
        cost = needNumber(cv, QStringLiteral("$.evaluation_result.inference_cost"));
        if (cost < 0)
            bad(QStringLiteral("$.evaluation_result.inference_cost"), QStringLiteral("negative cost %1").arg(cost));
    }
    qint64 inTok = -1, outTok = -1;
    const QJsonValue tu = o.value(QStringLiteral("token_usage"));
    if (tu.isObject()) {
        const QJsonObject t = tu.toObject();
        for (const char* k : { "input_tokens", "input" })
            if (t.value(QLatin1String(k)).isDouble())
                inTok = qint64(t.value(QLatin1String(k)).toDouble());
        for (const char* k : { "output_tokens", "output" })
            if (t.value(QLatin1String(k)).isDouble())
                outTok = qint64(t.value(QLatin1String(k)).toDouble());
    }
    const qsizetype us = gi.lastIndexOf(QLatin1Char('_'));
    const QString task = us > 0 ? gi.left(us) : QString();
    const qint64 q = ctx.writer.query(utf8(gi), utf8(text), utf8(task));
    const qint64 m = ctx.writer.model(utf8(model));
    try {
        if (ctx.writer.gold(q, m, score, cost, inTok, outTok))
            ++ctx.rows;
        else
            ++ctx.duplicates;
    } catch (RowError& er) {
        er.path = QStringLiteral("$.evaluation_result.score");
        throw;
    }
}

} // namespace

void importJsonFormat(ImportContext& ctx)
{
    if (ctx.format == QLatin1String("gold-routerarena-jsonl")) {
        LineReader r(ctx.source);
        std::string_view line;
        qint64 n = 0;
        while (r.next(&line)) {
            if (trimView(line).empty())
                continue;
            ++n;
            try {
                routerArenaLine(ctx, line);
            } catch (const RowError& e) {
                ctx.rowFailed(r.lineNumber(), e, false);
            }
            ctx.tick();
        }
        if (n == 0)
            throw ImportError(ctx.file, 1, 1, QStringLiteral("empty file: expected one JSON object per line"));
        return;
    }
    const JsonFile jf = readJsonFile(ctx.source);
    auto lineOf = [&](qsizetype i) { return i < qsizetype(jf.itemLines.size()) ? jf.itemLines[size_t(i)] : 0; };
    const bool prices = ctx.format.startsWith(QLatin1String("prices-"));
    if (prices) {
        if (!jf.doc.isObject())
            throw ImportError(ctx.file, jf.firstLine, QStringLiteral("$"),
                QStringLiteral("expected a JSON object {model name: {prices}}, got %1")
                    .arg(jf.doc.isArray() ? QStringLiteral("an array") : QStringLiteral("something else")));
        const QJsonObject o = jf.doc.object();
        if (o.isEmpty())
            throw ImportError(ctx.file, 1, 1, QStringLiteral("no models in the price table"));
        // QJsonObject iterates in key order, not file order: errors name the model by its JSON path and the line
        // where its key stands.
        for (auto it = o.begin(); it != o.end(); ++it) {
            try {
                priceItem(ctx, it.key(), it.value(), keyPath(QStringLiteral("$"), it.key()));
            } catch (const RowError& e) {
                ctx.rowFailed(jf.keyLine(it.key()), e, false);
            }
            ctx.tick();
        }
        return;
    }
    if (!jf.doc.isArray())
        throw ImportError(ctx.file, jf.firstLine, QStringLiteral("$"),
            QStringLiteral("expected a JSON list of objects, got %1")
                .arg(jf.doc.isObject() ? QStringLiteral("an object") : QStringLiteral("something else")));
    const QJsonArray arr = jf.doc.array();
    if (arr.isEmpty())
        throw ImportError(ctx.file, 1, 1, QStringLiteral("the JSON list is empty: no rows"));
    const bool alpaca = ctx.format == QLatin1String("alpacaeval-annotations");
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QString base = QStringLiteral("$[%1]").arg(i);
        try {
            if (alpaca)
                alpacaItem(ctx, arr.at(i), base);
            else
                goldWideItem(ctx, arr.at(i), base);
        } catch (const RowError& e) {
            RowError located = e;
            if (located.path.isEmpty())
                located.path = base;
            ctx.rowFailed(lineOf(i), located, false);
        }
        ctx.tick();
    }
}

} // namespace crw
