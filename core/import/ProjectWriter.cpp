#include "import/ProjectWriter.h"

#include "import/TextKey.h"
#include "store/Schema.h"

#include <QDateTime>
#include <cmath>
#include <cstring>

namespace crw {

namespace {
constexpr const char* kGoldInsert
    = "INSERT INTO gold_labels(dataset_id, query_id, model_id, score, cost_usd, input_tokens, output_tokens)";
constexpr const char* kPreferenceInsert
    = "INSERT INTO preference_labels(dataset_id, query_id, model_a, model_b, outcome, judge)";

/// "INSERT INTO table(columns) VALUES(?,..),(?,..),..." with `rows` tuples of `columns` parameters.
std::string multiRowInsert(const char* head, int columns, int rows)
{
    std::string tuple = "(";
    for (int c = 0; c < columns; ++c)
        tuple += c ? ",?" : "?";
    tuple += ")";
    std::string sql = head;
    for (int r = 0; r < rows; ++r)
        sql += (r ? "," : " VALUES") + tuple;
    return sql;
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}
LabelSet::Key labelKey(qint64 q, qint64 a, qint64 b, qint64 j)
{
    if (q > 0xFFFFFFFFll || a > 0xFFFFFFFFll || b > 0xFFFFFFFFll || j > 0xFFFFFFFFll)
        throw StoreError("project has more than 2^32 queries or models");
    return LabelSet::Key { uint32_t(q), uint32_t(a), uint32_t(b), uint32_t(j) };
}
void checkLength(std::string_view v, size_t limit, const char* what)
{
    if (v.size() > limit)
        throw RowError { -1,
            QStringLiteral("%1 of %2 bytes is longer than the limit of %3 bytes")
                .arg(QLatin1String(what))
                .arg(qulonglong(v.size()))
                .arg(qulonglong(limit)) };
}
std::string str(const QString& s)
{
    const QByteArray b = s.toUtf8();
    return std::string(b.constData(), size_t(b.size()));
}
}

ProjectWriter::ProjectWriter(const QString& projectPath)
    : m_db(std::make_unique<SqliteDb>(projectPath))
    , m_opRows(std::make_unique<OpRowsTable>(m_db->handle()))
    , m_insPrefBulk(m_db->prepare((std::string(kPreferenceInsert) + " SELECT c0, c1, c2, c3, c4, c5 FROM crw_op_rows").c_str()))
    , m_insGoldBulk(m_db->prepare((std::string(kGoldInsert) + " SELECT c0, c1, c2, c3, c4, c5, c6 FROM crw_op_rows").c_str()))
    , m_insQuery(
          m_db->prepare("INSERT INTO queries(id, external_id, text_key, text, task, dataset_id) VALUES(?,?,?,?,?,?)"))
    , m_insModel(m_db->prepare("INSERT INTO models(name) VALUES(?)"))
    , m_insGold(m_db->prepare(multiRowInsert(kGoldInsert, 7, 1).c_str()))
    , m_insPref(m_db->prepare(multiRowInsert(kPreferenceInsert, 6, 1).c_str()))
    , m_setTask(m_db->prepare("UPDATE queries SET task=? WHERE id=?"))
    , m_setText(m_db->prepare("UPDATE queries SET text=?, text_key=? WHERE id=?"))
    , m_setExternalId(m_db->prepare("UPDATE queries SET external_id=? WHERE id=?"))
    , m_insFeature(m_db->prepare("INSERT OR REPLACE INTO features(query_id, featurizer, dim, vector)"
                                 " VALUES(?,'imported',?,?)"))
    , m_setPrices(m_db->prepare("UPDATE models SET input_usd_per_mtok=coalesce(?, input_usd_per_mtok),"
                                " output_usd_per_mtok=coalesce(?, output_usd_per_mtok),"
                                " usd_per_query=coalesce(?, usd_per_query) WHERE id=?"))
{
    m_async->setBulk(m_insPref.handle(), m_insPrefBulk.handle(), m_opRows.get());
    m_async->setBulk(m_insGold.handle(), m_insGoldBulk.handle(), m_opRows.get());
    init();
}

void ProjectWriter::init()
{
    // A moderate page cache; the default (2 MB) makes index updates of large imports spill early.
    m_db->exec("PRAGMA cache_size=-65536");
    // Every id this connection writes comes from the identity maps, which hold only rows of this transaction's
    // snapshot or rows it inserted itself, so per-row foreign-key lookups (4 per preference label) are redundant.
    m_db->exec("PRAGMA foreign_keys=OFF");
    m_db->beginImmediate();
    auto q = m_db->prepare("SELECT id, external_id, text_key, text IS NOT NULL, task IS NOT NULL FROM queries");
    while (q.step()) {
        const qint64 id = q.columnInt(0);
        const bool hasId = !q.columnIsNull(1);
        if (hasId)
            m_byExternalId.emplace(str(q.columnText(1)), id);
        if (!q.columnIsNull(2))
            m_byTextKey.emplace(str(q.columnText(2)), id);
        m_queryState.emplace(id, QueryState { hasId, q.columnInt(3) != 0, q.columnInt(4) != 0 });
    }
    auto next = m_db->prepare("SELECT coalesce(max(id), 0) + 1 FROM queries");
    next.step();
    m_nextQueryId = next.columnInt(0);
    auto prefs = m_db->prepare("SELECT coalesce(max(id), 0) FROM preference_labels");
    prefs.step();
    m_existingPreferenceRows = prefs.columnInt(0);
    auto m = m_db->prepare("SELECT id, name FROM models");
    while (m.step())
        m_models.emplace(str(m.columnText(1)), m.columnInt(0));
    auto d = m_db->prepare("SELECT dim FROM features WHERE featurizer='imported' LIMIT 1");
    if (d.step())
        m_embeddingDim = int(d.columnInt(0));
}

ProjectWriter::~ProjectWriter()
{
    m_async.reset(); // discards rows not yet written and stops its thread before the statements go
    if (!m_committed)
        m_db->rollback();
}

qint64 ProjectWriter::createDataset(
    const QString& baseName, const QString& kind, const QString& format, const QString& source)
{
    auto exists = m_db->prepare("SELECT 1 FROM datasets WHERE name=?");
    QString name = baseName.trimmed().isEmpty() ? QStringLiteral("dataset") : baseName.trimmed();
    for (int n = 2;; ++n) {
        exists.bind(1, name.toUtf8());
        const bool taken = exists.step();
        exists.reset();
        if (!taken)
            break;
        name = QStringLiteral("%1 (%2)").arg(baseName.trimmed()).arg(n);
    }
    auto ins
        = m_db->prepare("INSERT INTO datasets(name, kind, format, source_path, imported_at, rows) VALUES(?,?,?,?,?,0)");
    ins.bind(1, name.toUtf8());
    ins.bind(2, kind.toUtf8());
    ins.bind(3, format.toUtf8());
    ins.bind(4, source.toUtf8());
    ins.bind(5, QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8());
    ins.run();
    m_datasetId = m_db->lastInsertId();
    m_datasetName = name;
    m_kind = kind;
    return m_datasetId;
}

void ProjectWriter::expectLabels(qint64 n)
{
    if (m_kind == QLatin1String("preference") && m_policy == DuplicatePolicy::Keep)
        m_keepKeys.reserve(size_t(std::max<qint64>(n, 0)));
    else
        m_labels.reserve(size_t(std::max<qint64>(n, 0)));
    if (m_kind != QLatin1String("preference") || m_rebuildPreferenceIndex || n < kRebuildIndexMin
        || n <= m_existingPreferenceRows)
        return;
    m_async->drain();
    m_db->exec("DROP INDEX IF EXISTS pref_by_dataset");
    m_rebuildPreferenceIndex = true;
}

void ProjectWriter::finishAndCommit(qint64 rows, const QString& sha256)
{
    writeMeans();
    m_async->drain();
    if (m_rebuildPreferenceIndex)
        m_db->exec(kPreferenceByDatasetIndexSql);
    auto up = m_db->prepare("UPDATE datasets SET rows=?, sha256=? WHERE id=?");
    up.bind(1, int64_t(rows));
    up.bind(2, sha256.toUtf8());
    up.bind(3, int64_t(m_datasetId));
    up.run();
    m_db->commit();
    m_committed = true;
}

qint64 ProjectWriter::insertQuery(
    std::string_view externalId, std::string_view text, const std::string& key, std::string_view task)
{
    // Ids are assigned here (one past the largest at the start), so the insert itself can run on the writer thread.
    const qint64 id = m_nextQueryId++;
    AsyncStatementQueue::Op& op = m_async->add(m_insQuery.handle());
    op.integer(id);
    op.textOrNull(externalId);
    op.textOrNull(key);
    op.textOrNull(text);
    op.textOrNull(task);
    op.integer(m_datasetId);
    if (!externalId.empty()) {
        m_byExternalId.emplace(std::string(externalId), id);
        m_lastExternalId.assign(externalId); // the next rows of this query skip the map lookup
        m_lastQueryId = id;
    }
    if (!key.empty())
        m_byTextKey.emplace(key, id);
    m_queryState.emplace(id, QueryState { !externalId.empty(), !text.empty(), !task.empty() });
    ++m_newQueries;
    return id;
}

void ProjectWriter::fillMissing(qint64 id, std::string_view externalId, std::string_view text, std::string_view task)
{
    m_async->drain(); // the query's own insert may still be queued (rare: most rows need no update)
    QueryState& st = m_queryState[id];
    if (!task.empty() && !st.hasTask) {
        m_setTask.bind(1, task);
        m_setTask.bind(2, int64_t(id));
        m_setTask.run();
        st.hasTask = true;
    }
    if (!externalId.empty() && !st.hasId) {
        m_setExternalId.bind(1, externalId);
        m_setExternalId.bind(2, int64_t(id));
        m_setExternalId.run();
        m_byExternalId.emplace(std::string(externalId), id);
        st.hasId = true;
    }
    if (!text.empty() && !st.hasText) {
        const std::string key = textKey(text);
        if (!key.empty() && m_byTextKey.find(key) != m_byTextKey.end()) {
            ++m_textClashes; // the text belongs to another query already: leave this one without text
            return;
        }
        m_setText.bind(1, text);
        if (key.empty())
            m_setText.bindNull(2);
        else
            m_setText.bind(2, std::string_view(key));
        m_setText.bind(3, int64_t(id));
        m_setText.run();
        if (!key.empty())
            m_byTextKey.emplace(key, id);
        st.hasText = true;
    }
}

qint64 ProjectWriter::query(std::string_view externalId, std::string_view text, std::string_view task)
{
    externalId = trimmed(externalId);
    task = trimmed(task);
    checkLength(externalId, kMaxIdBytes, "query id");
    checkLength(task, kMaxIdBytes, "task");
    checkLength(text, kMaxTextBytes, "query text");
    // Rows of one query usually follow each other: remember the last id looked up.
    if (m_lastQueryId > 0 && !externalId.empty() && task.empty() && text.empty() && externalId == m_lastExternalId)
        return m_lastQueryId;
    if (!externalId.empty()) {
        const auto it = m_byExternalId.find(externalId);
        if (it != m_byExternalId.end()) {
            const qint64 id = it->second;
            m_lastExternalId.assign(externalId);
            m_lastQueryId = id;
            const QueryState& st = m_queryState[id];
            if ((!task.empty() && !st.hasTask) || (!text.empty() && !st.hasText))
                fillMissing(id, {}, text, task);
            return id;
        }
        if (text.empty())
            return insertQuery(externalId, {}, {}, task);
        std::string key = textKey(text);
        const auto byText = key.empty() ? m_byTextKey.end() : m_byTextKey.find(key);
        if (byText != m_byTextKey.end()) {
            const qint64 id = byText->second;
            if (!m_queryState[id].hasId) {
                fillMissing(id, externalId, {}, task);
                return id;
            }
            ++m_textClashes; // same text, different id: a different query by the file's own identity
            key.clear();
        }
        return insertQuery(externalId, text, key, task);
    }
    if (trimmed(text).empty())
        throw RowError { -1, QStringLiteral("the row has neither a query id nor a query text") };
    const std::string key = textKey(text);
    const auto it = m_byTextKey.find(key);
    if (it != m_byTextKey.end()) {
        if (!task.empty() && !m_queryState[it->second].hasTask)
            fillMissing(it->second, {}, {}, task);
        return it->second;
    }
    return insertQuery({}, text, key, task);
}

qint64 ProjectWriter::model(std::string_view name)
{
    name = trimmed(name);
    if (name.empty())
        throw RowError { -1, QStringLiteral("empty model name") };
    checkLength(name, kMaxIdBytes, "model name");
    if (const qint64 cached = m_modelCache.find(name))
        return cached;
    const auto it = m_models.find(name);
    if (it != m_models.end()) {
        m_modelCache.put(name, it->second);
        return it->second;
    }
    m_async->drain();
    m_insModel.bind(1, name);
    m_insModel.run();
    const qint64 id = m_db->lastInsertId();
    m_models.emplace(std::string(name), id);
    ++m_newModels;
    return id;
}

void ProjectWriter::setPrices(std::string_view name, double in, double out, double perQuery)
{
    const qint64 id = model(name);
    auto bindOpt = [this](int i, double v) {
        if (std::isnan(v))
            m_setPrices.bindNull(i);
        else
            m_setPrices.bind(i, v);
    };
    m_async->drain();
    bindOpt(1, in);
    bindOpt(2, out);
    bindOpt(3, perQuery);
    m_setPrices.bind(4, int64_t(id));
    m_setPrices.run();
}

int ProjectWriter::checkGold(qint64 queryId, qint64 modelId, double score) const
{
    const double* stored = m_labels.find(labelKey(queryId, modelId, 0, 0));
    if (!stored)
        return 0;
    if (*stored == score)
        return 1;
    throw RowError { -1,
        QStringLiteral("conflicting duplicate: this dataset already has score %1 for the same query and model (this "
                       "row says %2)")
            .arg(*stored)
            .arg(score) };
}

bool ProjectWriter::gold(qint64 queryId, qint64 modelId, double score, double costUsd, qint64 inTok, qint64 outTok)
{
    if (checkGold(queryId, modelId, score) == 1)
        return false;
    m_labels.findOrInsert(labelKey(queryId, modelId, 0, 0), score);
    AsyncStatementQueue::Op& op = m_async->add(m_insGold.handle());
    op.integer(m_datasetId);
    op.integer(queryId);
    op.integer(modelId);
    op.real(score);
    if (std::isnan(costUsd))
        op.null();
    else
        op.real(costUsd);
    if (inTok < 0)
        op.null();
    else
        op.integer(inTok);
    if (outTok < 0)
        op.null();
    else
        op.integer(outTok);
    return true;
}

ProjectWriter::Stored ProjectWriter::preference(
    qint64 queryId, qint64 a, qint64 b, double outcome, std::string_view judge)
{
    judge = trimmed(judge);
    checkLength(judge, kMaxIdBytes, "judge name");
    qint64 judgeKey = 0;
    if (!judge.empty()) {
        auto it = m_judges.find(judge);
        if (it == m_judges.end())
            it = m_judges.emplace(std::string(judge), qint64(m_judges.size() + 1)).first;
        judgeKey = it->second;
    }
    const LabelSet::Key key = labelKey(queryId, a, b, judgeKey);
    if (m_policy == DuplicatePolicy::Mean) {
        // The slot holds the index of the key's accumulator.
        const double* slot = m_labels.findOrInsert(key, double(m_means.size()));
        if (slot) {
            MeanVote& v = m_means[size_t(*slot)];
            v.sum += outcome;
            ++v.n;
            return Stored::Merged;
        }
        m_means.push_back(MeanVote { queryId, a, b, std::string(judge), outcome, 1 });
        return Stored::New;
    }
    if (m_policy == DuplicatePolicy::Keep) {
        m_keepKeys.add(key.q, key.a, key.b, key.j); // repeats are allowed: counted once at the end
    } else if (const double* stored = m_labels.findOrInsert(key, outcome)) {
        // The duplicate check first (in memory); a new label then goes to the writer thread.
        if (*stored == outcome) {
            return Stored::Duplicate;
        } else {
            throw RowError { -1,
                QStringLiteral("conflicting duplicate: this dataset already has outcome %1 for the same query, models "
                               "and judge (this row says %2; --duplicates keep or mean imports repeated votes)")
                    .arg(*stored)
                    .arg(outcome) };
        }
    }
    AsyncStatementQueue::Op& op = m_async->add(m_insPref.handle());
    op.integer(m_datasetId);
    op.integer(queryId);
    op.integer(a);
    op.integer(b);
    op.real(outcome);
    op.textOrNull(judge);
    return Stored::New;
}

void ProjectWriter::writeMeans()
{
    for (const MeanVote& v : m_means) {
        AsyncStatementQueue::Op& op = m_async->add(m_insPref.handle());
        op.integer(m_datasetId);
        op.integer(v.q);
        op.integer(v.a);
        op.integer(v.b);
        op.real(v.sum / double(v.n));
        op.textOrNull(v.judge);
    }
    m_means.clear();
}

void ProjectWriter::embedding(qint64 queryId, const std::vector<double>& v)
{
    if (m_embeddingDim >= 0 && int(v.size()) != m_embeddingDim)
        throw RowError { -1,
            QStringLiteral("embedding has %1 values but the project's imported embeddings have %2")
                .arg(v.size())
                .arg(m_embeddingDim) };
    m_embeddingDim = int(v.size());
    std::string blob(v.size() * sizeof(double), '\0');
    for (size_t i = 0; i < v.size(); ++i) {
        uint64_t bits;
        std::memcpy(&bits, &v[i], sizeof bits);
        for (int k = 0; k < 8; ++k)
            blob[i * 8 + size_t(k)] = char((bits >> (8 * k)) & 0xFF); // little-endian whatever the host
    }
    AsyncStatementQueue::Op& op = m_async->add(m_insFeature.handle());
    op.integer(queryId);
    op.integer(qint64(v.size()));
    op.blob(blob);
}

QStringList ProjectWriter::warnings()
{
    QStringList w;
    if (m_repeatedVotes < 0)
        m_repeatedVotes = qint64(m_keepKeys.count());
    if (m_repeatedVotes)
        w << QStringLiteral("%1 repeated votes (same query, models and judge) stored as separate labels")
                 .arg(m_repeatedVotes);
    if (m_textClashes)
        w << QStringLiteral("%1 queries have a text already stored under another query id; their text was not "
                            "linked (text_key left empty)")
                 .arg(m_textClashes);
    return w;
}

} // namespace crw
