// CSV and JSON Lines readers of the tabular formats: one Cell per mapped column, one handler per kind.
#include "import/Cell.h"
#include "import/CsvReader.h"
#include "import/FormatDetect.h"
#include "import/ImportContext.h"
#include "import/LineReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>
#include <functional>

namespace crw {

namespace {

QString csvCellText(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString jsonValueText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isNull() || v.isUndefined())
        return QString();
    return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                 .toJson(QJsonDocument::Compact));
}

// Converts a JSON member to a Cell; text storage lives in store (kept until the next row).
void toCell(const QJsonValue& v, Cell* c, std::string* store)
{
    c->json = QJsonValue();
    switch (v.type()) {
    case QJsonValue::Undefined:
        c->type = CellType::Missing;
        c->text = {};
        return;
    case QJsonValue::Null:
        c->type = CellType::Null;
        c->text = {};
        return;
    case QJsonValue::Bool:
        c->type = CellType::Bool;
        c->number = v.toBool() ? 1.0 : 0.0;
        *store = v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        c->type = CellType::Number;
        c->number = v.toDouble();
        const double d = c->number;
        if (std::floor(d) == d && std::fabs(d) < 9.0e15)
            *store = std::to_string(static_cast<long long>(d));
        else
            *store = QByteArray::number(d, 'g', 17).toStdString();
        break;
    }
    case QJsonValue::String:
        c->type = CellType::Text;
        *store = v.toString().toStdString();
        c->json = v;
        break;
    case QJsonValue::Array:
        c->type = CellType::Array;
        c->json = v;
        store->clear();
        break;
    case QJsonValue::Object:
        c->type = CellType::Object;
        store->clear();
        break;
    }
    c->text = *store;
}

struct Columns {
    QStringList names;
    int index(const QString& name) const
    {
        if (name.isEmpty())
            return -1;
        for (int i = 0; i < names.size(); ++i)
            if (names[i] == name)
                return i;
        for (int i = 0; i < names.size(); ++i)
            if (names[i].trimmed().compare(name.trimmed(), Qt::CaseInsensitive) == 0)
                return i;
        return -2; // mapped but absent
    }
};

using RowHandler = std::function<void(const std::vector<Cell>&)>;

/// Fewest model columns of a wide gold file.
constexpr size_t kMinWideModelColumns = 2;

class HandlerBuilder {
public:
    HandlerBuilder(ImportContext& ctx, const Columns& cols)
        : m_ctx(ctx)
        , m_cols(cols)
    {
    }

    RowHandler build()
    {
        const ColumnMapping& m = m_ctx.mapping;
        const int id = col(m.queryId), text = col(m.text), task = col(m.task);
        ProjectWriter& w = m_ctx.writer;
        ImportContext& ctx = m_ctx;
        DataKind kind = m_ctx.options.kind;
        formatKind(m_ctx.format, &kind);
        const bool needsQuery = kind != DataKind::Prices;
        if (needsQuery && id < 0 && text < 0)
            missing(QStringLiteral("a query id or text column (one of: %1; %2)")
                        .arg(idColumnNames().join(QStringLiteral(", ")), textColumnNames().join(QStringLiteral(", "))));
        const QString fixedTask = m_ctx.mapping.extra.value(QStringLiteral("default_task"));
        auto queryOf = [id, text, task, &w, fixedTask](const std::vector<Cell>& c) {
            const std::string_view qid
                = id >= 0 ? trimView(cellText(c[size_t(id)], id, "query id")) : std::string_view();
            const std::string_view qtext
                = text >= 0 ? cellText(c[size_t(text)], text, "query text") : std::string_view();
            std::string_view qtask = task >= 0 ? cellText(c[size_t(task)], task, "task") : std::string_view();
            static thread_local std::string fixed;
            if (qtask.empty() && !fixedTask.isEmpty()) {
                fixed = fixedTask.toStdString();
                qtask = fixed;
            }
            // The limits again here, so the message names the column (ProjectWriter::query checks them too).
            if (qid.size() > kMaxIdBytes)
                throw RowError { id,
                    QStringLiteral("query id of %1 bytes is longer than the limit of %2 bytes")
                        .arg(qulonglong(qid.size()))
                        .arg(qulonglong(kMaxIdBytes)) };
            if (qtext.size() > kMaxTextBytes)
                throw RowError { text,
                    QStringLiteral("query text of %1 bytes is longer than the limit of %2 bytes")
                        .arg(qulonglong(qtext.size()))
                        .arg(qulonglong(kMaxTextBytes)) };
            if (qtask.size() > kMaxIdBytes)
                throw RowError { task,
                    QStringLiteral("task of %1 bytes is longer than the limit of %2 bytes")
                        .arg(qulonglong(qtask.size()))
                        .arg(qulonglong(kMaxIdBytes)) };
            if (qid.empty() && trimView(qtext).empty())
                throw RowError { id >= 0 ? id : text,
                    QStringLiteral("the row has neither a query id nor a query text") };
            return w.query(qid, qtext, qtask);
        };

        switch (kind) {
        case DataKind::Queries: {
            std::vector<int> emb;
            for (const QString& e : m.embeddingColumns)
                emb.push_back(col(e));
            for (int e : emb)
                if (e < 0)
                    missing(QStringLiteral("embedding column"));
            const bool jsonEmbedding = emb.size() == 1
                && !m_ctx.mapping.embeddingColumns.first().contains(QRegularExpression(QStringLiteral("\\d$")));
            return [=, &ctx, &w](const std::vector<Cell>& c) {
                std::vector<double> v;
                if (jsonEmbedding) {
                    if (!isBlank(c[size_t(emb[0])]))
                        v = cellVector(c[size_t(emb[0])], emb[0]);
                } else {
                    for (int e : emb)
                        v.push_back(cellNumber(c[size_t(e)], e, "embedding value"));
                }
                const qint64 q = queryOf(c);
                if (!v.empty()) {
                    try {
                        w.embedding(q, v);
                    } catch (RowError& e) {
                        e.column = emb[0]; // name the embedding column(s) in the message
                        throw;
                    }
                }
                ++ctx.rows;
            };
        }
        case DataKind::Gold: {
            if (m_ctx.format == QLatin1String("gold-wide-csv")) {
                struct ModelCol {
                    int score, cost;
                    std::string name;
                };
                std::vector<ModelCol> mc;
                for (const QString& name : m.modelColumns) {
                    const int s = col(name);
                    if (s < 0)
                        missing(QStringLiteral("model column '%1'").arg(name));
                    const QString costName = m.extra.value(QStringLiteral("cost:") + name.trimmed());
                    mc.push_back({ s, costName.isEmpty() ? -1 : col(costName), name.trimmed().toStdString() });
                }
                if (mc.size() < kMinWideModelColumns) {
                    // One numeric column is not a wide file: `query_id,score` is a long file without its model
                    // column, and a single model has nothing to be routed against.
                    const int at = mc.empty() ? -1 : mc.front().score;
                    const QString name = at >= 0 ? m_cols.names[at].trimmed() : QString();
                    const bool scoreName = !name.isEmpty()
                        && QStringList { "score", "label", "correct", "quality", "gold" }.contains(
                            name.toLower());
                    throw ImportError(m_ctx.file, 1, at + 1,
                        scoreName
                            ? QStringLiteral("column '%1' is a score but the file has no model column (model, "
                                             "model_name, llm); a wide file needs at least %2 model columns "
                                             "(header: %3)")
                                  .arg(name)
                                  .arg(kMinWideModelColumns)
                                  .arg(headerExcerpt())
                            : QStringLiteral("a wide gold file needs at least %1 model columns with numeric or "
                                             "True/False scores, found %2; a long file needs model and score "
                                             "columns (header: %3)")
                                  .arg(kMinWideModelColumns)
                                  .arg(mc.size())
                                  .arg(headerExcerpt()));
                }
                std::vector<qint64> modelIds;
                return [=, &ctx, &w](const std::vector<Cell>& c) mutable {
                    std::vector<double> scores(mc.size()), costs(mc.size(), std::nan(""));
                    std::vector<char> present(mc.size(), 0);
                    for (size_t k = 0; k < mc.size(); ++k) {
                        const Cell& s = c[size_t(mc[k].score)];
                        if (isBlank(s)) {
                            ++ctx.emptyCells;
                            continue;
                        }
                        scores[k] = cellNumber(s, mc[k].score, "score", true);
                        present[k] = 1;
                        if (mc[k].cost >= 0 && !isBlank(c[size_t(mc[k].cost)])) {
                            costs[k] = cellNumber(c[size_t(mc[k].cost)], mc[k].cost, "cost");
                            if (costs[k] < 0)
                                throw RowError { mc[k].cost, QStringLiteral("negative cost %1").arg(costs[k]) };
                        }
                    }
                    const qint64 q = queryOf(c);
                    if (modelIds.empty())
                        for (const auto& x : mc)
                            modelIds.push_back(w.model(x.name));
                    bool allDuplicates = true;
                    for (size_t k = 0; k < mc.size(); ++k) {
                        if (!present[k])
                            continue;
                        try {
                            if (w.checkGold(q, modelIds[k], scores[k]) == 0)
                                allDuplicates = false;
                        } catch (RowError& e) {
                            e.column = mc[k].score;
                            throw;
                        }
                    }
                    for (size_t k = 0; k < mc.size(); ++k)
                        if (present[k] && w.gold(q, modelIds[k], scores[k], costs[k]))
                            ++ctx.rows;
                    if (allDuplicates)
                        ++ctx.duplicates;
                };
            }
            const int model = col(m.model), score = col(m.score), cost = col(m.extra.value(QStringLiteral("cost")));
            if (model < 0)
                missing(QStringLiteral("a model column (model, model_name, llm)"));
            if (score < 0)
                missing(QStringLiteral("a score column (score, label, correct, quality)"));
            return [=, &ctx, &w](const std::vector<Cell>& c) {
                const double s = cellNumber(c[size_t(score)], score, "score", true);
                double costUsd = std::nan("");
                if (cost >= 0 && !isBlank(c[size_t(cost)])) {
                    costUsd = cellNumber(c[size_t(cost)], cost, "cost");
                    if (costUsd < 0)
                        throw RowError { cost, QStringLiteral("negative cost %1").arg(costUsd) };
                }
                const std::string_view name = trimView(cellText(c[size_t(model)], model, "model"));
                if (name.empty())
                    throw RowError { model, QStringLiteral("empty model name") };
                const qint64 q = queryOf(c);
                qint64 mid = 0;
                try {
                    mid = w.model(name);
                } catch (RowError& e) {
                    e.column = model;
                    throw;
                }
                try {
                    if (w.gold(q, mid, s, costUsd))
                        ++ctx.rows;
                    else
                        ++ctx.duplicates;
                } catch (RowError& e) {
                    e.column = score;
                    throw;
                }
            };
        }
        case DataKind::Preference: {
            const int a = col(m.modelA), b = col(m.modelB), out = col(m.outcome), judge = col(m.judge);
            if (a < 0)
                missing(QStringLiteral("a model_a column (model_a, generator_1)"));
            if (b < 0)
                missing(QStringLiteral("a model_b column (model_b, generator_2)"));
            if (out < 0)
                missing(QStringLiteral("an outcome column: gain, prob, winner or preference"));
            const QString kindName = m.outcomeKind.isEmpty() ? QStringLiteral("gain") : m.outcomeKind;
            enum { Gain, Prob, Winner, Pref } ok = Gain;
            if (kindName == QLatin1String("prob"))
                ok = Prob;
            else if (kindName == QLatin1String("winner"))
                ok = Winner;
            else if (kindName == QLatin1String("preference"))
                ok = Pref;
            else if (kindName != QLatin1String("gain"))
                missing(
                    QStringLiteral("a known outcome kind (gain, prob, winner, preference), not '%1'").arg(kindName));
            return [=, &ctx, &w](const std::vector<Cell>& c) {
                const std::string_view ma = trimView(cellText(c[size_t(a)], a, "model_a"));
                const std::string_view mb = trimView(cellText(c[size_t(b)], b, "model_b"));
                if (ma.empty())
                    throw RowError { a, QStringLiteral("empty model_a") };
                if (mb.empty())
                    throw RowError { b, QStringLiteral("empty model_b") };
                if (ma == mb)
                    throw RowError { b, QStringLiteral("model_a and model_b are the same model %1").arg(excerpt(ma)) };
                double g = 0.0;
                switch (ok) {
                case Gain:
                    g = cellNumber(c[size_t(out)], out, "gain");
                    break;
                case Prob: {
                    const double p = cellNumber(c[size_t(out)], out, "prob");
                    if (p < 0.0 || p > 1.0)
                        throw RowError { out, QStringLiteral("prob %1 is outside [0,1]").arg(p) };
                    g = 2.0 * p - 1.0;
                    break;
                }
                case Pref: {
                    const double p = cellNumber(c[size_t(out)], out, "preference");
                    if (p < 1.0 || p > 2.0)
                        throw RowError { out, QStringLiteral("preference %1 is outside [1,2]").arg(p) };
                    g = 3.0 - 2.0 * p;
                    break;
                }
                case Winner: {
                    const std::string_view v = trimView(cellText(c[size_t(out)], out, "winner"));
                    const QString l = QString::fromUtf8(v.data(), qsizetype(v.size())).toLower();
                    if (v == ma || l == QLatin1String("model_a") || l == QLatin1String("a"))
                        g = 1.0;
                    else if (v == mb || l == QLatin1String("model_b") || l == QLatin1String("b"))
                        g = -1.0;
                    else if (l.startsWith(QLatin1String("tie")) || l == QLatin1String("draw"))
                        g = 0.0;
                    else
                        throw RowError { out,
                            QStringLiteral("unknown winner %1: expected model_a, model_b, tie or one of the two model "
                                           "names")
                                .arg(excerpt(v)) };
                    break;
                }
                }
                const std::string_view j = judge >= 0 ? cellText(c[size_t(judge)], judge, "judge") : std::string_view();
                const qint64 q = queryOf(c);
                qint64 ia = 0, ib = 0;
                try {
                    ia = w.model(ma);
                    ib = w.model(mb);
                } catch (RowError& e) {
                    e.column = ia ? b : a;
                    throw;
                }
                try {
                    ctx.countPreference(w.preference(q, ia, ib, g, j));
                } catch (RowError& e) {
                    e.column = out;
                    throw;
                }
            };
        }
        case DataKind::Prices: {
            const int model = col(m.priceModel), in = col(m.inputPrice), outp = col(m.outputPrice),
                      pq = col(m.perQueryPrice);
            if (model < 0)
                missing(QStringLiteral("a model column (model, name)"));
            if (in < 0 && outp < 0 && pq < 0)
                missing(QStringLiteral("a price column (input_usd_per_mtok, output_usd_per_mtok, usd_per_query)"));
            return [=, &ctx, &w](const std::vector<Cell>& c) {
                auto price = [&](int i, const char* what) {
                    if (i < 0 || isBlank(c[size_t(i)]))
                        return std::nan("");
                    const double v = cellNumber(c[size_t(i)], i, what);
                    if (v < 0)
                        throw RowError { i, QStringLiteral("negative price %1").arg(v) };
                    return v;
                };
                const double vi = price(in, "input price"), vo = price(outp, "output price"),
                             vq = price(pq, "price per query");
                const std::string_view name = trimView(cellText(c[size_t(model)], model, "model"));
                if (name.empty())
                    throw RowError { model, QStringLiteral("empty model name") };
                if (std::isnan(vi) && std::isnan(vo) && std::isnan(vq))
                    throw RowError { model, QStringLiteral("no price given for this model") };
                w.setPrices(name, vi, vo, vq);
                ++ctx.rows;
            };
        }
        }
        return {};
    }

private:
    int col(const QString& name)
    {
        const int i = m_cols.index(name);
        if (i == -2)
            throw ImportError(m_ctx.file, 1, 0,
                QStringLiteral("column '%1' is not in the header (columns: %2)").arg(name, headerExcerpt()));
        return i;
    }
    [[noreturn]] void missing(const QString& what)
    {
        throw ImportError(m_ctx.file, 1, 0,
            QStringLiteral("missing required column: expected %1 (header: %2)").arg(what, headerExcerpt()));
    }
    // The header for a message: names cut to 40 characters, at most 200 characters in all (a 10 MB "header" line
    // of a file that is not CSV must not end up in the message).
    QString headerExcerpt() const
    {
        QString out;
        for (const QString& n : m_cols.names) {
            if (!out.isEmpty())
                out += QStringLiteral(", ");
            out += n.size() > 40 ? n.left(40) + QStringLiteral("...") : n;
            if (out.size() > 200)
                return out.left(200) + QStringLiteral("...");
        }
        return out;
    }
    ImportContext& m_ctx;
    const Columns& m_cols;
};

QStringList mappedNames(const ColumnMapping& m)
{
    QStringList n { m.queryId, m.text, m.task, m.model, m.score, m.modelA, m.modelB, m.outcome, m.judge, m.priceModel,
        m.inputPrice, m.outputPrice, m.perQueryPrice };
    n << m.modelColumns << m.embeddingColumns;
    for (auto it = m.extra.begin(); it != m.extra.end(); ++it)
        if (it.key() != QLatin1String("default_task"))
            n << it.value();
    n.removeAll(QString());
    n.removeDuplicates();
    return n;
}

} // namespace

void readTabularHead(const QString& file, bool csv, int maxRows, QStringList* header, QVector<QStringList>* rows)
{
    FileSource src(file);
    if (csv) {
        CsvReader r(src);
        if (!r.next())
            throw ImportError(file, 1, 1, QStringLiteral("empty file: expected a header line"));
        for (auto f : r.fields())
            *header << csvCellText(f).trimmed();
        while (rows->size() < maxRows && r.next()) {
            QStringList row;
            for (auto f : r.fields())
                row << csvCellText(f);
            rows->push_back(row);
        }
        return;
    }
    LineReader r(src);
    std::string_view line;
    QVector<QJsonObject> objs;
    while (objs.size() < std::max(maxRows, 1) && r.next(&line)) {
        if (trimView(line).empty())
            continue;
        QJsonParseError err;
        const QJsonDocument d = QJsonDocument::fromJson(QByteArray(line.data(), qsizetype(line.size())), &err);
        if (err.error != QJsonParseError::NoError || !d.isObject())
            throw ImportError(file, r.lineNumber(), err.offset + 1,
                err.error != QJsonParseError::NoError ? QStringLiteral("invalid JSON: %1").arg(err.errorString())
                                                      : QStringLiteral("expected a JSON object on each line"));
        objs.push_back(d.object());
        for (const QString& k : d.object().keys())
            if (!header->contains(k))
                *header << k;
    }
    if (objs.isEmpty())
        throw ImportError(file, 1, 1, QStringLiteral("empty file: expected one JSON object per line"));
    for (int i = 0; i < objs.size() && i < maxRows; ++i) {
        QStringList row;
        for (const QString& k : *header)
            row << jsonValueText(objs[i].value(k));
        rows->push_back(row);
    }
}

void ImportContext::rowFailed(qint64 line, const RowError& e, bool csvColumns, const QString& columnName)
{
    if (options.skipBadRows) {
        QString reason = e.message;
        if (!e.path.isEmpty())
            reason = e.path + QStringLiteral(": ") + reason;
        else if (!columnName.isEmpty())
            reason = QStringLiteral("column '%1': %2").arg(columnName, reason);
        result.skipped.push_back({ line, singleLine(reason) });
        return;
    }
    if (!e.path.isEmpty())
        throw ImportError(file, line, e.path, e.message);
    if (csvColumns)
        throw ImportError(file, line, e.column >= 0 ? e.column + 1 : 0,
            columnName.isEmpty() ? e.message : QStringLiteral("column '%1': %2").arg(columnName, e.message));
    throw ImportError(file, line, columnName.isEmpty() ? QString() : QStringLiteral("$.") + columnName, e.message);
}

void importTabular(ImportContext& ctx)
{
    const bool csv = formatShape(ctx.format) == FileShape::Csv;
    Columns cols;
    std::vector<Cell> cells;
    qint64 dataRows = 0;
    if (csv) {
        CsvReader r(ctx.source);
        if (!r.next())
            throw ImportError(ctx.file, 1, 1, QStringLiteral("empty file: expected a header line"));
        for (auto f : r.fields())
            cols.names << csvCellText(f);
        const qint64 headerLine = r.line();
        HandlerBuilder hb(ctx, cols);
        const RowHandler handle = hb.build();
        cells.resize(size_t(cols.names.size()));
        for (Cell& c : cells)
            c.type = CellType::Text;
        const qint64 headerBytes = r.consumed();
        while (r.next()) {
            if (++dataRows == 2048 && r.consumed() > headerBytes)
                ctx.writer.expectLabels(qint64(
                    double(ctx.source.size() - headerBytes) / double(r.consumed() - headerBytes) * 2048.0 * 1.05));
            const auto& f = r.fields();
            try {
                if (f.size() != cells.size())
                    throw RowError { -1,
                        QStringLiteral("the row has %1 fields but the header has %2").arg(f.size()).arg(cells.size()) };
                for (size_t i = 0; i < f.size(); ++i)
                    cells[i].text = f[i];
                handle(cells);
            } catch (const RowError& e) {
                ctx.rowFailed(r.line(), e, true,
                    e.column >= 0 && e.column < cols.names.size() ? cols.names[e.column].trimmed() : QString());
            }
            ctx.tick();
        }
        if (dataRows == 0)
            throw ImportError(ctx.file, headerLine + 1, 0, QStringLiteral("the file has a header but no data rows"));
        return;
    }
    cols.names = mappedNames(ctx.mapping);
    HandlerBuilder hb(ctx, cols);
    const RowHandler handle = hb.build();
    cells.resize(size_t(cols.names.size()));
    std::vector<std::string> store(cells.size());
    LineReader r(ctx.source);
    std::string_view line;
    while (r.next(&line)) {
        if (trimView(line).empty() || trimView(line) == "\r")
            continue;
        ++dataRows;
        try {
            const QJsonObject o = jsonLineObject(line);
            for (size_t i = 0; i < cells.size(); ++i)
                toCell(o.value(cols.names[qsizetype(i)]), &cells[i], &store[i]);
            handle(cells);
        } catch (const RowError& e) {
            ctx.rowFailed(r.lineNumber(), e, false,
                e.column >= 0 && e.column < cols.names.size() ? cols.names[e.column] : QString());
        }
        ctx.tick();
    }
    if (dataRows == 0)
        throw ImportError(ctx.file, 1, 1, QStringLiteral("empty file: expected one JSON object per line"));
}

} // namespace crw
