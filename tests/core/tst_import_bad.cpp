// Malformed inputs: each file under tests/data/bad/ must fail with an ImportError naming the file and the line,
// and leave the project exactly as it was (full logical dump before == after). Cancelling mid-import too.
#include "import/Importer.h"
#include "store/ProjectStore.h"
#include "tst_import_util.h"

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
    const QString& format = QStringLiteral("auto"), Progress progress = Progress())
{
    ImportOptions o;
    o.kind = kind;
    o.skipBadRows = skip;
    o.format = format;
    return importFile(project, file, o, progress);
}
}

class TstImportBad : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    // A project that already holds queries, models, labels, features and prices.
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

private slots:
    void rejectsAndLeavesProjectUnchanged_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const int G = int(DataKind::Gold), P = int(DataKind::Preference), C = int(DataKind::Prices);
        QTest::newRow("empty") << "empty.csv" << G << 1 << "empty file";
        QTest::newRow("header only") << "header_only.csv" << G << 2 << "no data rows";
        QTest::newRow("truncated jsonl") << "truncated.jsonl" << G << 3 << "invalid JSON";
        QTest::newRow("truncated json") << "truncated.json" << G << 4 << "truncated";
        QTest::newRow("score not a number") << "wrong_type_score.csv" << G << 3 << "'abc' is not a number";
        QTest::newRow("score is a JSON string") << "wrong_type.jsonl" << G << 2 << "$.score: score is a string";
        QTest::newRow("scores is a list") << "wrong_json_type.json" << G << 3 << "$[1].scores: expected an object";
        QTest::newRow("missing outcome column") << "missing_column.csv" << P << 1 << "missing required column";
        QTest::newRow("unknown columns") << "unknown_columns.csv" << G << 1 << "missing required column";
        QTest::newRow("NaN score") << "nan_score.csv" << G << 4 << "NaN";
        QTest::newRow("infinite gain") << "inf_gain.csv" << P << 2 << "infinite";
        QTest::newRow("not UTF-8") << "non_utf8.csv" << G << 3 << "invalid UTF-8";
        QTest::newRow("conflicting gold duplicate") << "duplicate_conflict.csv" << G << 4 << "conflicting duplicate";
        QTest::newRow("conflicting preference duplicate")
            << "duplicate_conflict_pref.csv" << P << 3 << "conflicting duplicate";
        QTest::newRow("unbalanced quote") << "unbalanced_quote.csv" << G << 2 << "unterminated quoted field";
        QTest::newRow("text after closing quote") << "quote_garbage.csv" << G << 2 << "after a closing quote";
        QTest::newRow("wrong column count") << "wrong_column_count.csv" << G << 3 << "2 fields but the header has 3";
        QTest::newRow("preference outside [1,2]") << "preference_out_of_range.csv" << P << 3 << "outside [1,2]";
        QTest::newRow("prob outside [0,1]") << "prob_out_of_range.csv" << P << 2 << "outside [0,1]";
        QTest::newRow("negative price") << "negative_price.csv" << C << 3 << "negative price";
        QTest::newRow("unknown winner") << "unknown_winner.csv" << P << 3 << "unknown winner 'm3'";
        QTest::newRow("model_a == model_b") << "same_models.csv" << P << 2 << "same model";
        QTest::newRow("deep nesting") << "deep_nesting.json" << G << 2 << "nested deeper";
        QTest::newRow("null preference") << "null_preference.json" << P << 9 << "$[1].preference: expected a number";
        QTest::newRow("gold query_id,score without a model column")
            << "gold_no_model_column.csv" << G << 1 << "1:2: column 'score' is a score but the file has no model column";
        QTest::newRow("gold wide with one model column")
            << "gold_wide_one_model.csv" << G << 1 << "1:2: a wide gold file needs at least 2 model columns";
        QTest::newRow("routerarena score type")
            << "bad_routerarena.jsonl" << G << 2 << "$.evaluation_result.score: expected a number";
    }

    void rejectsAndLeavesProjectUnchanged()
    {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(int, line);
        QFETCH(QString, message);
        const QString p = seededProject();
        const QStringList before = dumpProject(p);
        const auto dataRows = std::count_if(
            before.begin(), before.end(), [](const QString& l) { return !l.startsWith(QLatin1String("schema|")); });
        QCOMPARE(dataRows, 20); // meta 1, datasets 4, queries 3, features 3, models 2, gold 4, preferences 3
        try {
            run(p, bad(file), DataKind(kind));
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(bad(file) + QStringLiteral(":%1").arg(line)), qPrintable(what));
            QCOMPARE(e.line, qint64(line));
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(!what.contains('\n'), qPrintable(what));
        }
        QCOMPARE(dumpProject(p), before);
    }

    void reportsColumns()
    {
        const QString p = seededProject();
        try {
            run(p, bad("non_utf8.csv"), DataKind::Gold);
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            QCOMPARE(e.column, 2);
        }
        try {
            run(p, bad("wrong_type_score.csv"), DataKind::Gold);
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                bad("wrong_type_score.csv") + QStringLiteral(":3:3: column 'score': score 'abc' is not a number"));
        }
    }

    // A 12 MB query id is refused on its line and column (limit 1024 bytes); so is a 17 MB field of any column.
    void hugeIdAndFieldRefused()
    {
        const QString p = seededProject();
        const QStringList before = dumpProject(p);
        const QString csv = m_dir.filePath(QStringLiteral("huge_id.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,model,score\nq1,m1,1\n" + QByteArray(12 << 20, 'x') + ",m1,0\n");
        }
        try {
            run(p, csv, DataKind::Gold);
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                csv + QStringLiteral(":3:1: column 'query_id': query id of 12582912 bytes is longer than the limit "
                                     "of 1024 bytes"));
        }
        QCOMPARE(dumpProject(p), before);
        const QString field = m_dir.filePath(QStringLiteral("huge_field.csv"));
        {
            QFile f(field);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,text\nq1,hello\nq2,\"" + QByteArray(17 << 20, 'y') + "\"\n");
        }
        try {
            run(p, field, DataKind::Queries);
            QFAIL("no ImportError");
        } catch (const ImportError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(field + QStringLiteral(":3:2: field of")), e.what());
            QVERIFY(QString::fromUtf8(e.what()).contains("limit of 16 MB"));
        }
        QCOMPARE(dumpProject(p), before);
        // A long model name is refused too.
        const QString model = m_dir.filePath(QStringLiteral("long_model.csv"));
        {
            QFile f(model);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("query_id,model,score\nq1," + QByteArray(2000, 'm') + ",1\n");
        }
        QVERIFY_THROWS_EXCEPTION(ImportError, run(p, model, DataKind::Gold));
        QCOMPARE(dumpProject(p), before);
    }

    void unknownFormatAndMissingFile()
    {
        const QString p = seededProject();
        const QStringList before = dumpProject(p);
        QVERIFY_THROWS_EXCEPTION(ImportError, run(p, good("gold_long.csv"), DataKind::Gold, false, "gold-xml"));
        QVERIFY_THROWS_EXCEPTION(ImportError, run(p, bad("no_such_file.csv"), DataKind::Gold));
        QCOMPARE(dumpProject(p), before);
    }

    void skipBadRowsListsThem()
    {
        const QString p = seededProject();
        const ImportResult r = run(p, bad("mixed_rows.csv"), DataKind::Gold, true);
        QCOMPARE(r.rows, 3);
        QCOMPARE(r.skipped.size(), 4);
        QCOMPARE(r.skipped[0].line, 3);
        QVERIFY(r.skipped[0].reason.contains("not a number"));
        QCOMPARE(r.skipped[1].line, 5);
        QCOMPARE(r.skipped[2].line, 6);
        QVERIFY(r.skipped[2].reason.contains("conflicting"));
        QCOMPARE(r.skipped[3].line, 7);
        QCOMPARE(scalar(p, "SELECT rows FROM datasets WHERE name='mixed_rows'"), 3);
        // File-level problems are never skipped.
        QVERIFY_THROWS_EXCEPTION(ImportError, run(p, bad("unbalanced_quote.csv"), DataKind::Gold, true));
        QVERIFY_THROWS_EXCEPTION(ImportError, run(p, bad("header_only.csv"), DataKind::Gold, true));
    }

    void crlfAndBomWork()
    {
        const QString p = seededProject();
        const ImportResult crlf = run(p, bad("crlf_ok.csv"), DataKind::Gold);
        QCOMPARE(crlf.rows, 2);
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='c1'"), QStringLiteral("two\r\nlines"));
        QCOMPARE(text(p, "SELECT text FROM queries WHERE external_id='c2'"), QStringLiteral("say \"hi\""));
        const ImportResult bom = run(p, bad("bom_ok.csv"), DataKind::Gold);
        QCOMPARE(bom.format, QStringLiteral("gold-long-csv"));
        QCOMPARE(bom.rows, 2);
        QCOMPARE(text(p,
                     "SELECT group_concat(score) FROM gold_labels WHERE dataset_id=(SELECT id FROM datasets WHERE "
                     "name='bom_ok')"),
            QStringLiteral("1.0,0.5"));
    }

    void cancelLeavesProjectUnchanged()
    {
        const QString p = seededProject();
        const QString big = m_dir.filePath(QStringLiteral("big_prefs.csv"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            std::mt19937_64 rng(7);
            std::uniform_real_distribution<double> u(-1.0, 1.0);
            QByteArray buf = "query_id,model_a,model_b,gain\n";
            for (int i = 0; i < 400000; ++i) {
                buf += "c" + QByteArray::number(i / 4) + ",m" + QByteArray::number(i % 4) + ",m"
                    + QByteArray::number(4 + i % 4) + "," + QByteArray::number(u(rng), 'g', 6) + "\n";
                if (buf.size() > (1 << 20)) {
                    f.write(buf);
                    buf.clear();
                }
            }
            f.write(buf);
        }
        const QStringList before = dumpProject(p);
        double cancelledAt = -1.0;
        Progress progress;
        progress = Progress([&](double fraction, const QString&) {
            if (fraction > 0.0 && fraction < 1.0 && cancelledAt < 0) {
                cancelledAt = fraction;
                progress.cancel();
            }
        });
        QVERIFY_THROWS_EXCEPTION(Cancelled, run(p, big, DataKind::Preference, false, "auto", progress));
        QVERIFY(cancelledAt > 0.0 && cancelledAt < 1.0);
        QCOMPARE(dumpProject(p), before);
        // The project is not left locked: the same file imports afterwards.
        const ImportResult r = run(p, big, DataKind::Preference);
        QCOMPARE(r.rows, 400000);
        QCOMPARE(r.newQueries, 100000);
        // A large import rebuilds the dataset index at the end instead of updating it per row: it is back, and used.
        SqliteDb db(p);
        auto idx = db.prepare("SELECT sql FROM sqlite_master WHERE type='index' AND name='pref_by_dataset'");
        QVERIFY(idx.step());
        QVERIFY(idx.columnText(0).contains("dataset_id"));
        auto plan = db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM preference_labels WHERE dataset_id=1");
        QVERIFY(plan.step());
        QVERIFY2(plan.columnText(3).contains("pref_by_dataset"), qPrintable(plan.columnText(3)));
    }
};

QTEST_GUILESS_MAIN(TstImportBad)
#include "tst_import_bad.moc"
