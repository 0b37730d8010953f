// `causal-router import` through the real binary: init, import several files, `info --json` counts; a bad file
// exits non-zero with one error line and leaves earlier files imported.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Run {
    int code;
    QString out, err;
};
Run cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(CRW_CLI_PATH), args);
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}
QString fixture(const char* dir, const char* name)
{
    return QStringLiteral(CRW_TEST_DATA "/") + QLatin1String(dir) + QLatin1Char('/') + QLatin1String(name);
}
}

class TstImportCli : public QObject {
    Q_OBJECT
private slots:
    void importAndInfo()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath("cli.crw");
        QCOMPARE(cli({ "init", p }).code, 0);
        const Run r = cli({ "import", p, "--quiet", "--gold", fixture("import", "gold_long.csv"), "--gold",
            fixture("import", "mmlu_demo.csv"), "--preference", fixture("import", "pref_gain.csv"), "--prices",
            fixture("import", "prices.csv") });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].contains("\"prices\" (prices-csv): 2 rows"));
        QVERIFY(lines[1].contains("\"gold_long\" (gold-long-csv): 4 rows, 2 new queries, 0 new models"));
        QVERIFY(lines[2].contains("\"mmlu_demo\" (gold-wide-csv): 4 rows, 2 new queries"));
        QVERIFY(lines[2].contains("ignored columns"));
        QVERIFY(lines[3].contains("\"pref_gain\" (preference-csv): 3 rows"));
        const Run info = cli({ "info", p, "--json" });
        QCOMPARE(info.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(o.value("queries").toInt(), 4);
        QCOMPARE(o.value("models").toInt(), 2);
        QCOMPARE(o.value("gold_labels").toInt(), 8);
        QCOMPARE(o.value("preference_labels").toInt(), 3);
        QCOMPARE(o.value("datasets").toArray().size(), 4);
        QCOMPARE(o.value("datasets").toArray()[2].toObject().value("kind").toString(), QStringLiteral("gold"));
    }

    void badFileFailsWithOneLine()
    {
        QTemporaryDir dir;
        const QString p = dir.filePath("bad.crw");
        QCOMPARE(cli({ "init", p }).code, 0);
        const QString badFile = fixture("bad", "nan_score.csv");
        const Run r = cli({ "import", p, "--quiet", "--gold", badFile });
        QVERIFY(r.code != 0);
        QCOMPARE(r.err,
            QStringLiteral("causal-router: error: %1:4:3: column 'score': score is NaN; expected a finite "
                           "number\n")
                .arg(badFile));
        QVERIFY(r.out.isEmpty());
        // With two files the first stays imported and the error says so.
        const Run two
            = cli({ "import", p, "--quiet", "--gold", fixture("import", "gold_long.csv"), "--gold", badFile });
        QVERIFY(two.code != 0);
        QVERIFY(two.err.contains("earlier files stay imported: gold_long"));
        QVERIFY(two.err.trimmed().split('\n').last().startsWith("causal-router: error: " + badFile + ":4:"));
        const QJsonObject o = QJsonDocument::fromJson(cli({ "info", p, "--json" }).out.toUtf8()).object();
        QCOMPARE(o.value("gold_labels").toInt(), 4);
        // --skip-bad-rows imports the good rows and lists the bad one.
        const Run skip = cli({ "import", p, "--quiet", "--skip-bad-rows", "--gold", badFile, "--name", "kept" });
        QCOMPARE(skip.code, 0);
        QVERIFY(skip.out.contains("\"kept\" (gold-long-csv): 2 rows"));
        QVERIFY(skip.err.contains(":4: column 'score': score is NaN"));
    }

    void helpAndUsageErrors()
    {
        const Run h = cli({ "import", "--help" });
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("--preference"));
        QVERIFY(h.out.contains("gold-routerarena-jsonl"));
        QTemporaryDir dir;
        const QString p = dir.filePath("u.crw");
        QCOMPARE(cli({ "init", p }).code, 0);
        QVERIFY(cli({ "import", p }).code != 0);
        const Run f = cli({ "import", p, "--gold", fixture("import", "gold_long.csv"), "--format", "gold-xml" });
        QVERIFY(f.code != 0);
        QVERIFY(f.err.contains("unknown format 'gold-xml'"));
        QVERIFY(cli({ "import", dir.filePath("missing.crw"), "--gold", fixture("import", "gold_long.csv") }).code != 0);
    }
};

QTEST_GUILESS_MAIN(TstImportCli)
#include "tst_import_cli.moc"
