// The Debian package: `cpack -G DEB` in the build dir makes a .deb holding the CLI, the GUI, the .desktop file and
// the icon with declared dependencies (dpkg-shlibdeps); dpkg-deb -I/-c show them; lintian (if installed) is run and
// its findings reported; the package extracted with dpkg-deb -x into a fresh root runs `causal-router --help` and
// `causal-router-workbench --help` (offscreen). Skipped with a message when dpkg-deb or cpack is missing.
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result run(const QString& program, const QStringList& args, const QString& workDir = {},
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 1800000)
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}
}

class TstReliabilityPackage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_deb, m_root;

private slots:
    void initTestCase()
    {
        for (const char* tool : { "dpkg-deb", "cpack" })
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                QSKIP(qPrintable(QStringLiteral("%1 is not installed (apt-get install dpkg-dev cmake)").arg(tool)));
        // The build dir: the CLI lives in <build>/app/.
        const QString build
            = QFileInfo(QStringLiteral(CRW_CLI_PATH)).absoluteDir().absoluteFilePath(QStringLiteral(".."));
        if (!QFileInfo::exists(build + QStringLiteral("/CPackConfig.cmake")))
            QSKIP("no CPackConfig.cmake in the build dir");
        if (!QFileInfo::exists(build + QStringLiteral("/app/causal-router-workbench")))
            QSKIP("the GUI is not built (CRW_BUILD_GUI=OFF): the package would lack it");
        const Result r = run(QStringLiteral("cpack"),
            { QStringLiteral("--config"), build + QStringLiteral("/CPackConfig.cmake"), QStringLiteral("-G"),
                QStringLiteral("DEB"), QStringLiteral("-B"), m_dir.filePath(QStringLiteral("pkg")) },
            build);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QStringList debs = QDir(m_dir.filePath(QStringLiteral("pkg"))).entryList({ QStringLiteral("*.deb") });
        QCOMPARE(debs.size(), 1);
        m_deb = m_dir.filePath(QStringLiteral("pkg/") + debs.first());
        qInfo("package: %s (%lld bytes)", qPrintable(debs.first()), QFileInfo(m_deb).size());
    }

    void controlDeclaresDependencies()
    {
        const Result r = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-I"), m_deb });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("Package: causal-router-workbench")));
        QVERIFY(
            r.out.contains(QStringLiteral("Architecture: amd64")) || r.out.contains(QStringLiteral("Architecture: ")));
        const QString depends = r.out.section(QStringLiteral("Depends: "), 1).section(QLatin1Char('\n'), 0, 0);
        qInfo("Depends: %s", qPrintable(depends));
        // From dpkg-shlibdeps (the linked libraries) and declared by hand (plugins loaded at run time).
        for (const char* dep : { "libqt6core6", "libqt6widgets6", "libqt6sql6", "libsqlite3-0", "libxgboost0", "libc6",
                 "libqt6sql6-sqlite", "qt6-qpa-plugins" })
            QVERIFY2(depends.contains(QLatin1String(dep)), dep);
    }

    void contentsHaveBinariesDesktopFileAndIcon()
    {
        const Result r = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
        QCOMPARE(r.code, 0);
        for (const char* path : { "./usr/bin/causal-router\n", "./usr/bin/causal-router-workbench\n",
                 "./usr/share/applications/causal-router-workbench.desktop\n",
                 "./usr/share/icons/hicolor/scalable/apps/causal-router-workbench.svg\n" })
            QVERIFY2(r.out.contains(QLatin1String(path)), path);
        // Nothing from the build or the tests is shipped.
        QVERIFY(!r.out.contains(QStringLiteral("tst_")));
        QVERIFY(!r.out.contains(QStringLiteral("/include/")));
    }

    void lintianFindings()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("lintian")).isEmpty())
            QSKIP("lintian is not installed: no lint report");
        const Result r = run(QStringLiteral("lintian"), { QStringLiteral("--no-tag-display-limit"), m_deb });
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        int errors = 0;
        for (const QString& l : lines) {
            qInfo("lintian: %s", qPrintable(l));
            errors += l.startsWith(QStringLiteral("E: "));
        }
        qInfo("lintian: %lld findings, %d errors (warnings reported, see docs/reliability.md)", qint64(lines.size()),
            errors);
        QCOMPARE(errors, 0);
    }

    void extractedBinariesRun()
    {
        m_root = m_dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(m_root));
        QCOMPARE(run(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, m_root }).code, 0);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home"))); // no settings of the user's

        const Result cli
            = run(m_root + QStringLiteral("/usr/bin/causal-router"), { QStringLiteral("--help") }, {}, env);
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        for (const char* cmd : { "import", "train", "simulate", "info" })
            QVERIFY2(cli.out.contains(QLatin1String(cmd)), qPrintable(cli.out));

        // The extracted CLI works, not only prints help: a project round trip.
        const QString project = m_dir.filePath(QStringLiteral("pkg-test.crw"));
        QCOMPARE(
            run(m_root + QStringLiteral("/usr/bin/causal-router"), { QStringLiteral("init"), project }, {}, env).code,
            0);
        const Result imp = run(m_root + QStringLiteral("/usr/bin/causal-router"),
            { QStringLiteral("import"), project, QStringLiteral("--gold"),
                QStringLiteral(CRW_TEST_DATA "/import/gold_long.csv"), QStringLiteral("--quiet") },
            {}, env);
        QVERIFY2(imp.code == 0, qPrintable(imp.err));
        QVERIFY(imp.out.contains(QStringLiteral("4 rows")));

        const Result gui = run(
            m_root + QStringLiteral("/usr/bin/causal-router-workbench"), { QStringLiteral("--help") }, {}, env, 120000);
        QVERIFY2(gui.code == 0, qPrintable(gui.err));
        QVERIFY2(gui.out.contains(QStringLiteral("--project")), qPrintable(gui.out));
        const Result ver = run(m_root + QStringLiteral("/usr/bin/causal-router-workbench"),
            { QStringLiteral("--version") }, {}, env, 120000);
        QCOMPARE(ver.code, 0);
        QVERIFY(ver.out.contains(QStringLiteral(CRW_VERSION)));

        // The .desktop file names the installed binary and icon.
        QFile desktop(m_root + QStringLiteral("/usr/share/applications/causal-router-workbench.desktop"));
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QByteArray d = desktop.readAll();
        QVERIFY(d.contains("Exec=causal-router-workbench"));
        QVERIFY(d.contains("Icon=causal-router-workbench"));
    }
};

QTEST_GUILESS_MAIN(TstReliabilityPackage)
#include "tst_reliability_package.moc"
