#include "import/FormatDetect.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

namespace crw {

namespace {
struct FormatInfo {
    const char* name;
    DataKind kind;
    FileShape shape;
};
const FormatInfo kFormats[] = {
    { "queries-csv", DataKind::Queries, FileShape::Csv },
    { "queries-jsonl", DataKind::Queries, FileShape::JsonLines },
    { "gold-long-csv", DataKind::Gold, FileShape::Csv },
    { "gold-long-jsonl", DataKind::Gold, FileShape::JsonLines },
    { "gold-wide-csv", DataKind::Gold, FileShape::Csv },
    { "gold-wide-json", DataKind::Gold, FileShape::JsonDocument },
    { "gold-routerarena-jsonl", DataKind::Gold, FileShape::JsonLines },
    { "preference-csv", DataKind::Preference, FileShape::Csv },
    { "preference-jsonl", DataKind::Preference, FileShape::JsonLines },
    { "alpacaeval-annotations", DataKind::Preference, FileShape::JsonDocument },
    { "prices-csv", DataKind::Prices, FileShape::Csv },
    { "prices-llmrouter-json", DataKind::Prices, FileShape::JsonDocument },
    { "prices-routerarena-json", DataKind::Prices, FileShape::JsonDocument },
    { "arena-csv", DataKind::Preference, FileShape::Csv },
    { "arena-jsonl", DataKind::Preference, FileShape::JsonLines },
    { "mtbench-pairwise-jsonl", DataKind::Preference, FileShape::JsonLines },
    { "mtbench-single-jsonl", DataKind::Gold, FileShape::JsonLines },
    { "ultrafeedback-jsonl", DataKind::Gold, FileShape::JsonLines },
    { "sprout-jsonl", DataKind::Gold, FileShape::JsonLines },
    { "sprout-csv", DataKind::Gold, FileShape::Csv },
    { "embedllm-csv", DataKind::Gold, FileShape::Csv },
    { "llmrouterbench-json", DataKind::Gold, FileShape::JsonDocument },
    { "helpsteer3-jsonl", DataKind::Preference, FileShape::JsonLines },
    { "helpsteer2-csv", DataKind::Gold, FileShape::Csv },
    { "helpsteer2-jsonl", DataKind::Gold, FileShape::JsonLines },
};

const FormatInfo* findFormat(const QString& f)
{
    for (const auto& i : kFormats)
        if (f == QLatin1String(i.name))
            return &i;
    return nullptr;
}

// Index of the first header column whose lower-cased name is in names (in the order of names), or -1.
int findColumn(const QStringList& header, const QStringList& names)
{
    for (const QString& n : names)
        for (int i = 0; i < header.size(); ++i)
            if (header[i].trimmed().compare(n, Qt::CaseInsensitive) == 0)
                return i;
    return -1;
}

bool looksNumericOrBool(const QString& s)
{
    const QString t = s.trimmed();
    if (t.isEmpty())
        return true; // a missing value does not decide
    if (t.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
        || t.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return true;
    bool ok = false;
    t.toDouble(&ok);
    return ok;
}

bool ignoredByName(const QString& c)
{
    const QString l = c.trimmed().toLower();
    return l.isEmpty() || l == QLatin1String("sample_id") || l.startsWith(QLatin1String("oracle"))
        || l.startsWith(QLatin1String("unnamed")) || l == QLatin1String("cluster_id") || l == QLatin1String("index")
        || l.endsWith(QLatin1String("_response")) || l.endsWith(QLatin1String("|model_response"));
}
}

bool formatKind(const QString& format, DataKind* out)
{
    const FormatInfo* i = findFormat(format);
    if (i && out)
        *out = i->kind;
    return i != nullptr;
}

QStringList formatNames()
{
    QStringList out;
    for (const auto& i : kFormats)
        out << QLatin1String(i.name);
    return out;
}

bool formatHasJudges(const QString& format)
{
    return format == QLatin1String("alpacaeval-annotations") || format.startsWith(QLatin1String("mtbench-"));
}

FileShape formatShape(const QString& format)
{
    const FormatInfo* i = findFormat(format);
    return i ? i->shape : FileShape::Csv;
}

QStringList idColumnNames()
{
    return { "query_id", "id", "qid", "question_id", "instruction_id", "prompt_id", "global_index", "uid" };
}
QStringList textColumnNames()
{
    return { "text", "query", "question", "prompt", "instruction", "input" };
}
QStringList taskColumnNames()
{
    return { "task", "task_name", "eval_name", "dataset", "category", "subject" };
}

FileShape sniffShape(const QString& path)
{
    QFile f(path);
    if (!f.exists())
        throw ImportError(path, 0, 0, QStringLiteral("no such file"));
    if (!f.open(QIODevice::ReadOnly))
        throw ImportError(path, 0, 0, QStringLiteral("cannot open file for reading: %1").arg(f.errorString()));
    QByteArray head = f.read(1 << 16);
    if (head.startsWith("\xEF\xBB\xBF"))
        head.remove(0, 3);
    const QByteArray t = head.trimmed();
    if (t.isEmpty())
        throw ImportError(path, 1, 1, QStringLiteral("empty file: expected a header line or JSON data"));
    if (t.startsWith('['))
        return FileShape::JsonDocument;
    if (t.startsWith('{')) {
        const qsizetype nl = t.indexOf('\n');
        const QByteArray first = nl < 0 ? t : t.left(nl).trimmed();
        QJsonParseError err;
        const QJsonDocument d = QJsonDocument::fromJson(first, &err);
        if (err.error == QJsonParseError::NoError && d.isObject())
            return FileShape::JsonLines;
        // A one-line object cut by the 64 KB window still belongs to JSON Lines if a newline follows later.
        if (nl < 0 && head.size() == (1 << 16))
            return FileShape::JsonLines;
        return nl < 0 ? FileShape::JsonLines : FileShape::JsonDocument;
    }
    return FileShape::Csv;
}

ColumnMapping detectTabularMapping(DataKind kind, FileShape shape, const QStringList& header,
    const QVector<QStringList>& sample, QString* format, QStringList* warnings)
{
    ColumnMapping m;
    const bool csv = shape == FileShape::Csv;
    int idCol = findColumn(header, idColumnNames());
    int textCol = findColumn(header, textColumnNames());
    int taskCol = findColumn(header, taskColumnNames());
    QList<int> used;
    auto take = [&](int i, QString* dst) {
        if (i >= 0) {
            *dst = header[i];
            used << i;
        }
    };
    switch (kind) {
    case DataKind::Queries: {
        *format = csv ? "queries-csv" : "queries-jsonl";
        take(idCol, &m.queryId);
        take(textCol, &m.text);
        take(taskCol, &m.task);
        static const QRegularExpression emb(
            QStringLiteral("^(f|emb_?|e)(\\d+)$"), QRegularExpression::CaseInsensitiveOption);
        QVector<QPair<int, int>> numbered;
        for (int i = 0; i < header.size(); ++i) {
            const auto mm = emb.match(header[i].trimmed());
            if (mm.hasMatch())
                numbered.push_back({ mm.captured(2).toInt(), i });
        }
        std::sort(numbered.begin(), numbered.end());
        for (const auto& [n, i] : numbered) {
            m.embeddingColumns << header[i];
            used << i;
        }
        if (m.embeddingColumns.isEmpty()) {
            const int e = findColumn(header, { "embedding", "embeddings", "vector" });
            if (e >= 0) {
                m.embeddingColumns << header[e];
                used << e;
            }
        }
        break;
    }
    case DataKind::Gold: {
        const int modelCol = findColumn(header, { "model", "model_name", "llm", "llm_selected" });
        const int scoreCol = findColumn(header, { "score", "label", "correct", "quality", "gold" });
        if (!csv && findColumn(header, { "llm_selected" }) >= 0 && findColumn(header, { "evaluation_result" }) >= 0) {
            *format = "gold-routerarena-jsonl";
            m.queryId = "global_index";
            m.text = "question";
            m.model = "llm_selected";
            m.score = "evaluation_result.score";
            m.extra["cost"] = "evaluation_result.inference_cost";
            return m;
        }
        take(idCol, &m.queryId);
        take(textCol, &m.text);
        take(taskCol, &m.task);
        if (!csv || (modelCol >= 0 && scoreCol >= 0)) {
            *format = csv ? "gold-long-csv" : "gold-long-jsonl";
            take(modelCol, &m.model);
            take(scoreCol, &m.score);
            const int cost = findColumn(header, { "cost_usd", "cost", "total_cost", "inference_cost" });
            if (cost >= 0) {
                m.extra["cost"] = header[cost];
                used << cost;
            }
            break;
        }
        *format = "gold-wide-csv";
        QStringList ignored;
        for (int i = 0; i < header.size(); ++i) {
            if (used.contains(i))
                continue;
            const QString name = header[i].trimmed();
            if (name.endsWith(QLatin1String("|total_cost"))) {
                m.extra[QStringLiteral("cost:") + name.left(name.size() - 11)] = header[i];
                continue;
            }
            bool numeric = !ignoredByName(name) && !name.contains(QLatin1Char('|'));
            for (const QStringList& row : sample)
                if (numeric && i < row.size() && !looksNumericOrBool(row[i]))
                    numeric = false;
            if (numeric)
                m.modelColumns << header[i];
            else
                ignored << (name.isEmpty() ? QStringLiteral("(unnamed column %1)").arg(i + 1) : name);
        }
        // A cost column only counts for a model that has a score column.
        for (auto it = m.extra.begin(); it != m.extra.end();) {
            if (it.key().startsWith(QLatin1String("cost:")) && !m.modelColumns.contains(it.key().mid(5)))
                it = m.extra.erase(it);
            else
                ++it;
        }
        if (!ignored.isEmpty() && warnings)
            *warnings << QStringLiteral("ignored columns: %1").arg(ignored.join(QStringLiteral(", ")));
        return m;
    }
    case DataKind::Preference: {
        *format = csv ? "preference-csv" : "preference-jsonl";
        take(idCol, &m.queryId);
        take(textCol, &m.text);
        take(taskCol, &m.task);
        take(findColumn(header, { "model_a", "generator_1", "model_1", "a" }), &m.modelA);
        take(findColumn(header, { "model_b", "generator_2", "model_2", "b" }), &m.modelB);
        take(findColumn(header, { "judge", "annotator" }), &m.judge);
        const struct {
            const char* kind;
            QStringList names;
        } outcomes[]
            = { { "gain", { "gain", "outcome", "delta" } }, { "prob", { "prob", "p_a", "prob_a", "probability" } },
                  { "winner", { "winner" } }, { "preference", { "preference" } } };
        for (const auto& o : outcomes) {
            const int i = findColumn(header, o.names);
            if (i >= 0) {
                take(i, &m.outcome);
                m.outcomeKind = QLatin1String(o.kind);
                break;
            }
        }
        break;
    }
    case DataKind::Prices: {
        *format = "prices-csv";
        take(findColumn(header, { "model", "name", "model_name" }), &m.priceModel);
        take(findColumn(header, { "input_usd_per_mtok", "input_price", "input_token_price_per_million" }),
            &m.inputPrice);
        take(findColumn(header, { "output_usd_per_mtok", "output_price", "output_token_price_per_million" }),
            &m.outputPrice);
        take(findColumn(header, { "usd_per_query", "cost_per_query", "price_per_query" }), &m.perQueryPrice);
        break;
    }
    }
    if (warnings && csv) {
        QStringList ignored;
        for (int i = 0; i < header.size(); ++i)
            if (!used.contains(i))
                ignored << (header[i].trimmed().isEmpty() ? QStringLiteral("(unnamed column %1)").arg(i + 1)
                                                          : header[i].trimmed());
        if (!ignored.isEmpty())
            *warnings << QStringLiteral("ignored columns: %1").arg(ignored.join(QStringLiteral(", ")));
    }
    return m;
}

} // namespace crw
