// "Nothing lost": the bad-input battery over every importer. Each malformed file under tests/data/bad/ must fail
// with one ImportError line "FILE:LINE[:COLUMN]: [JSON_PATH: ]message" and leave a seeded project exactly as it was
// (full logical dump before == after). Files that must work (BOM, CRLF, unknown models, gold on another scale) are
// checked for their stored values. A 10 MB single line is generated into a temp dir. Skip-and-report lists every
// skipped row. tst_import_bad covers the first 25 files of the folder; this test covers the rest and checks that no
// file in the folder is left untested.
#include "import/Importer.h"
#include "store/ProjectStore.h"
#include "tst_import_util.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace crw;
using namespace crw::test;

namespace {
QString bad(const QString& name)
{
    return QStringLiteral(CRW_TEST_DATA "/bad/") + name;
}
QString good(const char* name)
{
    return QStringLiteral(CRW_TEST_DATA "/import/") + QLatin1String(name);
}

ImportResult run(const QString& project, const QString& file, DataKind kind, bool skip = false,
    const QString& format = QStringLiteral("auto"))
{
    ImportOptions o;
    o.kind = kind;
    o.skipBadRows = skip;
    o.format = format;
    Progress progress;
    return importFile(project, file, o, progress);
}

// Files of tests/data/bad/ checked by tst_import_bad.cpp.
const QStringList kCoveredByImportBad { "empty.csv", "header_only.csv", "truncated.jsonl", "truncated.json",
    "wrong_type_score.csv", "wrong_type.jsonl", "wrong_json_type.json", "missing_column.csv", "unknown_columns.csv",
    "nan_score.csv", "inf_gain.csv", "non_utf8.csv", "duplicate_conflict.csv", "duplicate_conflict_pref.csv",
    "unbalanced_quote.csv", "quote_garbage.csv", "wrong_column_count.csv", "preference_out_of_range.csv",
    "prob_out_of_range.csv", "negative_price.csv", "unknown_winner.csv", "same_models.csv", "deep_nesting.json",
    "null_preference.json", "bad_routerarena.jsonl", "mixed_rows.csv", "crlf_ok.csv", "bom_ok.csv",
    "gold_no_model_column.csv", "gold_wide_one_model.csv" };
// Files of tests/data/bad/ that must import (checked below).
const QStringList kMustWork { "bom_crlf_ok.jsonl", "bom_crlf_ok.json", "pref_unknown_models_ok.csv",
    "gold_scale_ok.csv" };
}

class TstReliabilityBadInputs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;
    QStringList m_tested;

    // A project that already holds queries (with 3-d embeddings), models, gold and preference labels and prices.
    QString seededProject()
    {
        const QString p = m_dir.filePath(QStringLiteral("p%1.crw").arg(++m_n));
        ProjectStore::create(p);
        run(p, good("queries_emb.csv"), DataKind::Queries);
        run(p, good("gold_long.csv"), DataKind::Gold);
        run(p, good("pref_gain.csv"), DataKind::Preference);
        run(p, good("prices.csv"), DataKind::Prices);
        return p;
    }

    // Expects an ImportError whose text starts with "FILE:" + where and contains message; the project is unchanged.
    void expectRejected(const QString& p, const QString& file, DataKind kind, const QString& format, qint64 line,
        const QString& where, const QString& message, bool skip = false)
    {
        const QStringList before = dumpProject(p);
        try {
            run(p, file, kind, skip, format);
            QFAIL(qPrintable(QStringLiteral("no ImportError for ") + file));
        } catch (const ImportError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(file + QLatin1Char(':') + where), qPrintable(what));
            QVERIFY2(what.contains(message), qPrintable(what));
            QCOMPARE(e.line, line);
            QCOMPARE(e.file, file);
            QVERIFY2(!what.contains(QLatin1Char('\n')), qPrintable(what));
            QVERIFY2(what.size() < 600, qPrintable(what.left(600)));
        }
        QCOMPARE(dumpProject(p), before);
    }

private slots:
    void rejectsAndLeavesProjectUnchanged_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("where"); // what follows "FILE:" up to the message
        QTest::addColumn<QString>("message");
        const int Q = int(DataKind::Queries), G = int(DataKind::Gold), P = int(DataKind::Preference),
                  C = int(DataKind::Prices);
        const QString a = QStringLiteral("auto");
        // queries CSV / JSONL
        QTest::newRow("queries: truncated inside a quote") << "queries_truncated_quote.csv" << Q << a << 3 << "3:2: "
                                                           << "unterminated quoted field";
        QTest::newRow("queries: text is a JSON array") << "queries_text_array.jsonl" << Q << a << 2 << "2: $.text: "
                                                       << "query text is an array";
        QTest::newRow("queries: embedding dimension differs from the project's")
            << "queries_embedding_dim.jsonl" << Q << a << 2 << "2: $.embedding: "
            << "embedding has 2 values but the project's imported embeddings have 3";
        QTest::newRow("queries: NaN embedding value") << "queries_embedding_nan.csv" << Q << a << 3 << "3:4: "
                                                      << "column 'f2': embedding value is NaN";
        QTest::newRow("queries: semicolon delimiter") << "queries_semicolon.csv" << Q << a << 1 << "1: "
                                                      << "missing required column";
        QTest::newRow("queries: JSONL line that is an array") << "queries_not_object.jsonl" << Q << a << 2 << "2:1: "
                                                              << "expected a JSON object on each line";
        QTest::newRow("queries: neither id nor text") << "queries_no_id_no_text.csv" << Q << a << 3 << "3:1: "
                                                      << "neither a query id nor a query text";
        // gold long / wide CSV
        QTest::newRow("gold: mixed delimiters") << "gold_mixed_delimiter.csv" << G << a << 3 << "3: "
                                                << "the row has 1 fields but the header has 3";
        QTest::newRow("gold: tab delimiter") << "gold_tab_delimiter.csv" << G << a << 1 << "1: "
                                             << "missing required column";
        QTest::newRow("gold wide: text in a model column after 59 numeric rows")
            << "gold_wide_late_text.csv" << G << a << 61 << "61:2: "
            << "column 'm1': score 'maybe' is not a number";
        QTest::newRow("gold wide: header only") << "gold_wide_header_only.csv" << G << a << 2 << "2: "
                                                << "header but no data rows";
        QTest::newRow("gold wide: inf score") << "gold_wide_inf.csv" << G << a << 3 << "3:2: "
                                              << "score is infinite";
        QTest::newRow("gold wide: NUL byte") << "nul_byte.csv" << G << a << 3 << "3:2: "
                                             << "NUL byte";
        QTest::newRow("preference: line break inside a quoted header name (message stays one line)")
            << "header_newline.csv" << P << a << 1 << "1: "
            << "(header: query_id, mo\\r\\ndel, score)";
        QTest::newRow("gold: UTF-16 file") << "utf16.csv" << G << a << 1 << "1:1: "
                                           << "invalid UTF-8 (byte 0xff)";
        // gold-wide JSON
        QTest::newRow("gold wide json: an object, not a list") << "gold_wide_not_list.json" << G << a << 1 << "1: $: "
                                                               << "expected a JSON list of objects";
        QTest::newRow("gold wide json: score is a string")
            << "gold_wide_score_string.json" << G << a << 3 << "3: $[1].scores.m1: "
            << "expected a number or true/false, got a string";
        QTest::newRow("gold wide json: no question")
            << "gold_wide_missing_question.json" << G << a << 3 << "3: $[1].question: "
            << "expected a string";
        QTest::newRow("gold wide json: NaN literal") << "gold_wide_nan_literal.json" << G << a << 3 << "3:39: "
                                                     << "invalid JSON";
        QTest::newRow("gold wide json: trailing garbage") << "gold_wide_trailing_garbage.json" << G << a << 4 << "4:1: "
                                                          << "invalid JSON";
        QTest::newRow("gold wide json: conflicting duplicate")
            << "gold_wide_conflict.json" << G << a << 3 << "3: $[1].scores.m1: "
            << "conflicting duplicate";
        QTest::newRow("gold wide json: Latin-1 text") << "gold_wide_latin1.json" << G << a << 2 << "2:20: "
                                                      << "invalid UTF-8 (byte 0xe9)";
        // gold long JSONL
        QTest::newRow("gold jsonl: nesting beyond the parser limit")
            << "deep_nesting.jsonl" << G << a << 2 << "2:1068: "
            << "too deeply nested";
        QTest::newRow("gold jsonl: score is a nested array") << "nested_score.jsonl" << G << a << 2 << "2: $.score: "
                                                             << "score is an array";
        QTest::newRow("gold jsonl: Latin-1 model name") << "non_utf8.jsonl" << G << a << 2 << "2:33: "
                                                        << "invalid UTF-8 (byte 0xe9)";
        // RouterArena JSONL
        const QString ra = QStringLiteral("gold-routerarena-jsonl");
        QTest::newRow("routerarena: truncated") << "routerarena_truncated.jsonl" << G << ra << 2 << "2:52: "
                                                << "invalid JSON: unterminated string";
        QTest::newRow("routerarena: no llm_selected")
            << "routerarena_missing_model.jsonl" << G << ra << 2 << "2: $.llm_selected: "
            << "expected a string";
        QTest::newRow("routerarena: negative cost")
            << "routerarena_negative_cost.jsonl" << G << ra << 1 << "1: $.evaluation_result.inference_cost: "
            << "negative cost";
        QTest::newRow("routerarena: evaluation_result is a list")
            << "routerarena_result_list.jsonl" << G << ra << 2 << "2: $.evaluation_result: "
            << "expected an object, got an array";
        // preference CSV / JSONL
        QTest::newRow("preference jsonl: prob below 0") << "pref_prob_negative.jsonl" << P << a << 2 << "2: $.prob: "
                                                        << "prob -0.25 is outside [0,1]";
        QTest::newRow("preference jsonl: model_a is an object")
            << "pref_model_object.jsonl" << P << a << 1 << "1: $.model_a: "
            << "model_a is an object";
        QTest::newRow("preference jsonl: conflicting duplicate")
            << "pref_conflict.jsonl" << P << a << 2 << "2: $.winner: "
            << "conflicting duplicate";
        QTest::newRow("preference: semicolon delimiter") << "pref_semicolon.csv" << P << a << 1 << "1: "
                                                         << "missing required column";
        QTest::newRow("preference: NaN gain") << "pref_gain_nan.csv" << P << a << 2 << "2:4: "
                                              << "gain is NaN";
        // AlpacaEval annotations
        QTest::newRow("alpaca: preference below 1")
            << "alpaca_preference_low.json" << P << a << 2 << "2: $[0].preference: "
            << "0.5 is outside [1,2]";
        QTest::newRow("alpaca: an object, not a list") << "alpaca_not_list.json" << P << a << 1 << "1: $: "
                                                       << "expected a JSON list of objects";
        QTest::newRow("alpaca: no generator_2")
            << "alpaca_missing_generator.json" << P << a << 3 << "3: $[1].generator_2: "
            << "expected a string";
        QTest::newRow("alpaca: conflicting duplicate")
            << "alpaca_conflict.json" << P << a << 3 << "3: $[1].preference: "
            << "conflicting duplicate";
        QTest::newRow("alpaca: truncated") << "alpaca_truncated.json" << P << a << 3 << "3:29: "
                                           << "truncated?";
        // prices CSV / JSON
        QTest::newRow("prices llmrouter: negative price")
            << "prices_llmrouter_negative.json" << C << a << 3 << "3: $.m2.input_price: "
            << "negative price -0.5";
        QTest::newRow("prices llmrouter: price is a string")
            << "prices_llmrouter_string.json" << C << a << 2 << "2: $.m1.input_price: "
            << "expected a number";
        QTest::newRow("prices json: a list, not an object") << "prices_json_list.json" << C << a << 1 << "1: $: "
                                                            << "expected a JSON object";
        QTest::newRow("prices routerarena: 1e999 overflows")
            << "prices_routerarena_overflow.json" << C << QStringLiteral("prices-routerarena-json") << 2 << "2:48: "
            << "invalid JSON";
        QTest::newRow("prices: NaN") << "prices_nan.csv" << C << a << 3 << "3:2: "
                                     << "input price is NaN";
        QTest::newRow("prices: header only") << "prices_header_only.csv" << C << a << 2 << "2: "
                                             << "no data rows";
        QTest::newRow("prices: blank model name") << "prices_empty_model.csv" << C << a << 3 << "3:1: "
                                                  << "empty model name";
    }

    void rejectsAndLeavesProjectUnchanged()
    {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(QString, format);
        QFETCH(int, line);
        QFETCH(QString, where);
        QFETCH(QString, message);
        m_tested << file;
        const QString p = seededProject();
        expectRejected(p, bad(file), DataKind(kind), format, line, where, message);
    }

    // Every file in the folder is tested here or in tst_import_bad, and there are at least 40 malformed ones.
    void everyBadFileIsTested()
    {
        if (m_tested.isEmpty())
            QSKIP("needs rejectsAndLeavesProjectUnchanged to run first (run the whole test)");
        const QStringList files = QDir(QStringLiteral(CRW_TEST_DATA "/bad")).entryList(QDir::Files);
        int malformed = 0;
        for (const QString& f : files) {
            QVERIFY2(m_tested.contains(f) || kCoveredByImportBad.contains(f) || kMustWork.contains(f), qPrintable(f));
            malformed += !f.contains(QLatin1String("_ok."));
        }
        qInfo("%d malformed files in tests/data/bad", malformed);
        QVERIFY(malformed >= 40);
    }

    void bomAndCrlfWorkForJson()
    {
        const QString p = seededProject();
        const ImportResult l = run(p, bad("bom_crlf_ok.jsonl"), DataKind::Gold);
        QCOMPARE(l.format, QStringLiteral("gold-long-jsonl"));
        QCOMPARE(l.rows, 2);
        QCOMPARE(text(p, "SELECT score FROM gold_labels g JOIN queries q ON q.id=g.query_id WHERE q.external_id='b1'"),
            QStringLiteral("0.5"));
        QCOMPARE(text(p, "SELECT name FROM models WHERE name LIKE 'm1%'"), QStringLiteral("m1")); // no '\r' kept
        const ImportResult j = run(p, bad("bom_crlf_ok.json"), DataKind::Gold);
        QCOMPARE(j.format, QStringLiteral("gold-wide-json"));
        QCOMPARE(j.rows, 2);
        QCOMPARE(j.newModels, 1); // m2
        QCOMPARE(text(p, "SELECT text FROM queries WHERE text LIKE 'bom%'"), QStringLiteral("bom q?"));
    }

    // Decision (docs/reliability.md): a preference row naming a model the project does not know is fine; the model
    // is created and counted in newModels. There is no option restricting the models of an import.
    void unknownModelsInPreferencesAreCreated()
    {
        const QString p = seededProject();
        const qint64 models = scalar(p, "SELECT count(*) FROM models");
        const ImportResult r = run(p, bad("pref_unknown_models_ok.csv"), DataKind::Preference);
        QCOMPARE(r.rows, 2);
        QCOMPARE(r.newModels, 2);
        QCOMPARE(scalar(p, "SELECT count(*) FROM models"), models + 2);
        QCOMPARE(text(p,
                     "SELECT outcome FROM preference_labels l JOIN models a ON a.id=l.model_a JOIN models b ON "
                     "b.id=l.model_b WHERE a.name='brand-new-a' AND b.name='m-big'"),
            QStringLiteral("-0.25"));
    }

    // Decision: gold scores and preference gains have no fixed range (rubric scales differ; the method normalises
    // scales); only bounded encodings (prob in [0,1], preference in [1,2]) are range-checked.
    void goldScoresOnAnotherScaleAreKept()
    {
        const QString p = seededProject();
        const ImportResult r = run(p, bad("gold_scale_ok.csv"), DataKind::Gold);
        QCOMPARE(r.rows, 2);
        QCOMPARE(text(p,
                     "SELECT group_concat(score, ';') FROM (SELECT score FROM gold_labels WHERE dataset_id=(SELECT id "
                     "FROM datasets WHERE name='gold_scale_ok') ORDER BY score)"),
            QStringLiteral("-3.0;7.5"));
    }

    // A 10 MB single line: a 10 MB query text imports intact; a 10 MB line that is not a row fails with a short
    // message; a 10 MB JSON Lines line of bad JSON fails on its line.
    void tenMegabyteLine()
    {
        const QString p = seededProject();
        const QByteArray big(10 << 20, 'x');
        const QString csv = m_dir.filePath(QStringLiteral("long_text.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,text\nlong1,\"" + big + "\"\nshort1,hello\n");
        }
        const ImportResult r = run(p, csv, DataKind::Queries);
        QCOMPARE(r.rows, 2);
        QCOMPARE(scalar(p, "SELECT length(text) FROM queries WHERE external_id='long1'"), qint64(10 << 20));
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='short1'"), QStringLiteral("hello"));

        const QString junk = m_dir.filePath(QStringLiteral("long_junk.csv"));
        {
            QFile f(junk);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,model,score\nq1,m1,1\n" + big + "\n");
        }
        expectRejected(p, junk, DataKind::Gold, QStringLiteral("auto"), 3, QStringLiteral("3: "),
            QStringLiteral("the row has 1 fields but the header has 3"));

        const QString jsonl = m_dir.filePath(QStringLiteral("long_line.jsonl"));
        {
            QFile f(jsonl);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"query_id\": \"q1\", \"model\": \"m1\", \"score\": 1}\n{\"query_id\": \"" + big + "\n");
        }
        expectRejected(
            p, jsonl, DataKind::Gold, QStringLiteral("auto"), 2, QStringLiteral("2:"), QStringLiteral("invalid JSON"));

        // One 10 MB line without any newline (no header row at all).
        const QString oneLine = m_dir.filePath(QStringLiteral("one_line.csv"));
        {
            QFile f(oneLine);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(big);
        }
        expectRejected(p, oneLine, DataKind::Preference, QStringLiteral("auto"), 1, QStringLiteral("1: "),
            QStringLiteral("missing required column"));
    }

    // Skip and report: every bad row is listed with its line and reason, in file order; good rows are stored.
    void skipAndReportListsEveryRow()
    {
        const QString p = seededProject();
        const QString file = m_dir.filePath(QStringLiteral("every_seventh_bad.csv"));
        QList<qint64> badLines;
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray s = "query_id,model_a,model_b,prob\n";
            std::mt19937_64 rng(11);
            for (int i = 0; i < 1000; ++i) {
                const qint64 line = i + 2;
                QByteArray row = "s" + QByteArray::number(i) + ",ma,mb,";
                if (i % 7 == 3) {
                    const int kind = int(rng() % 4);
                    row = kind == 0 ? row + "1.5" // prob out of range
                        : kind == 1 ? row + "nan"
                        : kind == 2 ? "s" + QByteArray::number(i) + ",ma,ma,0.5" // same model
                                    : row + "high";
                    badLines << line;
                } else {
                    row += QByteArray::number(double(rng() % 1000) / 1000.0);
                }
                s += row + "\n";
            }
            f.write(s);
        }
        const ImportResult r = run(p, file, DataKind::Preference, true);
        QCOMPARE(r.skipped.size(), badLines.size());
        for (int i = 0; i < badLines.size(); ++i) {
            QCOMPARE(r.skipped[i].line, badLines[i]);
            QVERIFY(!r.skipped[i].reason.isEmpty());
        }
        QCOMPARE(r.rows, 1000 - badLines.size());
        QCOMPARE(scalar(p, "SELECT rows FROM datasets WHERE name='every_seventh_bad'"), 1000 - badLines.size());
        QVERIFY(r.warnings.join(' ').contains(QStringLiteral("%1 bad rows skipped").arg(badLines.size())));

        // JSON formats skip per item / per line too: the alpaca list with a missing generator keeps item 0.
        const ImportResult a = run(p, bad("alpaca_missing_generator.json"), DataKind::Preference, true);
        QCOMPARE(a.rows, 1);
        QCOMPARE(a.skipped.size(), 1);
        QCOMPARE(a.skipped[0].line, 3);
        QVERIFY(a.skipped[0].reason.startsWith(QStringLiteral("$[1].generator_2: ")));
        const ImportResult ra = run(
            p, bad("routerarena_missing_model.jsonl"), DataKind::Gold, true, QStringLiteral("gold-routerarena-jsonl"));
        QCOMPARE(ra.rows, 1);
        QCOMPARE(ra.skipped.size(), 1);
        QCOMPARE(ra.skipped[0].line, 2);
        const ImportResult pr = run(p, bad("prices_llmrouter_negative.json"), DataKind::Prices, true);
        QCOMPARE(pr.rows, 1);
        QCOMPARE(pr.skipped.size(), 1);
        QCOMPARE(pr.skipped[0].line, 3);
        QCOMPARE(text(p, "SELECT input_usd_per_mtok FROM models WHERE name='m2'"), QString()); // not written
        // File-level problems are never skipped, even with skipping on.
        const QStringList before = dumpProject(p);
        for (const char* f : { "queries_truncated_quote.csv", "gold_wide_nan_literal.json", "utf16.csv" })
            QVERIFY_THROWS_EXCEPTION(ImportError, run(p, bad(QLatin1String(f)), DataKind::Gold, true));
        QCOMPARE(dumpProject(p), before);
    }

    // The command line lists the skipped rows (first 20, then a count) and names file:line for a failure.
    void cliReportsSkippedRowsAndErrors()
    {
        const QString p = seededProject();
        QProcess proc;
        proc.start(QStringLiteral(CRW_CLI_PATH),
            { QStringLiteral("import"), p, QStringLiteral("--gold"), bad("mixed_rows.csv"),
                QStringLiteral("--skip-bad-rows"), QStringLiteral("--quiet") });
        QVERIFY(proc.waitForFinished(60000));
        QCOMPARE(proc.exitCode(), 0);
        const QString err = QString::fromUtf8(proc.readAllStandardError());
        for (int line : { 3, 5, 6, 7 })
            QVERIFY2(
                err.contains(QStringLiteral("skipped %1:%2: ").arg(bad("mixed_rows.csv")).arg(line)), qPrintable(err));
        const QStringList before = dumpProject(p);
        proc.start(QStringLiteral(CRW_CLI_PATH),
            { QStringLiteral("import"), p, QStringLiteral("--gold"), bad("gold_wide_late_text.csv"),
                QStringLiteral("--quiet") });
        QVERIFY(proc.waitForFinished(60000));
        QVERIFY(proc.exitCode() != 0);
        const QString e2 = QString::fromUtf8(proc.readAllStandardError()).trimmed();
        QCOMPARE(e2,
            QStringLiteral("causal-router: error: ") + bad("gold_wide_late_text.csv")
                + QStringLiteral(":61:2: column 'm1': score 'maybe' is not a number"));
        QCOMPARE(dumpProject(p), before);
    }
};

QTEST_GUILESS_MAIN(TstReliabilityBadInputs)
#include "tst_reliability_bad_inputs.moc"
