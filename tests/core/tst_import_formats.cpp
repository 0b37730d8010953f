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
};

QTEST_GUILESS_MAIN(TstImportFormats)
#include "tst_import_formats.moc"
