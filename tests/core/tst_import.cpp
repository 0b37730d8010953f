// Importers on small fixtures (every format, values checked by hand) and on the real data sets (counts from
// SOURCE.txt and from an independent count of distinct normalised texts).
#include "import/Importer.h"
#include "import/TextKey.h"
#include "store/ProjectStore.h"
#include "tst_import_util.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace crw;
using namespace crw::test;

namespace {
QString fixture(const char* name)
{
    return QStringLiteral(CRW_TEST_DATA "/import/") + QLatin1String(name);
}
QString realData(const QString& rel)
{
    return QStringLiteral(CRW_DATA_DIR "/") + rel;
}

ImportResult run(const QString& project, const QString& file, DataKind kind, bool skip = false,
    const QString& name = {}, const QString& format = QStringLiteral("auto"))
{
    ImportOptions o;
    o.kind = kind;
    o.skipBadRows = skip;
    o.datasetName = name;
    o.format = format;
    Progress p;
    return importFile(project, file, o, p);
}

double real(const QString& path, const QString& sql)
{
    SqliteDb db(path);
    const QByteArray s = sql.toUtf8();
    auto st = db.prepare(s.constData());
    if (!st.step())
        return std::nan("");
    return st.columnDouble(0);
}

QString sha256Of(const QString& file)
{
    QFile f(file);
    f.open(QIODevice::ReadOnly);
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

#define REQUIRE_REAL_DATA(rel)                                                                                         \
    if (!QFileInfo::exists(realData(rel)))                                                                             \
        QSKIP(qPrintable(QStringLiteral("real data not found at %1 (set CRW_DATA_DIR to the data-candidates folder)")  \
                             .arg(realData(rel))));
}

class TstImport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString newProject(const char* name)
    {
        const QString p = m_dir.filePath(QLatin1String(name));
        ProjectStore::create(p);
        return p;
    }

private slots:
    void kindNames()
    {
        DataKind k;
        QVERIFY(parseDataKind(QStringLiteral("Preference"), &k));
        QCOMPARE(k, DataKind::Preference);
        QCOMPARE(dataKindName(DataKind::Prices), QStringLiteral("prices"));
        QVERIFY(!parseDataKind(QStringLiteral("votes"), &k));
        const ImportError e(QStringLiteral("f.csv"), 3, 2, QStringLiteral("bad"));
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("f.csv:3:2: bad"));
        const ImportError j(QStringLiteral("f.json"), QStringLiteral("$[1].scores"), QStringLiteral("expected"));
        QCOMPARE(QString::fromUtf8(j.what()), QStringLiteral("f.json: $[1].scores: expected"));
    }

    void textKeyNormalises()
    {
        QCOMPARE(normalizeQueryText(QStringLiteral("  Cafe\u0301 \t au\nlait ")), QStringLiteral("Caf\u00e9 au lait"));
        QCOMPARE(textKey("Caf\xC3\xA9 au lait"), textKey("  Cafe\xCC\x81  au lait"));
        // SHA-1("abc") is a published test vector.
        QCOMPARE(QString::fromStdString(textKey(" abc ")), QStringLiteral("a9993e364706816aba3e25717850c26c9cd0d89d"));
        QVERIFY(textKey("   ").empty());
    }

    void previewDetectsMappings()
    {
        const ImportPreview wide = previewImport(fixture("mmlu_demo.csv"), DataKind::Gold);
        QCOMPARE(wide.format, QStringLiteral("gold-wide-csv"));
        QCOMPARE(wide.mapping.text, QStringLiteral("prompt"));
        QCOMPARE(wide.mapping.modelColumns, (QStringList { "m-big", "m-small" }));
        QCOMPARE(wide.mapping.extra.value("cost:m-big"), QStringLiteral("m-big|total_cost"));
        QCOMPARE(wide.rows.size(), 2);
        QVERIFY(wide.rows[0][2].contains('\n'));
        QVERIFY(wide.warnings.join(' ').contains("oracle_model_to_route_to"));
        QVERIFY(wide.warnings.join(' ').contains("sample_id"));

        const ImportPreview alpaca = previewImport(fixture("pref_alpaca.csv"), DataKind::Preference);
        QCOMPARE(alpaca.format, QStringLiteral("preference-csv"));
        QCOMPARE(alpaca.mapping.queryId, QStringLiteral("instruction_id"));
        QCOMPARE(alpaca.mapping.modelA, QStringLiteral("generator_1"));
        QCOMPARE(alpaca.mapping.modelB, QStringLiteral("generator_2"));
        QCOMPARE(alpaca.mapping.judge, QStringLiteral("annotator"));
        QCOMPARE(alpaca.mapping.outcomeKind, QStringLiteral("preference"));

        QCOMPARE(previewImport(fixture("gold_long.csv"), DataKind::Gold).format, QStringLiteral("gold-long-csv"));
        QCOMPARE(previewImport(fixture("gold_long.jsonl"), DataKind::Gold).format, QStringLiteral("gold-long-jsonl"));
        QCOMPARE(previewImport(fixture("gold_wide.json"), DataKind::Gold).format, QStringLiteral("gold-wide-json"));
        QCOMPARE(previewImport(fixture("routerarena.jsonl"), DataKind::Gold).format,
            QStringLiteral("gold-routerarena-jsonl"));
        QCOMPARE(previewImport(fixture("annotations.json"), DataKind::Preference).format,
            QStringLiteral("alpacaeval-annotations"));
        QCOMPARE(previewImport(fixture("prices_llmrouter.json"), DataKind::Prices).format,
            QStringLiteral("prices-llmrouter-json"));
        QCOMPARE(previewImport(fixture("prices_routerarena.json"), DataKind::Prices).format,
            QStringLiteral("prices-routerarena-json"));
        QCOMPARE(previewImport(fixture("queries_emb.csv"), DataKind::Queries).mapping.embeddingColumns,
            (QStringList { "f1", "f2", "f3" }));
        QVERIFY_THROWS_EXCEPTION(
            ImportError, previewImport(fixture("gold_long.csv"), DataKind::Gold, "no-such-format"));
        QVERIFY_THROWS_EXCEPTION(ImportError, previewImport(fixture("gold_long.csv"), DataKind::Gold, "prices-csv"));
    }

    void everyFormatEndToEnd()
    {
        const QString p = newProject("formats.crw");
        // Queries with embeddings (CSV columns f1..f3, then a JSON array).
        ImportResult r = run(p, fixture("queries_emb.csv"), DataKind::Queries);
        QCOMPARE(r.format, QStringLiteral("queries-csv"));
        QCOMPARE(r.rows, 3);
        QCOMPARE(r.newQueries, 3);
        QCOMPARE(r.datasetName, QStringLiteral("queries_emb"));
        const QByteArray blob = QByteArray::fromHex(
            text(p, "SELECT hex(vector) FROM features f JOIN queries q ON q.id=f.query_id WHERE external_id='q1'")
                .toLatin1());
        QCOMPARE(blob.size(), 24);
        double v[3];
        std::memcpy(v, blob.constData(), 24); // the test machine is little-endian like the stored format
        QCOMPARE(v[0], 0.5);
        QCOMPARE(v[1], -1.25);
        QCOMPARE(v[2], 3.0);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='q2'"), QStringLiteral("Name a colour, please"));
        QCOMPARE(text(p, "SELECT sha256 FROM datasets WHERE name='queries_emb'"), sha256Of(fixture("queries_emb.csv")));

        r = run(p, fixture("queries_emb.jsonl"), DataKind::Queries);
        QCOMPARE(r.format, QStringLiteral("queries-jsonl"));
        QCOMPARE(r.rows, 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE external_id='5'"), 1);
        QCOMPARE(scalar(p, "SELECT count(*) FROM features WHERE featurizer='imported' AND dim=3"), 5);

        // Gold, long CSV: True -> 1, exact duplicate stored once, costs.
        r = run(p, fixture("gold_long.csv"), DataKind::Gold);
        QCOMPARE(r.rows, 4);
        QCOMPARE(r.newModels, 2);
        QVERIFY(r.warnings.join(' ').contains("1 exact duplicate"));
        QCOMPARE(real(p,
                     "SELECT score FROM gold_labels g JOIN queries q ON q.id=g.query_id JOIN models m ON "
                     "m.id=g.model_id WHERE q.external_id='q2' AND m.name='m-big'"),
            1.0);
        QCOMPARE(real(p,
                     "SELECT cost_usd FROM gold_labels g JOIN queries q ON q.id=g.query_id JOIN models m ON "
                     "m.id=g.model_id WHERE q.external_id='q1' AND m.name='m-big'"),
            0.002);

        // Gold, long JSONL: false -> 0; a known id without text gets the file's text.
        r = run(p, fixture("gold_long.jsonl"), DataKind::Gold);
        QCOMPARE(r.rows, 2);
        QCOMPARE(r.newModels, 1);
        QCOMPARE(r.newQueries, 0);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='q3'"), QStringLiteral("fresh text"));
        QCOMPARE(text(p, "SELECT text_key FROM queries WHERE external_id='q3'"),
            QString::fromStdString(textKey("fresh text")));

        // Preferences: gain (two judges on the same pair are distinct labels), prob, winner, AlpacaEval preference.
        r = run(p, fixture("pref_gain.csv"), DataKind::Preference);
        QCOMPARE(r.rows, 3);
        QCOMPARE(real(p, "SELECT outcome FROM preference_labels WHERE judge='other-judge'"), 0.2);
        r = run(p, fixture("pref_prob.csv"), DataKind::Preference);
        QCOMPARE(real(p,
                     "SELECT sum(outcome) FROM preference_labels WHERE dataset_id=(SELECT id FROM datasets WHERE "
                     "name='pref_prob')"),
            0.5 - 1.0);
        r = run(p, fixture("pref_winner.jsonl"), DataKind::Preference);
        QCOMPARE(r.format, QStringLiteral("preference-jsonl"));
        QCOMPARE(text(p,
                     "SELECT group_concat(outcome, ',') FROM (SELECT outcome FROM preference_labels WHERE "
                     "dataset_id=(SELECT id FROM datasets WHERE name='pref_winner') ORDER BY id)"),
            QStringLiteral("-1.0,1.0,0.0"));
        r = run(p, fixture("pref_alpaca.csv"), DataKind::Preference);
        QCOMPARE(r.newQueries, 2);
        QCOMPARE(r.newModels, 2);
        QCOMPARE(real(p,
                     "SELECT outcome FROM preference_labels l JOIN queries q ON q.id=l.query_id WHERE "
                     "q.external_id='7'"),
            0.5);
        QCOMPARE(real(p,
                     "SELECT outcome FROM preference_labels l JOIN queries q ON q.id=l.query_id WHERE "
                     "q.external_id='8'"),
            -1.0);
        QCOMPARE(text(p,
                     "SELECT m.name FROM preference_labels l JOIN models m ON m.id=l.model_a JOIN queries q ON "
                     "q.id=l.query_id WHERE q.external_id='8'"),
            QStringLiteral("base"));
        // The same file again is a new dataset with a unique name.
        r = run(p, fixture("pref_prob.csv"), DataKind::Preference, false, QStringLiteral("pref_prob"));
        QCOMPARE(r.datasetName, QStringLiteral("pref_prob (2)"));

        // Prices: upsert, partial updates keep the other columns.
        r = run(p, fixture("prices.csv"), DataKind::Prices);
        QCOMPARE(r.rows, 2);
        run(p, fixture("prices_update.csv"), DataKind::Prices);
        QCOMPARE(real(p, "SELECT input_usd_per_mtok FROM models WHERE name='m-big'"), 10.0);
        QCOMPARE(real(p, "SELECT usd_per_query FROM models WHERE name='m-big'"), 0.05);
        QCOMPARE(real(p, "SELECT usd_per_query FROM models WHERE name='m-small'"), 0.001);

        // Gold, wide CSV in the RouterBench layout: task from the file name, costs, ignored columns.
        r = run(p, fixture("mmlu_demo.csv"), DataKind::Gold);
        QCOMPARE(r.format, QStringLiteral("gold-wide-csv"));
        QCOMPARE(r.rows, 4);
        QCOMPARE(r.newQueries, 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE task='mmlu_demo'"), 2);
        QCOMPARE(real(p,
                     "SELECT sum(cost_usd) FROM gold_labels WHERE dataset_id=(SELECT id FROM datasets WHERE "
                     "name='mmlu_demo')"),
            0.033);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE text LIKE 'Which planet%'"),
            QStringLiteral("Which planet is red?\nA. Mars\nB. Venus"));

        // JSON price tables.
        r = run(p, fixture("prices_llmrouter.json"), DataKind::Prices);
        QCOMPARE(r.rows, 2);
        QCOMPARE(r.newModels, 1);
        QCOMPARE(real(p, "SELECT output_usd_per_mtok FROM models WHERE name='m-new'"), 0.2);
        run(p, fixture("prices_routerarena.json"), DataKind::Prices);
        QCOMPARE(real(p, "SELECT input_usd_per_mtok FROM models WHERE name='m-big'"), 3.0);
        QCOMPARE(real(p, "SELECT usd_per_query FROM models WHERE name='m-big'"), 0.05);

        // RouterArena cached results.
        r = run(p, fixture("routerarena.jsonl"), DataKind::Gold);
        QCOMPARE(r.rows, 2);
        QCOMPARE(text(p, "SELECT task FROM queries WHERE external_id='MMLUPro_law_12'"), QStringLiteral("MMLUPro_law"));
        QCOMPARE(text(p, "SELECT task FROM queries WHERE external_id='AIME_3'"), QStringLiteral("AIME"));
        QCOMPARE(scalar(p,
                     "SELECT output_tokens FROM gold_labels g JOIN queries q ON q.id=g.query_id WHERE "
                     "q.external_id='MMLUPro_law_12'"),
            20);
        QCOMPARE(real(p,
                     "SELECT cost_usd FROM gold_labels g JOIN queries q ON q.id=g.query_id WHERE "
                     "q.external_id='AIME_3'"),
            0.25);
    }

    void identityByTextAcrossFiles()
    {
        const QString p = newProject("identity.crw");
        ImportResult a = run(p, fixture("identity_a.csv"), DataKind::Gold);
        QCOMPARE(a.newQueries, 1);
        ImportResult b = run(p, fixture("identity_b.csv"), DataKind::Gold);
        QCOMPARE(b.newQueries, 0); // NFC + whitespace normalisation: the same query
        ImportResult c = run(p, fixture("gold_wide.json"), DataKind::Gold);
        QCOMPARE(c.format, QStringLiteral("gold-wide-json"));
        QCOMPARE(c.rows, 4);
        QCOMPARE(c.newQueries, 1);
        QCOMPARE(c.newModels, 1);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 2);
        QCOMPARE(
            scalar(
                p, "SELECT count(*) FROM gold_labels WHERE query_id=(SELECT id FROM queries WHERE task='identity_a')"),
            6);
        // The first file's task stays; the stored text is the first file's spelling.
        QCOMPARE(text(p, "SELECT text FROM queries WHERE task='identity_a'"), QStringLiteral("Caf\u00e9  au lait?"));

        // A queries file with ids and texts, then preferences by id, then annotations by text: one query each.
        const QString q = newProject("ids.crw");
        run(q, fixture("queries_emb.jsonl"), DataKind::Queries);
        ImportResult pr = run(q, fixture("pref_winner.jsonl"), DataKind::Preference);
        QCOMPARE(pr.newQueries, 3); // q1..q3 are not in the queries file
        ImportResult an = run(q, fixture("annotations.json"), DataKind::Preference);
        QCOMPARE(an.newQueries, 0); // "Write a haiku" is q4's text
        QCOMPARE(text(q,
                     "SELECT q.external_id FROM preference_labels l JOIN queries q ON q.id=l.query_id WHERE "
                     "l.dataset_id=(SELECT id FROM datasets WHERE name='annotations')"),
            QStringLiteral("q4"));
        QCOMPARE(text(q, "SELECT task FROM queries WHERE external_id='q4'"), QStringLiteral("poetry"));
        QCOMPARE(real(q, "SELECT outcome FROM preference_labels WHERE judge='judge-1'"), 0.0);
    }

    void idAttachesToTextOnlyQuery()
    {
        const QString p = newProject("attach.crw");
        run(p, fixture("annotations.json"), DataKind::Preference); // query by text only
        const ImportResult r = run(p, fixture("queries_emb.jsonl"), DataKind::Queries);
        QCOMPARE(r.newQueries, 1); // "Write a haiku" gets id q4; "Translate hello" is new
        QCOMPARE(text(p, "SELECT external_id FROM queries WHERE text='Write a haiku'"), QStringLiteral("q4"));
        QCOMPARE(text(p, "SELECT task FROM queries WHERE external_id='q4'"), QStringLiteral("poems"));
    }

    void realRouteLlmMmlu()
    {
        REQUIRE_REAL_DATA("RouteLLM/routellm/evals/mmlu/responses");
        const QString p = newProject("mmlu.crw");
        const QStringList files = QDir(realData("RouteLLM/routellm/evals/mmlu/responses"))
                                      .entryList({ "mmlu_*.csv" }, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 57);
        qint64 rows = 0, duplicates = 0;
        for (const QString& f : files) {
            const ImportResult r = run(p, realData("RouteLLM/routellm/evals/mmlu/responses/") + f, DataKind::Gold);
            QCOMPARE(r.format, QStringLiteral("gold-wide-csv"));
            rows += r.rows;
            for (const QString& w : r.warnings)
                if (w.contains("exact duplicate"))
                    duplicates += w.section(' ', 0, 0).toLongLong();
        }
        // 14,042 prompt rows (SOURCE.txt). 27 rows repeat a prompt of the same file with identical labels (stored
        // once) and 78 more repeat a prompt of another subject file: 13,937 distinct texts (counted independently
        // with Python's csv + unicodedata NFC + whitespace collapsing; none differ only by normalisation).
        QCOMPARE(duplicates, 27);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 13937);
        QCOMPARE(scalar(p, "SELECT count(*) FROM models"), 2);
        QCOMPARE(rows, 2 * (14042 - 27));
        QCOMPARE(scalar(p, "SELECT count(*) FROM gold_labels"), 2 * (14042 - 27));
        QCOMPARE(scalar(p, "SELECT count(*) FROM datasets"), 57);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE task IS NULL"), 0);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE task='mmlu_anatomy'"), 135);
        QCOMPARE(text(p, "SELECT sha256 FROM datasets WHERE name='mmlu_anatomy'"),
            sha256Of(realData("RouteLLM/routellm/evals/mmlu/responses/mmlu_anatomy.csv")));
    }

    void realLlmRouter()
    {
        REQUIRE_REAL_DATA("LLMRouter/data/dcrouter_preprocessed/train.json");
        const QString p = newProject("llmrouter.crw");
        const ImportResult train = run(p, realData("LLMRouter/data/dcrouter_preprocessed/train.json"), DataKind::Gold);
        QCOMPARE(train.rows, 5608 * 9);
        QCOMPARE(train.newQueries, 5608);
        QCOMPARE(train.newModels, 9);
        const ImportResult test = run(p, realData("LLMRouter/data/dcrouter_preprocessed/test.json"), DataKind::Gold);
        QCOMPARE(test.rows, 500 * 9);
        // 119 test questions also appear in train (same normalised text): 381 new queries, 5,989 in all.
        QCOMPARE(test.newQueries, 381);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 5989);
        const ImportResult prices
            = run(p, realData("LLMRouter/data/example_data/llm_candidates/default_llm.json"), DataKind::Prices);
        QCOMPARE(prices.format, QStringLiteral("prices-llmrouter-json"));
        QCOMPARE(prices.rows, 14);
        QCOMPARE(prices.newModels, 5); // the 9 scored models are among the 14 priced ones
        QCOMPARE(real(p, "SELECT input_usd_per_mtok FROM models WHERE name='qwen2.5-7b-instruct'"), 0.2);
    }

    void realRouterArena()
    {
        REQUIRE_REAL_DATA("RouterArena/cached_results/claude-3-haiku-20240307.jsonl");
        const QString p = newProject("arena.crw");
        for (const char* f : { "claude-3-haiku-20240307.jsonl", "gemini-2.0-flash-001.jsonl" }) {
            const ImportResult r = run(p, realData("RouterArena/cached_results/") + QLatin1String(f), DataKind::Gold);
            QCOMPARE(r.format, QStringLiteral("gold-routerarena-jsonl"));
            QCOMPARE(r.rows, 809);
        }
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 809);
        QCOMPARE(scalar(p, "SELECT count(*) FROM models"), 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM gold_labels WHERE cost_usd IS NOT NULL AND input_tokens > 0"), 1618);
        QCOMPARE(scalar(p, "SELECT count(DISTINCT task) FROM queries"), 78);
        QCOMPARE(text(p, "SELECT task FROM queries WHERE external_id='AIME_112'"), QStringLiteral("AIME"));
        const ImportResult c = run(p, realData("RouterArena/model_cost/cost.json"), DataKind::Prices);
        QCOMPARE(c.format, QStringLiteral("prices-routerarena-json"));
        QCOMPARE(c.newModels, c.rows - 2);
        QCOMPARE(real(p, "SELECT input_usd_per_mtok FROM models WHERE name='claude-3-haiku-20240307'"), 0.25);
        QCOMPARE(real(p, "SELECT output_usd_per_mtok FROM models WHERE name='claude-3-haiku-20240307'"), 1.25);
    }

    void realAlpacaEval()
    {
        REQUIRE_REAL_DATA("alpaca_eval/derived/weighted_alpaca_eval_gpt4_turbo_preferences.csv");
        const QString csv = realData("alpaca_eval/derived/weighted_alpaca_eval_gpt4_turbo_preferences.csv");
        const QString p = newProject("alpaca.crw");
        // 805 of the 46,680 rows compare the baseline with itself (results_dir gpt4_1106_preview): an error ...
        try {
            run(p, csv, DataKind::Preference);
            QFAIL("expected an ImportError for model_a == model_b");
        } catch (const ImportError& e) {
            QCOMPARE(e.line, 24952);
            QVERIFY(QString::fromUtf8(e.what()).contains("same model"));
        }
        QCOMPARE(scalar(p, "SELECT count(*) FROM datasets"), 0);
        // ... and skipped with --skip-bad-rows.
        const ImportResult r = run(p, csv, DataKind::Preference, true);
        QCOMPARE(r.rows + r.skipped.size(), 46680);
        QCOMPARE(r.skipped.size(), 805);
        QCOMPARE(r.newQueries, 805);
        QCOMPARE(r.newModels, 58);
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels"), 45875);
        QCOMPARE(scalar(p, "SELECT count(DISTINCT judge) FROM preference_labels"), 1);
        // First row: preference 1.7328323962 -> outcome 3 - 2p = -0.4656647924 (model_a = baseline).
        QCOMPARE(real(p, "SELECT outcome FROM preference_labels ORDER BY id LIMIT 1"), 3.0 - 2.0 * 1.7328323962);

        // instructions.csv attaches texts to the 805 ids; annotations.json then finds every query by its text.
        const ImportResult ins = run(p, realData("alpaca_eval/derived/instructions.csv"), DataKind::Queries);
        QCOMPARE(ins.rows, 805);
        QCOMPARE(ins.newQueries, 0);
        const ImportResult an
            = run(p, realData("alpaca_eval/results/claude-2/weighted_alpaca_eval_gpt4_turbo/annotations.json"),
                DataKind::Preference);
        QCOMPARE(an.format, QStringLiteral("alpacaeval-annotations"));
        QCOMPARE(an.rows, 805);
        QCOMPARE(an.newQueries, 0);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 805);
    }

    void realAnnotationsAlone()
    {
        REQUIRE_REAL_DATA("alpaca_eval/results/alpaca-7b/weighted_alpaca_eval_gpt4_turbo/annotations.json");
        const QString p = newProject("annotations.crw");
        const ImportResult r
            = run(p, realData("alpaca_eval/results/alpaca-7b/weighted_alpaca_eval_gpt4_turbo/annotations.json"),
                DataKind::Preference);
        QCOMPARE(r.rows, 805);
        QCOMPARE(r.newQueries, 805);
        QCOMPARE(r.newModels, 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE task IS NOT NULL AND text_key IS NOT NULL"), 805);
    }
};

QTEST_GUILESS_MAIN(TstImport)
#include "tst_import.moc"
