// GUI shell pieces that need no importer: the job controller, settings, recent projects, start-up choice, theme.
#include "JobController.h"
#include "RecentProjects.h"
#include "Settings.h"
#include "StartupChoice.h"
#include "Theme.h"

#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace crw;
using namespace crw::ui;

namespace {
void touch(const QString& path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
}
}

class TstShell : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("crw-tests");
        QCoreApplication::setApplicationName("tst_shell");
        QSettings().clear();
    }

    void jobFinishesWithValueAndProgress()
    {
        JobController job;
        QSignalSpy finished(&job, &JobController::finished);
        QSignalSpy progress(&job, &JobController::progress);
        job.start([](Progress& p) {
            long sum = 0;
            for (int i = 1; i <= 100; ++i) {
                sum += i;
                p.report(i / 100.0, QStringLiteral("adding"));
            }
            return QVariant(qlonglong(sum));
        });
        QVERIFY(job.isRunning());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toLongLong(), 5050);
        QVERIFY(!job.isRunning());
        QVERIFY(progress.count() >= 1); // stage change and completion always report
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
        QCOMPARE(progress.last().at(1).toString(), QStringLiteral("adding"));
    }

    void jobFailureCarriesMessage()
    {
        JobController job;
        QSignalSpy failed(&job, &JobController::failed);
        QSignalSpy finished(&job, &JobController::finished);
        job.start([](Progress&) -> QVariant { throw std::runtime_error("data.csv:5:3: not a number"); });
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("data.csv:5:3: not a number"));
        QCOMPARE(finished.count(), 0);
    }

    void jobCancels()
    {
        JobController job;
        QSignalSpy cancelled(&job, &JobController::cancelled);
        QSignalSpy finished(&job, &JobController::finished);
        std::atomic<bool> entered { false };
        job.start([&entered](Progress& p) {
            entered = true;
            for (;;) { // runs until cancelled
                p.check();
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return QVariant();
        });
        QTRY_VERIFY(entered.load());
        job.cancel();
        QTRY_COMPARE(cancelled.count(), 1);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!job.isRunning());
    }

    void newJobSupersedesOldOne()
    {
        JobController job;
        QSignalSpy finished(&job, &JobController::finished);
        QSignalSpy cancelled(&job, &JobController::cancelled);
        std::atomic<bool> release { false };
        // The first job ignores cancellation and returns late: its result must be dropped as stale.
        job.start([&release](Progress&) {
            while (!release)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return QVariant(1);
        });
        job.start([](Progress&) { return QVariant(2); });
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toInt(), 2);
        release = true;
        job.waitForIdle();
        QTest::qWait(50); // let any queued delivery of the first job arrive
        QCOMPARE(finished.count(), 1);
        QCOMPARE(cancelled.count(), 0);
    }

    void settingOptionDefaultsAndRoundTrip()
    {
        settings::darkMode.reset();
        QCOMPARE(settings::darkMode.get(), false);
        settings::darkMode.set(true);
        QCOMPARE(settings::darkMode.get(), true);
        QCOMPARE(QSettings().value(settings::darkMode.key()).toBool(), true);
        settings::darkMode.reset();
        QCOMPARE(settings::lastProject.get(), QString());
    }

    void recentProjectsKeepsEightNewestUnique()
    {
        RecentProjects::clear();
        QStringList made;
        for (int i = 0; i < 10; ++i) {
            made << m_dir.filePath(QStringLiteral("p%1.crw").arg(i));
            touch(made.last());
            RecentProjects::add(made.last());
        }
        QStringList list = RecentProjects::paths();
        QCOMPARE(list.size(), RecentProjects::kMaxEntries);
        QCOMPARE(list.first(), made[9]);
        QCOMPARE(list.last(), made[2]);
        RecentProjects::add(made[5]); // re-adding moves to the front without duplicating
        list = RecentProjects::paths();
        QCOMPARE(list.size(), 8);
        QCOMPARE(list.first(), made[5]);
        QCOMPARE(list.count(made[5]), 1);
        QFile::remove(made[7]);
        QFile::remove(made[8]);
        QCOMPARE(RecentProjects::removeMissing(), 2);
        QCOMPARE(RecentProjects::paths().size(), 6);
        QVERIFY(!RecentProjects::paths().contains(made[7]));
    }

    void startupChoice()
    {
        const QString last = m_dir.filePath("last.crw"), demo = m_dir.filePath("demo.crw");
        auto c = StartupChoice::decide("given.crw", last, demo);
        QCOMPARE(c.action, StartupChoice::OpenProject);
        QCOMPARE(c.path, QStringLiteral("given.crw"));
        c = StartupChoice::decide({}, last, demo); // last missing, demo missing: create the demo
        QCOMPARE(c.action, StartupChoice::CreateDemo);
        QCOMPARE(c.path, demo);
        touch(demo);
        c = StartupChoice::decide({}, last, demo);
        QCOMPARE(c.action, StartupChoice::OpenProject);
        QCOMPARE(c.path, demo);
        touch(last);
        c = StartupChoice::decide({}, last, demo);
        QCOMPARE(c.path, last);
    }

    void darkPalette()
    {
        Theme::apply(true);
        QVERIFY(Theme::isDark());
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        const QPalette p = QApplication::palette();
        QVERIFY(p.color(QPalette::Base).lightness() < 80);
        QVERIFY(p.color(QPalette::Text).lightness() > 180);
        Theme::apply(false);
        QVERIFY(!Theme::isDark());
    }
};

QTEST_MAIN(TstShell)
#include "tst_shell.moc"
