// Public preference and grade dumps read record by record (CSV rows or JSON Lines objects as JSON objects):
// Chatbot Arena / LMArena battles, MT-Bench pairwise judgments and single-answer grades, UltraFeedback, SPROUT,
// EmbedLLM, HelpSteer2/3; and LLMRouterBench result documents (the items of their "records" list).
#include "import/Cell.h"
#include "import/CsvReader.h"
#include "import/FormatDetect.h"
#include "import/ImportContext.h"
#include "import/JsonFile.h"
#include "import/LineReader.h"
#include "import/RecordImport.h"

#include "util/JsonTypeName.h"

#include <QDir>
#include <QFileInfo>
#include <unordered_map>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <map>

namespace crw {

namespace {

bool has(const QStringList& header, const char* name)
{
    for (const QString& h : header)
        if (h.trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// A problem with one key of a record; the loop turns the key into a CSV column or a JSON path.
struct KeyError {
    QString key, message;
};
[[noreturn]] void bad(const QString& key, const QString& message)
{
    throw KeyError { key, message };
}

// The top-level key of a key path ("completions[3].model" -> "completions"; "llama-3.1.score" -> "llama-3.1" when
// present(that) is true): the longest prefix before '[' or a '.' that present() accepts, else the first segment.
template <class Present> QString topKey(const QString& path, Present present)
{
    QString k = path.section(QLatin1Char('['), 0, 0);
    while (!present(k)) {
        const qsizetype dot = k.lastIndexOf(QLatin1Char('.'));
        if (dot < 0)
            break;
        k = k.left(dot);
    }
    return k;
}

QString needString(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString())
        bad(QLatin1String(key), QStringLiteral("expected a string, got %1").arg(jsonTypeName(v)));
    const QString s = v.toString().trimmed();
    if (s.isEmpty())
        bad(QLatin1String(key), QStringLiteral("empty value"));
    return s;
}

// A JSON list or object, given as JSON or (CSV) as text holding JSON.
QJsonValue needJson(const QJsonObject& o, const char* key, bool wantArray)
{
    QJsonValue v = o.value(QLatin1String(key));
    if (v.isString()) {
        QJsonParseError err;
        const QJsonDocument d = QJsonDocument::fromJson(v.toString().toUtf8(), &err);
        if (err.error != QJsonParseError::NoError)
            bad(QLatin1String(key),
                QStringLiteral("expected %1 in JSON: %2 at character %3")
                    .arg(wantArray ? QStringLiteral("a list") : QStringLiteral("an object"), err.errorString())
                    .arg(err.offset + 1));
        v = d.isArray() ? QJsonValue(d.array()) : QJsonValue(d.object());
    }
    if (wantArray ? !v.isArray() : !v.isObject())
        bad(QLatin1String(key),
            QStringLiteral("expected %1, got %2")
                .arg(wantArray ? QStringLiteral("a list") : QStringLiteral("an object"), jsonTypeName(v)));
    return v;
}

// A number, given as JSON or (CSV) as text.
double needNumber(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    double d = 0;
    bool ok = v.isDouble();
    if (ok)
        d = v.toDouble();
    else if (v.isString())
        d = v.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(d))
        bad(QLatin1String(key), QStringLiteral("expected a finite number, got %1").arg(jsonTypeName(v)));
    return d;
}

// The text of a message's content: a string, or a list of parts whose "text" members are joined.
QString contentText(const QJsonValue& c)
{
    if (c.isString())
        return c.toString();
    QString out;
    if (c.isArray())
        for (const QJsonValue& part : c.toArray())
            if (part.isObject() && part.toObject().value(QStringLiteral("text")).isString())
                out += (out.isEmpty() ? QString() : QStringLiteral("\n"))
                    + part.toObject().value(QStringLiteral("text")).toString();
    return out;
}

// The n-th (1-based) user message of a conversation [{role, content}].
QString userTurn(const QJsonObject& o, const char* key, int n)
{
    const QJsonArray conv = needJson(o, key, true).toArray();
    int seen = 0;
    for (const QJsonValue& m : conv) {
        const QJsonObject msg = m.toObject();
        if (msg.value(QStringLiteral("role")).toString() != QLatin1String("user"))
            continue;
        if (++seen == n) {
            const QString t = contentText(msg.value(QStringLiteral("content")));
            if (t.trimmed().isEmpty())
                bad(QLatin1String(key), QStringLiteral("user turn %1 has no text").arg(n));
            return t;
        }
    }
    bad(QLatin1String(key), QStringLiteral("no user turn %1 in the conversation").arg(n));
}

// A judge given as a string or (FastChat) as a list of strings, joined by "/".
QString judgeName(const QJsonObject& o)
{
    const QJsonValue v = o.value(QStringLiteral("judge"));
    if (v.isString())
        return v.toString().trimmed();
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue& p : v.toArray()) {
            if (!p.isString())
                bad(QStringLiteral("judge"), QStringLiteral("expected a list of strings"));
            parts << p.toString();
        }
        return parts.join(QLatin1Char('/'));
    }
    if (v.isUndefined() || v.isNull())
        return QString();
    bad(QStringLiteral("judge"), QStringLiteral("expected a string or a list of strings, got %1").arg(jsonTypeName(v)));
}

// MT-Bench: turn k of question q is its own query, "q-turnk".
QString mtBenchQueryId(const QJsonObject& o, int* turn)
{
    const QJsonValue qv = o.value(QStringLiteral("question_id"));
    QString qid;
    if (qv.isDouble())
        qid = QString::number(qint64(qv.toDouble()));
    else if (qv.isString())
        qid = qv.toString().trimmed();
    if (qid.isEmpty())
        bad(QStringLiteral("question_id"), QStringLiteral("expected a question id, got %1").arg(jsonTypeName(qv)));
    const double t = needNumber(o, "turn");
    if (t != std::floor(t) || t < 1 || t > 100)
        bad(QStringLiteral("turn"), QStringLiteral("turn %1 is not a whole number from 1").arg(t));
    *turn = int(t);
    return QStringLiteral("%1-turn%2").arg(qid).arg(*turn);
}

std::string utf8(const QString& s)
{
    const QByteArray b = s.toUtf8();
    return std::string(b.constData(), size_t(b.size()));
}

class RecordImporter {
public:
    explicit RecordImporter(ImportContext& ctx)
        : m_ctx(ctx)
        , m_w(ctx.writer)
    {
        formatKind(ctx.format, &m_defaultKind);
        if (ctx.format.startsWith(QLatin1String("mtbench-")))
            m_defaultKind = ctx.options.kind;
        m_taskKey = ctx.options.taskKey;
        m_slotNames = ctx.options.responseModels;
        for (QString& n : m_slotNames)
            n = n.trimmed();
        m_slotNames.removeAll(QString());
        if (ctx.format == QLatin1String("helpsteer3-jsonl")) {
            if (m_slotNames.isEmpty())
                m_slotNames = QStringList { QStringLiteral("response1"), QStringLiteral("response2") };
            if (m_slotNames.size() != 2 || m_slotNames[0] == m_slotNames[1])
                throw ImportError(ctx.file, 1, 1,
                    QStringLiteral("HelpSteer3 needs two different model names for response1 and response2 "
                                   "(--models A,B), got '%1'")
                        .arg(m_slotNames.join(QLatin1Char(',')).left(200)));
        }
        if (ctx.format.startsWith(QLatin1String("helpsteer2-"))) {
            if (m_slotNames.isEmpty())
                m_slotNames = QStringList { QStringLiteral("response") };
            m_scoreKey = ctx.options.scoreKey.trimmed().isEmpty() ? QStringLiteral("helpfulness")
                                                                  : ctx.options.scoreKey.trimmed();
        }
        if (ctx.format == QLatin1String("embedllm-csv"))
            loadQuestionOrder();
    }

    void record(const QJsonObject& o)
    {
        const QString& f = m_ctx.format;
        if (f.startsWith(QLatin1String("arena-")))
            arena(o);
        else if (f == QLatin1String("mtbench-pairwise-jsonl"))
            mtBenchPair(o);
        else if (f == QLatin1String("mtbench-single-jsonl"))
            mtBenchSingle(o);
        else if (f == QLatin1String("ultrafeedback-jsonl"))
            ultraFeedback(o);
        else if (f.startsWith(QLatin1String("sprout-")))
            sprout(o);
        else if (f == QLatin1String("embedllm-csv"))
            embedLlm(o);
        else if (f == QLatin1String("helpsteer3-jsonl"))
            helpSteer3(o);
        else if (f.startsWith(QLatin1String("helpsteer2-")))
            helpSteer2(o);
        else if (f == QLatin1String("llmrouterbench-json"))
            llmRouterBench(o);
    }

    /// LLMRouterBench: the document's model, task and query-id prefix (from its top-level keys).
    void setBenchDocument(const QString& model, const QString& dataset, const QString& split)
    {
        m_benchModel = model;
        m_benchTask = dataset;
        m_benchPrefix = dataset.isEmpty() ? QString() : dataset + QLatin1Char('/');
        if (!split.isEmpty())
            m_benchPrefix += split + QLatin1Char('/');
    }

    /// Writes the labels aggregated over the file (pairwise verdicts of gold judges).
    void finish()
    {
        for (const auto& [key, acc] : m_winShare)
            if (m_w.gold(key.first, key.second, acc.first / double(acc.second)))
                ++m_ctx.rows;
        m_winShare.clear();
    }

private:
    QString task(const QJsonObject& o) const
    {
        if (m_taskKey.isEmpty())
            return QString();
        const QJsonValue v = o.value(m_taskKey);
        if (v.isString())
            return v.toString();
        if (v.isArray()) { // Arena category tags: the first one
            const QJsonArray a = v.toArray();
            return a.isEmpty() ? QString() : a.first().toString();
        }
        if (v.isDouble())
            return QString::number(v.toDouble());
        if (v.isBool())
            return v.toBool() ? m_taskKey : QStringLiteral("not ") + m_taskKey;
        return QString();
    }

    qint64 model(const QString& name, const char* key)
    {
        try {
            return m_w.model(utf8(name));
        } catch (const RowError& e) {
            bad(QLatin1String(key), e.message);
        }
    }
    qint64 query(const QString& id, const QString& text, const QString& task, const char* key)
    {
        try {
            return m_w.query(utf8(id), utf8(text), utf8(task));
        } catch (const RowError& e) {
            bad(QLatin1String(key), e.message);
        }
    }
    void preference(qint64 q, qint64 a, qint64 b, double outcome, const QString& judge, const char* key)
    {
        try {
            m_ctx.countPreference(m_w.preference(q, a, b, outcome, utf8(judge)));
        } catch (const RowError& e) {
            bad(QLatin1String(key), e.message);
        }
    }
    void pairModels(const QJsonObject& o, const char* ka, const char* kb, QString* a, QString* b)
    {
        *a = needString(o, ka);
        *b = needString(o, kb);
        if (*a == *b)
            bad(QLatin1String(kb), QStringLiteral("%1 and %2 are the same model").arg(QLatin1String(ka), QLatin1String(kb)));
    }

    // winner: model_a | model_b | tie | tie (bothbad) | both_bad. Returns the a-minus-b outcome; *bothBad for a tie
    // on a failed query.
    static double winnerOutcome(const QString& w, const char* key, bool* bothBad)
    {
        const QString l = w.trimmed().toLower();
        *bothBad = false;
        if (l == QLatin1String("model_a") || l == QLatin1String("a"))
            return 1.0;
        if (l == QLatin1String("model_b") || l == QLatin1String("b"))
            return -1.0;
        if (l == QLatin1String("both_bad") || l == QLatin1String("tie (bothbad)") || l == QLatin1String("bothbad")) {
            *bothBad = true;
            return 0.0;
        }
        if (l.startsWith(QLatin1String("tie")) || l == QLatin1String("draw"))
            return 0.0;
        bad(QLatin1String(key),
            QStringLiteral("unknown winner '%1': expected model_a, model_b, tie or both_bad").arg(w.left(40)));
    }

    void arena(const QJsonObject& o)
    {
        QString a, b;
        pairModels(o, "model_a", "model_b", &a, &b);
        double outcome = 0;
        bool bothBad = false;
        QString text;
        if (o.contains(QStringLiteral("winner_model_a"))) { // Kaggle 55k: one-hot winner, prompt = list of turns
            const double wa = needNumber(o, "winner_model_a"), wb = needNumber(o, "winner_model_b"),
                         wt = needNumber(o, "winner_tie");
            if (wa + wb + wt != 1.0 || wa * wb != 0 || wa * wt != 0 || wb * wt != 0)
                bad(QStringLiteral("winner_model_a"),
                    QStringLiteral("winner_model_a, winner_model_b, winner_tie must be one-hot (got %1, %2, %3)")
                        .arg(wa)
                        .arg(wb)
                        .arg(wt));
            outcome = wa - wb;
            const QJsonArray turns = needJson(o, "prompt", true).toArray();
            if (turns.isEmpty() || !turns.first().isString() || turns.first().toString().trimmed().isEmpty())
                bad(QStringLiteral("prompt"), QStringLiteral("the first turn of the prompt has no text"));
            text = turns.first().toString();
        } else {
            outcome = winnerOutcome(needString(o, "winner"), "winner", &bothBad);
            text = userTurn(o, "conversation_a", 1);
        }
        QString judge = judgeName(o);
        if (bothBad)
            judge = judge.isEmpty() ? QStringLiteral("both_bad") : judge + QStringLiteral("/both_bad");
        // The battle id is not the query: many battles share a prompt. The query is the first user turn, by text.
        const qint64 q = query(QString(), text, task(o),
            o.contains(QStringLiteral("prompt")) ? "prompt" : "conversation_a");
        const qint64 ia = model(a, "model_a"), ib = model(b, "model_b");
        preference(q, ia, ib, outcome, judge, o.contains(QStringLiteral("winner")) ? "winner" : "winner_model_a");
    }

    void mtBenchPair(const QJsonObject& o)
    {
        int turn = 0;
        const QString id = mtBenchQueryId(o, &turn);
        QString a, b, winnerKey;
        double outcome = 0;
        bool bothBad = false;
        QString text;
        if (o.contains(QStringLiteral("model_1"))) { // FastChat gpt-4_pair.jsonl: two verdicts, a and b swapped
            pairModels(o, "model_1", "model_2", &a, &b);
            const double g1 = winnerOutcome(needString(o, "g1_winner").replace("model_1", "model_a").replace("model_2", "model_b"), "g1_winner", &bothBad);
            const double g2 = winnerOutcome(needString(o, "g2_winner").replace("model_1", "model_a").replace("model_2", "model_b"), "g2_winner", &bothBad);
            outcome = g1 == g2 ? g1 : 0.0; // inconsistent verdicts are a tie, as FastChat counts them
            winnerKey = QStringLiteral("g1_winner");
        } else {
            pairModels(o, "model_a", "model_b", &a, &b);
            outcome = winnerOutcome(needString(o, "winner"), "winner", &bothBad);
            text = userTurn(o, "conversation_a", turn);
            winnerKey = QStringLiteral("winner");
        }
        const QString judge = judgeName(o);
        if (judge.isEmpty())
            bad(QStringLiteral("judge"), QStringLiteral("no judge: MT-Bench judgments name their judge"));
        const qint64 q = query(id, text, task(o), "question_id");
        const qint64 ia = model(a, o.contains(QStringLiteral("model_1")) ? "model_1" : "model_a"),
                     ib = model(b, o.contains(QStringLiteral("model_2")) ? "model_2" : "model_b");
        if (m_ctx.options.judgeMap.kindOf(judge, m_defaultKind) == DataKind::Gold) {
            // A gold judge's verdicts become gold scores: each model's share of wins on the query (win 1, tie 0.5,
            // loss 0), averaged over the judge's verdicts involving it. Written at the end.
            auto& sa = m_winShare[{ q, ia }];
            auto& sb = m_winShare[{ q, ib }];
            sa.first += (outcome + 1.0) / 2.0;
            ++sa.second;
            sb.first += (1.0 - outcome) / 2.0;
            ++sb.second;
            return;
        }
        preference(q, ia, ib, outcome, judge, winnerKey.toLatin1().constData());
    }

    // The text of turn `turn` from a FastChat single-answer judge prompt (best effort; empty if not found).
    static QString singlePromptText(const QString& p, int turn)
    {
        if (turn == 1) {
            const qsizetype from = p.indexOf(QStringLiteral("[Question]\n"));
            const qsizetype to = p.indexOf(QStringLiteral("\n\n[The Start of"), from + 1);
            if (from >= 0 && to > from)
                return p.mid(from + 11, to - from - 11);
            return QString();
        }
        qsizetype at = p.indexOf(QStringLiteral("<|The Start of Assistant A's Conversation with User|>"));
        for (int k = 0; at >= 0 && k < turn; ++k) {
            at = p.indexOf(QStringLiteral("### User:\n"), at + 1);
        }
        if (at < 0)
            return QString();
        const qsizetype to = p.indexOf(QStringLiteral("\n\n### Assistant A:"), at);
        return to > at ? p.mid(at + 10, to - at - 10) : QString();
    }

    void mtBenchSingle(const QJsonObject& o)
    {
        int turn = 0;
        const QString id = mtBenchQueryId(o, &turn);
        const QString m = needString(o, "model");
        const QString judge = judgeName(o);
        const double score = needNumber(o, "score");
        if (score < 0)
            bad(QStringLiteral("score"),
                QStringLiteral("score %1: the judge's grade could not be parsed (FastChat writes -1)").arg(score));
        if (m_ctx.options.judgeMap.kindOf(judge, DataKind::Gold) != DataKind::Gold)
            bad(QStringLiteral("judge"),
                QStringLiteral("judge '%1' is mapped to preference, but single-answer grades are gold labels")
                    .arg(judge.left(40)));
        const QString text = singlePromptText(o.value(QStringLiteral("user_prompt")).toString(), turn);
        const qint64 q = query(id, text, task(o), "question_id");
        const qint64 mid = model(m, "model");
        try {
            if (m_w.gold(q, mid, score))
                ++m_ctx.rows;
            else
                ++m_ctx.duplicates;
        } catch (const RowError& e) {
            bad(QStringLiteral("score"), e.message);
        }
    }

    void ultraFeedback(const QJsonObject& o)
    {
        const QString text = o.value(QStringLiteral("instruction")).toString();
        if (text.trimmed().isEmpty())
            bad(QStringLiteral("instruction"),
                QStringLiteral("expected a non-empty string, got %1").arg(jsonTypeName(o.value(QStringLiteral("instruction")))));
        const QJsonArray completions = needJson(o, "completions", true).toArray();
        QString t = task(o);
        if (m_taskKey.isEmpty() && o.value(QStringLiteral("source")).isString())
            t = o.value(QStringLiteral("source")).toString();
        struct Label {
            qint64 model;
            double score;
        };
        std::vector<Label> labels;
        for (qsizetype i = 0; i < completions.size(); ++i) {
            const QString key = QStringLiteral("completions[%1]").arg(i);
            if (!completions[i].isObject())
                bad(key, QStringLiteral("expected an object, got %1").arg(jsonTypeName(completions[i])));
            const QJsonObject c = completions[i].toObject();
            const QJsonValue name = c.value(QStringLiteral("model"));
            if (!name.isString() || name.toString().trimmed().isEmpty())
                bad(key + QStringLiteral(".model"), QStringLiteral("expected a model name, got %1").arg(jsonTypeName(name)));
            const QJsonValue s = c.value(QStringLiteral("overall_score"));
            if (s.isNull() || s.isUndefined() || (s.isString() && s.toString().trimmed() == QLatin1String("N/A"))) {
                ++m_ctx.emptyCells;
                continue;
            }
            if (!s.isDouble() || !std::isfinite(s.toDouble()))
                bad(key + QStringLiteral(".overall_score"), QStringLiteral("expected a number, got %1").arg(jsonTypeName(s)));
            try {
                labels.push_back({ m_w.model(utf8(name.toString())), s.toDouble() });
            } catch (const RowError& e) {
                bad(key + QStringLiteral(".model"), e.message);
            }
        }
        if (labels.empty() && completions.isEmpty())
            bad(QStringLiteral("completions"), QStringLiteral("no completions"));
        const qint64 q = query(QString(), text, t, "instruction");
        for (size_t i = 0; i < labels.size(); ++i)
            try {
                if (m_w.gold(q, labels[i].model, labels[i].score))
                    ++m_ctx.rows;
                else
                    ++m_ctx.duplicates;
            } catch (const RowError& e) {
                bad(QStringLiteral("completions[%1].overall_score").arg(i), e.message);
            }
    }

    // A whole number >= 0 (tokens), or -1 when absent/null.
    static qint64 optCount(const QJsonObject& o, const char* key, const QString& path)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return -1;
        double d = v.toDouble(-1);
        bool ok = v.isDouble();
        if (v.isString())
            d = v.toString().trimmed().toDouble(&ok);
        if (!ok || d < 0 || d != std::floor(d) || d > 9.0e15)
            bad((path.isEmpty() ? QString() : path + QLatin1Char('.')) + QLatin1String(key),
                QStringLiteral("expected a whole number of tokens >= 0, got %1").arg(jsonTypeName(v)));
        return qint64(d);
    }

    void goldLabel(qint64 q, qint64 m, double score, const QString& key, double cost = std::nan(""),
        qint64 inTok = -1, qint64 outTok = -1)
    {
        try {
            if (m_w.gold(q, m, score, cost, inTok, outTok))
                ++m_ctx.rows;
            else
                ++m_ctx.duplicates;
        } catch (const RowError& e) {
            bad(key, e.message);
        }
    }

    // SPROUT: `prompt` and one {score, num_input_tokens, num_output_tokens} object per model (in CSV: JSON text).
    void sprout(const QJsonObject& o)
    {
        const QJsonValue pv = o.value(QStringLiteral("prompt"));
        if (!pv.isString() || pv.toString().trimmed().isEmpty())
            bad(QStringLiteral("prompt"), QStringLiteral("expected a non-empty string, got %1").arg(jsonTypeName(pv)));
        struct Label {
            QString key;
            qint64 model;
            double score;
            qint64 in, out;
        };
        std::vector<Label> labels;
        int modelColumns = 0;
        for (auto it = o.begin(); it != o.end(); ++it) {
            QJsonValue v = it.value();
            if (v.isString()) {
                const QString t = v.toString().trimmed();
                if (!t.startsWith(QLatin1Char('{')))
                    continue; // a text column (id, dataset, ...) of a CSV export
                v = needJson(o, it.key().toUtf8().constData(), false);
            }
            if (!v.isObject())
                continue;
            const QJsonObject c = v.toObject();
            if (!c.contains(QStringLiteral("score")) && !c.contains(QStringLiteral("num_input_tokens")))
                continue;
            ++modelColumns;
            const QJsonValue s = c.value(QStringLiteral("score"));
            if (s.isNull() || s.isUndefined()) {
                ++m_ctx.emptyCells;
                continue;
            }
            double score = 0;
            if (s.isBool())
                score = s.toBool() ? 1.0 : 0.0;
            else if (s.isDouble() && std::isfinite(s.toDouble()))
                score = s.toDouble();
            else
                bad(it.key() + QStringLiteral(".score"), QStringLiteral("expected a number, got %1").arg(jsonTypeName(s)));
            const qint64 in = optCount(c, "num_input_tokens", it.key()), out = optCount(c, "num_output_tokens", it.key());
            labels.push_back({ it.key(), model(it.key(), it.key().toUtf8().constData()), score, in, out });
        }
        if (modelColumns == 0)
            bad(QStringLiteral("prompt"),
                QStringLiteral("no model columns: expected one {score, num_input_tokens, num_output_tokens} object per "
                               "model"));
        QString id;
        const QJsonValue idv = o.value(QStringLiteral("id"));
        if (idv.isString())
            id = idv.toString().trimmed();
        else if (idv.isDouble())
            id = QString::number(idv.toDouble(), 'g', 17);
        const qint64 q = query(id, pv.toString(), task(o), "prompt");
        for (const Label& l : labels)
            goldLabel(q, l.model, l.score, l.key + QStringLiteral(".score"), std::nan(""), l.in, l.out);
    }

    // EmbedLLM: model_id, prompt_id, model_name, label (0/1); texts from question_order.csv next to the file.
    void loadQuestionOrder()
    {
        const QString path = QFileInfo(m_ctx.file).dir().filePath(QStringLiteral("question_order.csv"));
        if (!QFileInfo(path).isFile()) {
            m_ctx.result.warnings << QStringLiteral(
                "no question_order.csv next to the file: queries are imported by prompt_id only, without text");
            return;
        }
        FileSource src(path);
        CsvReader r(src);
        if (!r.next())
            throw ImportError(path, 1, 1, QStringLiteral("empty file: expected a header line"));
        int idCol = -1, textCol = -1;
        const auto& h = r.fields();
        for (size_t i = 0; i < h.size(); ++i) {
            const QString n = QString::fromUtf8(h[i].data(), qsizetype(h[i].size())).trimmed().toLower();
            if (idCol < 0 && (n == QLatin1String("prompt_id") || n == QLatin1String("question_id") || n == QLatin1String("id")))
                idCol = int(i);
            else if (textCol < 0
                && (n == QLatin1String("prompt") || n == QLatin1String("question") || n == QLatin1String("text")
                    || n == QLatin1String("query")))
                textCol = int(i);
        }
        if (textCol < 0)
            throw ImportError(path, 1, 1,
                QStringLiteral("missing required column: expected a prompt column (prompt, question, text)"));
        const size_t nFields = h.size();
        qint64 row = 0;
        while (r.next()) {
            const auto& f = r.fields();
            if (f.size() != nFields)
                throw ImportError(path, r.line(), qint64(std::min(f.size(), nFields)) + 1,
                    QStringLiteral("the row has %1 fields but the header has %2").arg(f.size()).arg(nFields));
            const QString id = idCol >= 0 ? QString::fromUtf8(f[size_t(idCol)].data(), qsizetype(f[size_t(idCol)].size())).trimmed()
                                          : QString::number(row);
            ++row;
            if (id.isEmpty())
                throw ImportError(path, r.line(), idCol + 1, QStringLiteral("empty prompt id"));
            const QString text = QString::fromUtf8(f[size_t(textCol)].data(), qsizetype(f[size_t(textCol)].size()));
            if (!m_questions.emplace(id, text).second)
                throw ImportError(path, r.line(), idCol + 1,
                    QStringLiteral("prompt id '%1' appears twice").arg(id.left(40)));
        }
        m_haveQuestions = true;
    }

    static QString idText(const QJsonObject& o, const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        QString s;
        if (v.isString())
            s = v.toString().trimmed();
        else if (v.isDouble())
            s = QString::number(v.toDouble(), 'g', 17);
        if (s.isEmpty())
            bad(QLatin1String(key), QStringLiteral("expected an id, got %1").arg(jsonTypeName(v)));
        return s;
    }

    void embedLlm(const QJsonObject& o)
    {
        const QString pid = idText(o, "prompt_id"), mid = idText(o, "model_id");
        const QString name = needString(o, "model_name");
        const double label = needNumber(o, "label");
        if (label != 0.0 && label != 1.0)
            bad(QStringLiteral("label"), QStringLiteral("label %1: expected 0 or 1 (correctness)").arg(label));
        const auto known = m_modelIds.find(mid);
        if (known != m_modelIds.end() && known->second != name)
            bad(QStringLiteral("model_name"),
                QStringLiteral("model_id %1 is '%2' on an earlier row, not '%3'")
                    .arg(mid.left(40), known->second.left(40), name.left(40)));
        QString text;
        if (m_haveQuestions) {
            const auto it = m_questions.find(pid);
            if (it == m_questions.end())
                bad(QStringLiteral("prompt_id"), QStringLiteral("prompt_id %1 is not in question_order.csv").arg(pid.left(40)));
            text = it->second;
        }
        const qint64 q = query(pid, text, task(o), "prompt_id");
        const qint64 m = model(name, "model_name");
        m_modelIds.emplace(mid, name);
        goldLabel(q, m, label, QStringLiteral("label"));
    }

    // HelpSteer3: the query is the context (its one user turn, or every turn as "role: content" paragraphs).
    static QString contextText(const QJsonObject& o)
    {
        const QJsonValue v = o.value(QStringLiteral("context"));
        if (v.isString() && !v.toString().trimmed().startsWith(QLatin1Char('[')))
            return v.toString();
        const QJsonArray turns = needJson(o, "context", true).toArray();
        if (turns.isEmpty())
            bad(QStringLiteral("context"), QStringLiteral("empty context"));
        QStringList parts;
        for (const QJsonValue& t : turns) {
            const QJsonObject m = t.toObject();
            const QString c = contentText(m.value(QStringLiteral("content")));
            if (!t.isObject() || c.trimmed().isEmpty())
                bad(QStringLiteral("context"), QStringLiteral("expected a list of {role, content} turns with text"));
            parts << (turns.size() == 1 ? c : m.value(QStringLiteral("role")).toString() + QStringLiteral(": ") + c);
        }
        return parts.join(QStringLiteral("\n\n"));
    }

    void helpSteer3(const QJsonObject& o)
    {
        needString(o, "response1");
        needString(o, "response2");
        const double p = needNumber(o, "overall_preference");
        if (p != std::floor(p) || p < -3 || p > 3)
            bad(QStringLiteral("overall_preference"),
                QStringLiteral("overall_preference %1: expected a whole number from -3 (response1 much better) to 3 "
                               "(response2 much better)")
                    .arg(p));
        const QString text = contextText(o);
        QString t = task(o);
        if (m_taskKey.isEmpty() && o.value(QStringLiteral("domain")).isString())
            t = o.value(QStringLiteral("domain")).toString();
        const qint64 q = query(QString(), text, t, "context");
        const qint64 a = model(m_slotNames[0], "response1"), b = model(m_slotNames[1], "response2");
        preference(q, a, b, -p / 3.0, QString(), "overall_preference"); // a-minus-b: response1 better is > 0
    }

    // HelpSteer2: one gold label per row; the k-th response to a prompt is model slot k.
    void helpSteer2(const QJsonObject& o)
    {
        const QJsonValue pv = o.value(QStringLiteral("prompt"));
        if (!pv.isString() || pv.toString().trimmed().isEmpty())
            bad(QStringLiteral("prompt"), QStringLiteral("expected a non-empty string, got %1").arg(jsonTypeName(pv)));
        needString(o, "response");
        const QByteArray sk = m_scoreKey.toUtf8();
        const double score = needNumber(o, sk.constData());
        if (score < 0 || score > 4)
            bad(m_scoreKey, QStringLiteral("%1 %2 is outside 0..4").arg(m_scoreKey).arg(score));
        const qint64 q = query(QString(), pv.toString(), task(o), "prompt");
        const int k = m_slots[q] + 1;
        QString name;
        if (m_slotNames.size() == 1)
            name = k == 1 ? m_slotNames[0] : QStringLiteral("%1_%2").arg(m_slotNames[0]).arg(k);
        else if (k <= m_slotNames.size())
            name = m_slotNames[k - 1];
        else
            bad(QStringLiteral("response"),
                QStringLiteral("response %1 of this prompt has no name: --models gives %2").arg(k).arg(m_slotNames.size()));
        const qint64 m = model(name, "response");
        goldLabel(q, m, score, m_scoreKey);
        m_slots[q] = k;
    }

    // LLMRouterBench: one record of the document's model; query id "<dataset>/<split>/<index>", text origin_query.
    void llmRouterBench(const QJsonObject& o)
    {
        const QString index = idText(o, "index");
        QString text = o.value(QStringLiteral("origin_query")).toString();
        if (text.trimmed().isEmpty())
            text = o.value(QStringLiteral("prompt")).toString();
        if (text.trimmed().isEmpty())
            bad(QStringLiteral("origin_query"), QStringLiteral("expected a non-empty query text (origin_query or prompt)"));
        const QJsonValue s = o.value(QStringLiteral("score"));
        if (s.isNull() || s.isUndefined()) {
            ++m_ctx.emptyCells; // not evaluated: no label
            return;
        }
        if (!(s.isDouble() || s.isBool()) || !std::isfinite(s.toDouble()))
            bad(QStringLiteral("score"), QStringLiteral("expected a number, got %1").arg(jsonTypeName(s)));
        const double score = s.isBool() ? (s.toBool() ? 1.0 : 0.0) : s.toDouble();
        double cost = std::nan("");
        const QJsonValue cv = o.value(QStringLiteral("cost"));
        if (!cv.isNull() && !cv.isUndefined()) {
            if (!cv.isDouble() || !std::isfinite(cv.toDouble()) || cv.toDouble() < 0)
                bad(QStringLiteral("cost"), QStringLiteral("expected a cost in USD >= 0, got %1").arg(jsonTypeName(cv)));
            cost = cv.toDouble();
        }
        const qint64 in = optCount(o, "prompt_tokens", QString()), out = optCount(o, "completion_tokens", QString());
        const qint64 q = query(m_benchPrefix + index, text, m_taskKey.isEmpty() ? m_benchTask : task(o), "index");
        const qint64 m = model(m_benchModel, "model_name");
        goldLabel(q, m, score, QStringLiteral("score"), cost, in, out);
    }

    ImportContext& m_ctx;
    ProjectWriter& m_w;
    DataKind m_defaultKind = DataKind::Preference;
    QStringList m_slotNames;
    QString m_scoreKey;
    std::unordered_map<qint64, int> m_slots;
    std::unordered_map<QString, QString> m_questions, m_modelIds;
    bool m_haveQuestions = false;
    QString m_benchModel, m_benchTask, m_benchPrefix;
    QString m_taskKey;
    std::map<std::pair<qint64, qint64>, std::pair<double, qint64>> m_winShare;
};

} // namespace

QString detectRecordFormat(DataKind kind, bool csv, const QStringList& h, const QVector<QStringList>& sample)
{
    if (kind == DataKind::Gold && has(h, "model_id") && has(h, "prompt_id") && has(h, "model_name") && has(h, "label")
        && csv)
        return QStringLiteral("embedllm-csv");
    if (kind == DataKind::Gold && has(h, "prompt") && has(h, "response") && has(h, "helpfulness"))
        return csv ? QStringLiteral("helpsteer2-csv") : QStringLiteral("helpsteer2-jsonl");
    if (kind == DataKind::Preference && !csv && has(h, "context") && has(h, "response1") && has(h, "response2")
        && has(h, "overall_preference"))
        return QStringLiteral("helpsteer3-jsonl");
    if (kind == DataKind::Gold && has(h, "prompt")) {
        // SPROUT: besides the prompt, columns holding {score, num_input_tokens, num_output_tokens} objects.
        for (qsizetype c = 0; c < h.size(); ++c)
            for (const QStringList& row : sample)
                if (c < row.size() && row[c].trimmed().startsWith(QLatin1Char('{'))
                    && row[c].contains(QLatin1String("\"score\"")))
                    return csv ? QStringLiteral("sprout-csv") : QStringLiteral("sprout-jsonl");
    }
    const bool pair = has(h, "model_a") && has(h, "model_b");
    if (kind == DataKind::Preference && pair && has(h, "winner_model_a") && has(h, "winner_model_b")
        && has(h, "winner_tie") && has(h, "prompt"))
        return csv ? QStringLiteral("arena-csv") : QStringLiteral("arena-jsonl");
    if (csv)
        return QString();
    const bool mtKeys = has(h, "question_id") && has(h, "judge") && has(h, "turn");
    if (kind == DataKind::Preference && pair && has(h, "winner") && has(h, "conversation_a")
        && (has(h, "language") || has(h, "anony") || !mtKeys))
        return QStringLiteral("arena-jsonl");
    if (kind != DataKind::Queries && kind != DataKind::Prices && mtKeys) {
        if ((pair && has(h, "winner")) || (has(h, "model_1") && has(h, "model_2") && has(h, "g1_winner")))
            return QStringLiteral("mtbench-pairwise-jsonl");
        if (has(h, "model") && has(h, "score"))
            return QStringLiteral("mtbench-single-jsonl");
    }
    if (kind == DataKind::Gold && has(h, "instruction") && has(h, "completions"))
        return QStringLiteral("ultrafeedback-jsonl");
    return QString();
}

bool isRecordFormat(const QString& format)
{
    return format.startsWith(QLatin1String("arena-")) || format.startsWith(QLatin1String("mtbench-"))
        || format == QLatin1String("ultrafeedback-jsonl") || format.startsWith(QLatin1String("sprout-"))
        || format == QLatin1String("embedllm-csv") || format.startsWith(QLatin1String("helpsteer"))
        || format == QLatin1String("llmrouterbench-json");
}

void refuseNamelessLayout(const QString& file, const QStringList& h)
{
    if (has(h, "prompt") && has(h, "chosen") && has(h, "rejected")
        && (has(h, "score_chosen") || has(h, "score_rejected"))) {
        int col = 1;
        for (qsizetype i = 0; i < h.size(); ++i)
            if (h[i].trimmed().compare(QLatin1String("chosen"), Qt::CaseInsensitive) == 0)
                col = int(i) + 1;
        throw ImportError(file, 1, col,
            QStringLiteral("UltraFeedback binarized (prompt, chosen, rejected, score_chosen, score_rejected) names "
                           "no models: 'chosen' and 'rejected' are the better and the worse completion, not models, "
                           "and labels need named models; import the original UltraFeedback file (instruction, "
                           "models, completions[{model, overall_score, ...}]) instead"));
    }
}

void importRecords(ImportContext& ctx)
{
    RecordImporter imp(ctx);
    qint64 dataRows = 0;
    if (formatShape(ctx.format) == FileShape::JsonDocument) { // LLMRouterBench: {model_name, ..., records: [...]}
        const JsonFile jf = readJsonFile(ctx.source, QStringLiteral("records"));
        const auto topError = [&](const char* key, const QString& message) {
            const qint64 line = jf.keyLine(QLatin1String(key));
            return ImportError(ctx.file, line > 0 ? line : jf.firstLine, 1, QStringLiteral("$.%1: %2").arg(QLatin1String(key), message));
        };
        if (!jf.doc.isObject())
            throw ImportError(ctx.file, jf.firstLine, 1,
                QStringLiteral("$: expected an LLMRouterBench result object {model_name, dataset_name, records}"));
        const QJsonObject top = jf.doc.object();
        const QJsonValue model = top.value(QStringLiteral("model_name"));
        if (!model.isString() || model.toString().trimmed().isEmpty())
            throw topError("model_name", QStringLiteral("expected the model's name, got %1").arg(jsonTypeName(model)));
        const QJsonValue recs = top.value(QStringLiteral("records"));
        if (!recs.isArray())
            throw topError("records", QStringLiteral("expected a list of records, got %1").arg(jsonTypeName(recs)));
        imp.setBenchDocument(model.toString().trimmed(), top.value(QStringLiteral("dataset_name")).toString().trimmed(),
            top.value(QStringLiteral("split")).toString().trimmed());
        const QJsonArray arr = recs.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            ++dataRows;
            const JsonFile::ItemPos pos = size_t(i) < jf.nestedItems.size() ? jf.nestedItems[size_t(i)]
                                                                              : JsonFile::ItemPos { 0, jf.firstLine, 1 };
            const QString base = QStringLiteral("$.records[%1]").arg(i);
            try {
                if (!arr[i].isObject())
                    throw RowError { 0, base + QStringLiteral(": expected a record object, got ") + jsonTypeName(arr[i]) };
                try {
                    imp.record(arr[i].toObject());
                } catch (const KeyError& e) {
                    // Where the key stands inside the record (else the record's start).
                    const qint64 end = size_t(i) + 1 < jf.nestedItems.size() ? jf.nestedItems[size_t(i) + 1].offset
                                                                               : jf.text.size();
                    const QByteArray needle = '"' + topKey(e.key, [](const QString&) { return false; }).toUtf8() + '"';
                    const qsizetype at = jf.text.indexOf(needle, pos.offset);
                    qint64 line = pos.line, col = pos.column;
                    if (at >= 0 && at < end) {
                        qsizetype lineStart = pos.offset - (pos.column - 1);
                        for (qsizetype k = pos.offset; k < at; ++k)
                            if (jf.text[k] == '\n') {
                                ++line;
                                lineStart = k + 1;
                            }
                        col = at - lineStart + 1;
                    }
                    ctx.rowFailed(line, RowError { int(col - 1), base + QLatin1Char('.') + e.key + QStringLiteral(": ") + e.message }, true);
                    ctx.tick();
                    continue;
                }
            } catch (const RowError& e) {
                ctx.rowFailed(pos.line, RowError { int(pos.column - 1), e.message }, true);
            }
            ctx.tick();
        }
        if (dataRows == 0)
            throw topError("records", QStringLiteral("no records"));
        imp.finish();
        return;
    }
    if (formatShape(ctx.format) == FileShape::Csv) {
        CsvReader r(ctx.source);
        if (!r.next())
            throw ImportError(ctx.file, 1, 1, QStringLiteral("empty file: expected a header line"));
        QStringList names;
        for (auto f : r.fields())
            names << QString::fromUtf8(f.data(), qsizetype(f.size())).trimmed();
        const qint64 headerLine = r.line();
        while (r.next()) {
            ++dataRows;
            const auto& f = r.fields();
            try {
                if (f.size() != size_t(names.size())) // at the first missing or extra field
                    throw RowError { int(std::min<size_t>(f.size(), size_t(names.size()))),
                        QStringLiteral("the row has %1 fields but the header has %2").arg(f.size()).arg(names.size()) };
                QJsonObject o;
                for (qsizetype i = 0; i < names.size(); ++i)
                    o.insert(names[i], QString::fromUtf8(f[size_t(i)].data(), qsizetype(f[size_t(i)].size())));
                try {
                    imp.record(o);
                } catch (const KeyError& e) {
                    const QString top = topKey(e.key, [&](const QString& k) { return names.contains(k); });
                    const int col = int(names.indexOf(top));
                    throw RowError { col, col >= 0 ? e.message : e.key + QStringLiteral(": ") + e.message };
                }
            } catch (const RowError& e) {
                ctx.rowFailed(r.line(), e, true, e.column >= 0 && e.column < names.size() ? names[e.column] : QString());
            }
            ctx.tick();
        }
        if (dataRows == 0)
            throw ImportError(ctx.file, headerLine + 1, 0, QStringLiteral("the file has a header but no data rows"));
    } else {
        LineReader r(ctx.source);
        std::string_view line;
        while (r.next(&line)) {
            if (trimView(line).empty())
                continue;
            ++dataRows;
            try {
                const QJsonObject record = jsonLineObject(line);
                try {
                    imp.record(record);
                } catch (const KeyError& e) {
                    // The column is where the top-level key stands on the line (0 if it is absent or escaped).
                    const auto quoted = [](const QString& k) { return "\"" + k.toStdString() + "\""; };
                    const QByteArray top = topKey(e.key, [&](const QString& k) {
                        return line.find(quoted(k)) != std::string_view::npos;
                    }).toUtf8();
                    const size_t at = line.find("\"" + top.toStdString() + "\"");
                    throw RowError { at == std::string_view::npos ? -1 : int(std::min<size_t>(at, 1u << 30)),
                        QStringLiteral("$.") + e.key + QStringLiteral(": ") + e.message };
                }
            } catch (const RowError& e) {
                ctx.rowFailed(r.lineNumber(), e, true);
            }
            ctx.tick();
        }
        if (dataRows == 0)
            throw ImportError(ctx.file, 1, 1, QStringLiteral("empty file: expected one JSON object per line"));
    }
    imp.finish();
}

} // namespace crw
