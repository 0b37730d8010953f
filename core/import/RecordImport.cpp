// Public preference and grade dumps read record by record (CSV rows or JSON Lines objects as JSON objects):
// Chatbot Arena / LMArena battles, MT-Bench pairwise judgments and single-answer grades, UltraFeedback.
#include "import/Cell.h"
#include "import/CsvReader.h"
#include "import/FormatDetect.h"
#include "import/ImportContext.h"
#include "import/LineReader.h"
#include "import/RecordImport.h"

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

QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

QString needString(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString())
        bad(QLatin1String(key), QStringLiteral("expected a string, got %1").arg(typeName(v)));
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
                .arg(wantArray ? QStringLiteral("a list") : QStringLiteral("an object"), typeName(v)));
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
        bad(QLatin1String(key), QStringLiteral("expected a finite number, got %1").arg(typeName(v)));
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
    bad(QStringLiteral("judge"), QStringLiteral("expected a string or a list of strings, got %1").arg(typeName(v)));
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
        bad(QStringLiteral("question_id"), QStringLiteral("expected a question id, got %1").arg(typeName(qv)));
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
                QStringLiteral("expected a non-empty string, got %1").arg(typeName(o.value(QStringLiteral("instruction")))));
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
                bad(key, QStringLiteral("expected an object, got %1").arg(typeName(completions[i])));
            const QJsonObject c = completions[i].toObject();
            const QJsonValue name = c.value(QStringLiteral("model"));
            if (!name.isString() || name.toString().trimmed().isEmpty())
                bad(key + QStringLiteral(".model"), QStringLiteral("expected a model name, got %1").arg(typeName(name)));
            const QJsonValue s = c.value(QStringLiteral("overall_score"));
            if (s.isNull() || s.isUndefined() || (s.isString() && s.toString().trimmed() == QLatin1String("N/A"))) {
                ++m_ctx.emptyCells;
                continue;
            }
            if (!s.isDouble() || !std::isfinite(s.toDouble()))
                bad(key + QStringLiteral(".overall_score"), QStringLiteral("expected a number, got %1").arg(typeName(s)));
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

    ImportContext& m_ctx;
    ProjectWriter& m_w;
    DataKind m_defaultKind = DataKind::Preference;
    QString m_taskKey;
    std::map<std::pair<qint64, qint64>, std::pair<double, qint64>> m_winShare;
};

} // namespace

QString detectRecordFormat(DataKind kind, bool csv, const QStringList& h)
{
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
        || format == QLatin1String("ultrafeedback-jsonl");
}

void importRecords(ImportContext& ctx)
{
    RecordImporter imp(ctx);
    qint64 dataRows = 0;
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
                if (f.size() != size_t(names.size()))
                    throw RowError { -1,
                        QStringLiteral("the row has %1 fields but the header has %2").arg(f.size()).arg(names.size()) };
                QJsonObject o;
                for (qsizetype i = 0; i < names.size(); ++i)
                    o.insert(names[i], QString::fromUtf8(f[size_t(i)].data(), qsizetype(f[size_t(i)].size())));
                try {
                    imp.record(o);
                } catch (const KeyError& e) {
                    const QString top = e.key.section(QLatin1Char('['), 0, 0).section(QLatin1Char('.'), 0, 0);
                    const int col = int(names.indexOf(top));
                    throw RowError { col, col >= 0 ? e.message : e.key + QStringLiteral(": ") + e.message };
                }
            } catch (const RowError& e) {
                ctx.rowFailed(r.line(), e, true, e.column >= 0 ? names[e.column] : QString());
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
                QJsonParseError err;
                const QJsonDocument d
                    = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), qsizetype(line.size())), &err);
                if (err.error != QJsonParseError::NoError)
                    throw RowError { -1,
                        QStringLiteral("invalid JSON at column %1: %2%3")
                            .arg(err.offset + 1)
                            .arg(err.errorString(),
                                err.offset >= qsizetype(line.size()) - 1 ? QStringLiteral(" (truncated line?)")
                                                                         : QString()) };
                if (!d.isObject())
                    throw RowError { -1, QStringLiteral("expected a JSON object on each line") };
                try {
                    imp.record(d.object());
                } catch (const KeyError& e) {
                    // The column is where the top-level key stands on the line (0 if it is absent or escaped).
                    const QByteArray top = e.key.section(QLatin1Char('['), 0, 0).section(QLatin1Char('.'), 0, 0).toUtf8();
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
