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
