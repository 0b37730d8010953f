// Formats read as they are (docs/formats.md): repeated preference votes (--duplicates keep|mean|refuse) and the
// public preference and grade dumps (Chatbot Arena, MT-Bench, UltraFeedback, ...), each with a fixture written in
// its exact layout, exact counts, a malformed and a truncated variant refused at file:line:column with the project
// unchanged.
#include "import/Importer.h"
#include "pipeline/PairTable.h"
#include "store/ProjectStore.h"
#include "tst_import_util.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace crw;
using namespace crw::test;

namespace {
QString fixture(const QString& name)
{
    return QStringLiteral(CRW_TEST_DATA "/formats/") + name;
}

ImportResult run(const QString& project, const QString& file, DataKind kind,
    DuplicatePolicy duplicates = DuplicatePolicy::Auto, const QString& judgeMap = QString())
{
    ImportOptions o;
    o.kind = kind;
    o.duplicates = duplicates;
    QString err;
    if (!parseJudgeMap(judgeMap, &o.judgeMap, &err))
        throw std::runtime_error(err.toStdString());
    Progress progress;
    return importFile(project, file, o, progress);
}

double real(const QString& path, const char* sql)
{
    SqliteDb db(path);
    auto st = db.prepare(sql);
    return st.step() ? st.columnDouble(0) : std::nan("");
}
}

class TstImportFormats : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    QString freshProject()
    {
        const QString p = m_dir.filePath(QStringLiteral("f%1.crw").arg(++m_n));
        ProjectStore::create(p);
        return p;
    }
    // A project with some data of its own, to show a refused file leaves it as it was.
    QString seededProject()
    {
        const QString p = freshProject();
        run(p, QStringLiteral(CRW_TEST_DATA "/import/gold_long.csv"), DataKind::Gold);
        run(p, QStringLiteral(CRW_TEST_DATA "/import/pref_gain.csv"), DataKind::Preference);
        return p;
    }
    void expectRefused(const QString& file, DataKind kind, const QString& where, const QString& message,
        const QString& judgeMap = QString())
    {
        const QString p = seededProject();
        const QStringList before = dumpProject(p);
        try {
            run(p, file, kind, DuplicatePolicy::Auto, judgeMap);
            QFAIL(qPrintable(QStringLiteral("no ImportError for ") + file));
        } catch (const ImportError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(file + QLatin1Char(':') + where), qPrintable(what));
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(!what.contains(QLatin1Char('\n')), qPrintable(what));
        }
        QCOMPARE(dumpProject(p), before);
    }

    void expectRefusedWith(const QString& file, const ImportOptions& o, const QString& where, const QString& message)
    {
        const QString p = seededProject();
        const QStringList before = dumpProject(p);
        try {
            Progress progress;
            importFile(p, file, o, progress);
            QFAIL(qPrintable(QStringLiteral("no ImportError for ") + file));
        } catch (const ImportError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(file + QLatin1Char(':') + where), qPrintable(what));
            QVERIFY2(what.contains(message), qPrintable(what));
        }
        QCOMPARE(dumpProject(p), before);
    }

private slots:
    void judgeMapAndPolicyParse()
    {
        JudgeMap m;
        QString err;
        QVERIFY(parseJudgeMap(QStringLiteral("expert_*=gold, gpt4_pair=preference"), &m, &err));
        QCOMPARE(m.kindOf(QStringLiteral("expert_12"), DataKind::Preference), DataKind::Gold);
        QCOMPARE(m.kindOf(QStringLiteral("gpt4_pair"), DataKind::Gold), DataKind::Preference);
        QCOMPARE(m.kindOf(QStringLiteral("author_0"), DataKind::Preference), DataKind::Preference);
        QCOMPARE(m.kindOf(QStringLiteral("xexpert_1"), DataKind::Preference), DataKind::Preference);
        QVERIFY(!parseJudgeMap(QStringLiteral("expert_*=silver"), &m, &err));
        QVERIFY(err.contains("expert_*=silver"));
        DuplicatePolicy d;
        QVERIFY(parseDuplicatePolicy(QStringLiteral("Mean"), &d));
        QCOMPARE(d, DuplicatePolicy::Mean);
        QVERIFY(!parseDuplicatePolicy(QStringLiteral("first"), &d));
    }

    // Without a judge column, repeated votes are labels of their own (the default), averaged (mean) or refused.
    void repeatedVotesKeepMeanRefuse()
    {
        const QString p = freshProject();
        const ImportResult keep = run(p, fixture("pref_repeated.csv"), DataKind::Preference);
        QCOMPARE(keep.rows, 5);
        QVERIFY2(keep.warnings.join(' ').contains("2 repeated votes"), qPrintable(keep.warnings.join(' ')));
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels p JOIN queries q ON q.id=p.query_id "
                           "WHERE q.external_id='hello'"),
            3);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries"), 2);

        const QString pm = freshProject();
        const ImportResult mean = run(pm, fixture("pref_repeated.csv"), DataKind::Preference, DuplicatePolicy::Mean);
        QCOMPARE(mean.rows, 3);
        QVERIFY(mean.warnings.join(' ').contains("2 repeated votes were averaged"));
        QCOMPARE(scalar(pm, "SELECT rows FROM datasets"), 3);
        QCOMPARE(real(pm, "SELECT outcome FROM preference_labels p JOIN queries q ON q.id=p.query_id "
                          "WHERE q.external_id='hello'"),
            1.0 / 3.0);

        const QString pr = freshProject();
        const QStringList before = dumpProject(pr);
        try {
            run(pr, fixture("pref_repeated.csv"), DataKind::Preference, DuplicatePolicy::Refuse);
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(fixture("pref_repeated.csv") + ":3:4: column 'winner': "
                                                                                             "conflicting duplicate"),
                e.what());
        }
        QCOMPARE(dumpProject(pr), before);
    }

    // The training table holds one row per query: repeated votes of a query are averaged into its row, so folds and
    // the bootstrap (which work on these rows) keep the votes of one query together.
    void repeatedVotesAreOneQueryInTraining()
    {
        for (DuplicatePolicy d : { DuplicatePolicy::Keep, DuplicatePolicy::Mean }) {
            const QString p = freshProject();
            run(p, fixture("pref_repeated.csv"), DataKind::Preference, d);
            Progress progress;
            const PairTable t = loadPairTable(p, QStringLiteral("m1"), QStringLiteral("m2"), progress);
            QCOMPARE(t.size(), 2);
            QCOMPARE(t.prefCount(), 2);
            QCOMPARE(t.pref[0], 1.0 / 3.0); // hello: a, b, a
            QCOMPARE(t.pref[1], -0.5);      // q2: tie (m1 vs m2), m2 wins (m2 vs m1)
        }
    }

    // Each format: detected by content, exact counts.
    void formatsImport_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("queries");
        QTest::addColumn<int>("models");
        const int G = int(DataKind::Gold), P = int(DataKind::Preference);
        // Arena: the query is the first user turn (by text; battle ids are not queries).
        QTest::newRow("arena 55k csv") << "arena_55k.csv" << P << "arena-csv" << 4 << 2 << 5;
        QTest::newRow("arena 33k jsonl") << "arena_33k.jsonl" << P << "arena-jsonl" << 4 << 3 << 4;
        QTest::newRow("arena 140k jsonl") << "arena_140k.jsonl" << P << "arena-jsonl" << 5 << 3 << 3;
        // MT-Bench: turn k of question q is the query "q-turnk".
        QTest::newRow("mt-bench pairwise") << "mtbench_pairwise.jsonl" << P << "mtbench-pairwise-jsonl" << 8 << 3 << 5;
        QTest::newRow("mt-bench single") << "mtbench_single.jsonl" << G << "mtbench-single-jsonl" << 5 << 3 << 3;
        QTest::newRow("ultrafeedback") << "ultrafeedback.jsonl" << G << "ultrafeedback-jsonl" << 7 << 2 << 7;
        // SPROUT: 3 prompts x 3 models, one null score.
        QTest::newRow("sprout jsonl") << "sprout.jsonl" << G << "sprout-jsonl" << 8 << 3 << 3;
        QTest::newRow("sprout csv") << "sprout.csv" << G << "sprout-csv" << 4 << 2 << 2;
        // EmbedLLM: 8 (model, prompt) rows of 3 models on 3 prompts (texts from question_order.csv).
        QTest::newRow("embedllm") << "embedllm.csv" << G << "embedllm-csv" << 8 << 3 << 3;
        // LLMRouterBench: one model's result document, 3 records.
        QTest::newRow("llmrouterbench") << "llmrouterbench_gpt-4o-mini.json" << G << "llmrouterbench-json" << 3 << 3
                                        << 1;
        // HelpSteer3: 4 rows, 3 distinct contexts, the two response slots as models.
        QTest::newRow("helpsteer3") << "helpsteer3.jsonl" << P << "helpsteer3-jsonl" << 4 << 3 << 2;
        // HelpSteer2: 5 responses to 3 prompts; slots "response" and "response_2".
        QTest::newRow("helpsteer2 jsonl") << "helpsteer2.jsonl" << G << "helpsteer2-jsonl" << 5 << 3 << 2;
        QTest::newRow("helpsteer2 csv") << "helpsteer2.csv" << G << "helpsteer2-csv" << 4 << 2 << 2;
    }
    void formatsImport()
    {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(QString, format);
        QFETCH(int, rows);
        QFETCH(int, queries);
        QFETCH(int, models);
        QCOMPARE(previewImport(fixture(file), DataKind(kind)).format, format);
        const QString p = freshProject();
        const ImportResult r = run(p, fixture(file), DataKind(kind));
        QCOMPARE(r.format, format);
        QCOMPARE(r.rows, rows);
        QCOMPARE(r.newQueries, queries);
        QCOMPARE(r.newModels, models);
        QCOMPARE(scalar(p, "SELECT rows FROM datasets"), qint64(rows));
        QCOMPARE(scalar(p, "SELECT (SELECT count(*) FROM gold_labels) + (SELECT count(*) FROM preference_labels)"),
            qint64(rows));
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE text IS NULL OR text = ''"), 0);
    }

    // A malformed and a truncated variant of each: refused at file:line:column, the project unchanged.
    void formatsRefuseBadFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("message");
        const int G = int(DataKind::Gold), P = int(DataKind::Preference);
        QTest::newRow("arena 55k: two winners") << "arena_55k_bad.csv" << P << "3:7: "
                                                << "column 'winner_model_a': winner_model_a, winner_model_b, "
                                                   "winner_tie must be one-hot (got 1, 1, 0)";
        QTest::newRow("arena 55k: truncated") << "arena_55k_truncated.csv" << P << "3:6: "
                                              << "unterminated quoted field";
        QTest::newRow("arena 33k: unknown winner") << "arena_33k_bad.jsonl" << P << "2:109: "
                                                   << "$.winner: unknown winner 'model_c'";
        QTest::newRow("arena 33k: truncated") << "arena_33k_truncated.jsonl" << P << "3:" << "invalid JSON";
        QTest::newRow("arena 140k: no user turn") << "arena_140k_bad.jsonl" << P << "4:"
                                                  << "$.conversation_a: no user turn 1 in the conversation";
        QTest::newRow("arena 140k: truncated") << "arena_140k_truncated.jsonl" << P << "4:" << "invalid JSON";
        QTest::newRow("mt-bench pairwise: turn 0") << "mtbench_pairwise_bad.jsonl" << P << "5:"
                                                   << "$.turn: turn 0 is not a whole number from 1";
        QTest::newRow("mt-bench pairwise: truncated") << "mtbench_pairwise_truncated.jsonl" << P << "6:"
                                                      << "invalid JSON";
        QTest::newRow("mt-bench single: score is text") << "mtbench_single_bad.jsonl" << G << "3:"
                                                        << "$.score: expected a finite number, got a string";
        QTest::newRow("mt-bench single: truncated") << "mtbench_single_truncated.jsonl" << G << "4:"
                                                    << "invalid JSON";
        QTest::newRow("ultrafeedback: score is an object")
            << "ultrafeedback_bad.jsonl" << G << "2:" << "$.completions[3].overall_score: expected a number";
        QTest::newRow("ultrafeedback: truncated") << "ultrafeedback_truncated.jsonl" << G << "2:" << "invalid JSON";
        QTest::newRow("sprout: score is text") << "sprout_bad.jsonl" << G << "2:201: "
                                               << "$.llama-3.1-70b.score: expected a number, got a string";
        QTest::newRow("sprout: truncated") << "sprout_truncated.jsonl" << G << "3:" << "invalid JSON";
        QTest::newRow("embedllm: label 2") << "embedllm_bad.csv" << G << "4:4: "
                                           << "column 'label': label 2: expected 0 or 1";
        QTest::newRow("embedllm: truncated") << "embedllm_truncated.csv" << G << "9:3: "
                                             << "the row has 2 fields but the header has 4";
        QTest::newRow("llmrouterbench: negative cost") << "llmrouterbench_bad.json" << G << "34:7: "
                                                       << "$.records[1].cost: expected a cost in USD >= 0";
        QTest::newRow("llmrouterbench: truncated") << "llmrouterbench_truncated.json" << G << "30:8: "
                                                   << "invalid JSON: unterminated string (the file ends early";
        QTest::newRow("helpsteer3: preference 5") << "helpsteer3_bad.jsonl" << P << "3:189: "
                                                  << "$.overall_preference: overall_preference 5: expected a whole "
                                                     "number from -3";
        QTest::newRow("helpsteer3: truncated") << "helpsteer3_truncated.jsonl" << P << "4:" << "invalid JSON";
        QTest::newRow("helpsteer2: helpfulness n/a") << "helpsteer2_bad.jsonl" << G << "4:84: "
                                                     << "$.helpfulness: expected a finite number";
        QTest::newRow("helpsteer2: truncated") << "helpsteer2_truncated.jsonl" << G << "5:" << "invalid JSON";
        // UltraFeedback binarized names no models: refused whichever kind it is given as.
        QTest::newRow("ultrafeedback binarized (gold)") << "ultrafeedback_binarized.jsonl" << G << "1:1: "
                                                        << "UltraFeedback binarized (prompt, chosen, rejected, "
                                                           "score_chosen, score_rejected) names no models";
        QTest::newRow("ultrafeedback binarized (preference)")
            << "ultrafeedback_binarized.jsonl" << P << "1:1: " << "import the original UltraFeedback file";
    }
    void formatsRefuseBadFiles()
    {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(QString, where);
        QFETCH(QString, message);
        expectRefused(fixture(file), DataKind(kind), where, message);
        // file:line:column: every refusal names a column.
        try {
            run(freshProject(), fixture(file), DataKind(kind));
        } catch (const ImportError& e) {
            QVERIFY2(e.line > 0 && e.column > 0, e.what());
        }
    }

    // Arena: repeated votes on one prompt are labels of one query; both_bad is a tie kept apart by its judge.
    void arenaVotesAndBothBad()
    {
        const QString p = freshProject();
        run(p, fixture("arena_140k.jsonl"), DataKind::Preference);
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels p JOIN queries q ON q.id=p.query_id "
                           "WHERE q.text='hello'"),
            3);
        QCOMPARE(text(p, "SELECT group_concat(outcome, ';') FROM (SELECT outcome FROM preference_labels p JOIN "
                         "queries q ON q.id=p.query_id WHERE q.text='hello' ORDER BY p.id)"),
            QStringLiteral("1.0;-1.0;1.0"));
        QCOMPARE(text(p, "SELECT judge || ':' || outcome FROM preference_labels p JOIN queries q ON q.id=p.query_id "
                         "WHERE q.text='Write a haiku about rust.'"),
            QStringLiteral("both_bad:0.0"));
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels WHERE outcome=0 AND judge IS NULL"), 1); // a tie
        const QString p2 = freshProject();
        run(p2, fixture("arena_33k.jsonl"), DataKind::Preference);
        QCOMPARE(text(p2, "SELECT judge FROM preference_labels WHERE judge LIKE '%both_bad'"),
            QStringLiteral("arena_user_2/both_bad"));
        // --task-from: the language becomes the task.
        const QString p3 = freshProject();
        ImportOptions o;
        o.kind = DataKind::Preference;
        o.taskKey = QStringLiteral("language");
        Progress progress;
        importFile(p3, fixture("arena_140k.jsonl"), o, progress);
        QCOMPARE(text(p3, "SELECT task FROM queries WHERE text LIKE 'Quelle%'"), QStringLiteral("French"));
    }

    // MT-Bench: turns 1 and 2 of a question are two queries; --judge-map sends each judge to gold or preference.
    void mtBenchTurnsAndJudgeMap()
    {
        const QString p = freshProject();
        run(p, fixture("mtbench_single.jsonl"), DataKind::Gold);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='81-turn2'"),
            QStringLiteral("Rewrite your previous response. Start every sentence with the letter A."));
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='81-turn1'"),
            QStringLiteral("Compose an engaging travel blog post about a recent trip to Hawaii."));
        // The pairwise file adds preference labels to the same queries (matched by id).
        const ImportResult r = run(p, fixture("mtbench_pairwise.jsonl"), DataKind::Preference, DuplicatePolicy::Auto,
            QStringLiteral("expert_*=gold,author_*=gold,gpt4_pair=preference"));
        QCOMPARE(r.newQueries, 0);
        QCOMPARE(scalar(p, "SELECT count(*) FROM preference_labels"), 3); // the three gpt4_pair verdicts
        QCOMPARE(r.rows, 3 + 7); // + win shares of 7 (query, model) pairs from 5 expert/author verdicts
        // 81-turn1: author_2 and expert_0 both prefer gpt-3.5-turbo; 81-turn2: expert_0 says tie.
        QCOMPARE(real(p, "SELECT score FROM gold_labels g JOIN queries q ON q.id=g.query_id JOIN models m ON "
                         "m.id=g.model_id JOIN datasets d ON d.id=g.dataset_id WHERE d.name='mtbench_pairwise' AND "
                         "q.external_id='81-turn1' AND m.name='gpt-3.5-turbo'"),
            1.0);
        QCOMPARE(real(p, "SELECT score FROM gold_labels g JOIN queries q ON q.id=g.query_id JOIN models m ON "
                         "m.id=g.model_id JOIN datasets d ON d.id=g.dataset_id WHERE d.name='mtbench_pairwise' AND "
                         "q.external_id='81-turn2' AND m.name='alpaca-13b'"),
            0.5);
        QCOMPARE(text(p, "SELECT judge FROM preference_labels p JOIN queries q ON q.id=p.query_id WHERE "
                         "q.external_id='82-turn1'"),
            QStringLiteral("gpt4_pair"));
        // A single-grade judge mapped to preference is refused.
        expectRefused(fixture("mtbench_single.jsonl"), DataKind::Gold, QStringLiteral("1:"),
            QStringLiteral("$.judge: judge 'gpt-4/single-v1' is mapped to preference"),
            QStringLiteral("gpt-4*=preference"));
    }

    // SPROUT keeps each model's tokens; LLMRouterBench keeps tokens and the per-query cost in USD, and two models'
    // documents of one dataset meet on the query ids "<dataset>/<split>/<index>".
    void tokensAndCosts()
    {
        const QString p = freshProject();
        run(p, fixture("sprout.jsonl"), DataKind::Gold);
        QCOMPARE(text(p, "SELECT g.input_tokens || '/' || g.output_tokens FROM gold_labels g JOIN models m ON "
                         "m.id=g.model_id JOIN queries q ON q.id=g.query_id WHERE m.name='llama-3.1-70b' AND "
                         "q.text LIKE 'Integrate%'"),
            QStringLiteral("12/140"));
        QCOMPARE(scalar(p, "SELECT count(*) FROM gold_labels WHERE cost_usd IS NOT NULL"), 0);
        const QString b = freshProject();
        run(b, fixture("llmrouterbench_gpt-4o-mini.json"), DataKind::Gold);
        const ImportResult second = run(b, fixture("llmrouterbench_qwen3-8b.json"), DataKind::Gold);
        QCOMPARE(second.rows, 2); // record 2 has score null: no label
        QCOMPARE(second.newQueries, 0);
        QCOMPARE(text(b, "SELECT group_concat(external_id || '=' || task, ';') FROM (SELECT * FROM queries ORDER BY id)"),
            QStringLiteral("aime/test/0=aime;aime/test/1=aime;aime/test/2=aime"));
        QCOMPARE(real(b, "SELECT cost_usd FROM gold_labels g JOIN models m ON m.id=g.model_id JOIN queries q ON "
                         "q.id=g.query_id WHERE m.name='gpt-4o-mini' AND q.external_id='aime/test/1'"),
            0.00015);
        QCOMPARE(scalar(b, "SELECT sum(output_tokens) FROM gold_labels"), 300 + 250 + 80 + 900 + 700);
    }

    // EmbedLLM: the prompt texts come from question_order.csv; without it, ids only (with a warning).
    void embedLlmQuestionOrder()
    {
        const QString p = freshProject();
        run(p, fixture("embedllm.csv"), DataKind::Gold);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='2'"),
            QStringLiteral("Who wrote \"Pride and Prejudice\"?"));
        QCOMPARE(real(p, "SELECT avg(score) FROM gold_labels"), 6.0 / 8.0);
        QTemporaryDir alone;
        const QString copy = alone.filePath(QStringLiteral("train.csv"));
        QVERIFY(QFile::copy(fixture("embedllm.csv"), copy));
        const QString q = freshProject();
        const ImportResult r = run(q, copy, DataKind::Gold);
        QCOMPARE(r.rows, 8);
        QVERIFY2(r.warnings.join(' ').contains("no question_order.csv"), qPrintable(r.warnings.join(' ')));
        QCOMPARE(scalar(q, "SELECT count(*) FROM queries WHERE text IS NULL"), 3);
    }

    // HelpSteer3: the response slots are models named by --models; overall_preference -3..3 (negative: response1
    // better) is stored as the a-minus-b gain -p/3; the domain is the task. HelpSteer2: slot names, score attribute.
    void helpSteerSlotsAndScores()
    {
        const QString p = freshProject();
        ImportOptions o;
        o.kind = DataKind::Preference;
        o.responseModels = QStringList { QStringLiteral("policy-v1"), QStringLiteral("policy-v2") };
        Progress progress;
        const ImportResult r = importFile(p, fixture("helpsteer3.jsonl"), o, progress);
        QCOMPARE(r.rows, 4);
        QCOMPARE(text(p, "SELECT group_concat(name, ',') FROM (SELECT name FROM models ORDER BY name)"),
            QStringLiteral("policy-v1,policy-v2"));
        QCOMPARE(text(p, "SELECT group_concat(outcome, ';') FROM (SELECT outcome FROM preference_labels ORDER BY id)"),
            QStringLiteral("0.333333333333333;1.0;0.666666666666667;-1.0"));
        QCOMPARE(text(p, "SELECT task FROM queries WHERE text LIKE 'Translate%'"), QStringLiteral("multilingual"));
        QVERIFY(text(p, "SELECT text FROM queries WHERE text LIKE 'user: What causes%'")
                    .endsWith(QStringLiteral("user: Then why is it hot in Australia in December?")));
        o.responseModels = QStringList { QStringLiteral("only-one") };
        expectRefusedWith(fixture("helpsteer3.jsonl"), o, QStringLiteral("1:1: "), QStringLiteral("two different"));

        const QString h = freshProject();
        ImportOptions g;
        g.kind = DataKind::Gold;
        g.responseModels = QStringList { QStringLiteral("llama-70b") };
        g.scoreKey = QStringLiteral("correctness");
        const ImportResult r2 = importFile(h, fixture("helpsteer2.jsonl"), g, progress);
        QCOMPARE(r2.rows, 5);
        QCOMPARE(text(h, "SELECT group_concat(n, ';') FROM (SELECT m.name || '=' || g.score AS n FROM gold_labels g JOIN "
                         "models m ON m.id=g.model_id ORDER BY g.query_id, m.name)"),
            QStringLiteral("llama-70b=4.0;llama-70b_2=2.0;llama-70b=4.0;llama-70b_2=2.0;llama-70b=3.0"));
        g.scoreKey = QStringLiteral("verbosityy");
        expectRefusedWith(fixture("helpsteer2.jsonl"), g, QStringLiteral("1:"), QStringLiteral("$.verbosityy: expected"));
        g.scoreKey.clear();
        g.responseModels = QStringList { QStringLiteral("a"), QStringLiteral("b") };
        const QString h2 = freshProject();
        importFile(h2, fixture("helpsteer2.jsonl"), g, progress);
        QCOMPARE(text(h2, "SELECT group_concat(n, ';') FROM (SELECT m.name || '=' || g.score AS n FROM gold_labels g JOIN "
                          "models m ON m.id=g.model_id ORDER BY g.query_id, m.name)"),
            QStringLiteral("a=3.0;b=1.0;a=4.0;b=2.0;a=3.0"));
    }

    // RouteLLM's own MT-Bench grades (turns 1 and 2 of 80 questions, two models) import whole.
    void routeLlmMtBenchJudgements()
    {
        const QString real = QStringLiteral(CRW_DATA_DIR "/RouteLLM/routellm/evals/mt_bench/judgements.jsonl");
        if (!QFile::exists(real))
            QSKIP("RouteLLM data not available");
        const QString p = freshProject();
        const ImportResult r = run(p, real, DataKind::Gold);
        QCOMPARE(r.format, QStringLiteral("mtbench-single-jsonl"));
        QCOMPARE(r.rows, 320);
        QCOMPARE(r.newQueries, 160);
        QCOMPARE(r.newModels, 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE text IS NULL"), 0);
        QCOMPARE(scalar(p, "SELECT count(*) FROM queries WHERE external_id LIKE '%-turn2'"), 80);
    }
};

QTEST_GUILESS_MAIN(TstImportFormats)
#include "tst_import_formats.moc"
