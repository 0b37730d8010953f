// The fuzz targets in non-fuzzing mode, built with the normal compiler: every saved crashing input in
// fuzz/regressions/<target>/ and every file of tests/data/import and tests/data/bad goes through the same harness the
// libFuzzer targets use (fuzz/FuzzHarness.h: preview + import for every kind/format of the target). The harness
// aborts on a broken invariant (an unexpected exception, a failed import that changed the project, a successful one
// that did not add exactly one complete dataset, an error message over 2000 bytes); this test fails then.
#include "../../fuzz/FuzzHarness.h"
#include "../../fuzz/RouterFuzzHarness.h"

#include <QDir>
#include <QtTest>
#include <csignal>
#include <cstring>
#include <unistd.h>

using namespace crw;

namespace {
char g_current[1024] = "";

// On abort, say which input was running (the harness has printed what broke).
void onAbort(int)
{
    static const char prefix[] = "\ninput being replayed: ";
    [[maybe_unused]] auto n = ::write(2, prefix, sizeof prefix - 1);
    n = ::write(2, g_current, std::strlen(g_current));
    n = ::write(2, "\n", 1);
    std::signal(SIGABRT, SIG_DFL);
    std::raise(SIGABRT);
}

QStringList filesIn(const QString& dir)
{
    QStringList out;
    const QDir d(dir);
    for (const QString& f : d.entryList(QDir::Files, QDir::Name))
        if (f != QLatin1String("README.md"))
            out << d.filePath(f);
    return out;
}
}

class TstReliabilityFuzzCorpus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { std::signal(SIGABRT, onAbort); }

    void replay_data()
    {
        QTest::addColumn<int>("target");
        for (fuzz::Target t : fuzz::allTargets())
            QTest::newRow(fuzz::targetName(t)) << int(t);
    }

    void replay()
    {
        QFETCH(int, target);
        const auto t = fuzz::Target(target);
        fuzz::Harness harness(QStringLiteral(CRW_TEST_DATA "/import"));
        const QStringList regressions
            = filesIn(QStringLiteral(CRW_SOURCE_DIR "/fuzz/regressions/") + QLatin1String(fuzz::targetName(t)));
        const QStringList inputs = regressions + filesIn(QStringLiteral(CRW_TEST_DATA "/import"))
            + filesIn(QStringLiteral(CRW_TEST_DATA "/bad")) + filesIn(QStringLiteral(CRW_TEST_DATA "/formats"));
        int imported = 0;
        for (const QString& path : inputs) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray data = f.readAll();
            std::strncpy(g_current, path.toUtf8().constData(), sizeof g_current - 1);
            imported += harness.run(t, reinterpret_cast<const uint8_t*>(data.constData()), size_t(data.size()));
        }
        qInfo("%s: %lld inputs (%lld saved regressions), %d successful imports", fuzz::targetName(t),
            qint64(inputs.size()), qint64(regressions.size()), imported);
        QVERIFY(imported > 0); // the good fixtures of the target's formats import
    }

    void replayRouterJson()
    {
        // The router-file target: the seed routers, saved regressions, and every fixture file as a (bad) router file
        // and as route query lines.
        const QStringList regressions = filesIn(QStringLiteral(CRW_SOURCE_DIR "/fuzz/regressions/router_json"));
        const QStringList seeds = filesIn(QStringLiteral(CRW_TEST_DATA "/router"));
        QVERIFY(seeds.size() >= 3);
        const QStringList inputs = regressions + seeds + filesIn(QStringLiteral(CRW_TEST_DATA "/import"))
            + filesIn(QStringLiteral(CRW_TEST_DATA "/bad")) + filesIn(QStringLiteral(CRW_TEST_DATA "/formats"));
        int loaded = 0;
        for (const QString& path : inputs) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray data = f.readAll();
            std::strncpy(g_current, path.toUtf8().constData(), sizeof g_current - 1);
            fuzz::runRouterInput(data);
            try {
                Router r(parseRouterSpec(data));
                ++loaded;
            } catch (const RouterFormatError&) {
            }
        }
        qInfo("router_json: %lld inputs (%lld saved regressions), %d loadable routers", qint64(inputs.size()),
            qint64(regressions.size()), loaded);
        QCOMPARE(loaded, int(seeds.size())); // exactly the seed routers load
    }
};

QTEST_GUILESS_MAIN(TstReliabilityFuzzCorpus)
#include "tst_reliability_fuzz_corpus.moc"
