// The main window on a project with known content: dataset dock, filtering, tabs, status bar, recent menu,
// dark mode, about box. Set CRW_SCREENSHOT_DIR to also save screenshots of what a person sees.
#include "DataTabs.h"
#include "DatasetDock.h"
#include "DatasetListModel.h"
#include "MainWindow.h"
#include "ProjectSession.h"
#include "ProjectStatusBar.h"
#include "RecentProjects.h"
#include "RecentProjectsMenu.h"
#include "Settings.h"
#include "SqlPagedTableModel.h"
#include "Theme.h"
#include "helpers/Screenshot.h"
#include "helpers/TestProject.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace crw;
using namespace crw::ui;
using namespace crw::test;

namespace {
QAction* findAction(QWidget* w, const QString& objectName)
{
    for (QAction* a : w->findChildren<QAction*>())
        if (a->objectName() == objectName)
            return a;
    return nullptr;
}
}

class TstMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("crw-tests");
        QCoreApplication::setApplicationName("tst_mainwindow");
        QSettings().clear();
        m_path = m_dir.filePath("shown.crw");
        fillTestProject(m_path);
    }

    void opensProjectAndShowsDatasetsAndCounts()
    {
        MainWindow w;
        w.resize(1200, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!findAction(&w, "importAction")->isEnabled());
        QVERIFY(w.openProject(m_path));
        QVERIFY(findAction(&w, "importAction")->isEnabled());
        QCOMPARE(w.datasetModel()->rowCount(), 4);
        QCOMPARE(w.datasetModel()->data(w.datasetModel()->index(1, DatasetListModel::Name)).toString(),
            QStringLiteral("gold-a"));
        const QString counts = w.projectStatusBar()->countsLabel()->text();
        QVERIFY2(counts.contains(QStringLiteral("300 queries")), qPrintable(counts));
        QVERIFY2(counts.contains(QStringLiteral("4 models")), qPrintable(counts));
        QVERIFY2(counts.contains(QStringLiteral("1,300 gold labels")), qPrintable(counts));
        QVERIFY2(counts.contains(QStringLiteral("500 preference labels")), qPrintable(counts));
        QCOMPARE(w.projectStatusBar()->pathLabel()->toolTip(), QDir::toNativeSeparators(m_path));
        QCOMPARE(settings::lastProject.get(), QFileInfo(m_path).absoluteFilePath());
        QCOMPARE(RecentProjects::paths().first(), QFileInfo(m_path).absoluteFilePath());

        // The first tab's model exists and shows every query.
        QCOMPARE(w.tabs()->model(DataTabs::Queries)->rowCount(), kQueries);
        QVERIFY(screenshot(&w, "mainwindow-queries"));

        // Selecting a gold dataset filters the label views and switches to the gold tab.
        w.datasetDock()->selectDataset(3);
        QCOMPARE(w.tabs()->currentIndex(), int(DataTabs::GoldLabels));
        QCOMPARE(w.tabs()->model(DataTabs::GoldLabels)->rowCount(), 100);
        QCOMPARE(w.tabs()->model(DataTabs::PreferenceLabels)->rowCount(), 0);
        w.datasetDock()->selectDataset(2);
        QCOMPARE(w.tabs()->model(DataTabs::GoldLabels)->rowCount(), kQueries * kModels);
        QVERIFY(screenshot(&w, "mainwindow-gold-filtered"));
        w.datasetDock()->selectDataset(-1);
        QCOMPARE(w.tabs()->model(DataTabs::GoldLabels)->rowCount(), kQueries * kModels + 100);
        QCOMPARE(w.tabs()->model(DataTabs::PreferenceLabels)->rowCount(), kPrefs);

        w.datasetDock()->selectDataset(4);
        QCOMPARE(w.tabs()->currentIndex(), int(DataTabs::PreferenceLabels));
        QVERIFY(screenshot(&w, "mainwindow-preference"));
    }

    void failedOpenKeepsNoProjectAndReports()
    {
        MainWindow w;
        w.show();
        QVERIFY(!w.openProject(m_dir.filePath("missing.crw")));
        QVERIFY(!w.session()->isOpen());
        QTRY_VERIFY(w.findChild<QMessageBox*>("errorBox") != nullptr);
        QVERIFY(w.findChild<QMessageBox*>("errorBox")->text().contains("missing.crw"));
        QCOMPARE(w.projectStatusBar()->pathLabel()->text(), QStringLiteral("No project open"));
    }

    void recentMenuGreysMissingFiles()
    {
        RecentProjects::clear();
        RecentProjects::add(m_dir.filePath("gone.crw"));
        RecentProjects::add(m_path);
        RecentProjectsMenu menu;
        menu.rebuild();
        QList<QAction*> entries;
        for (QAction* a : menu.actions())
            if (a->data().isValid())
                entries << a;
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0]->data().toString(), QFileInfo(m_path).absoluteFilePath());
        QVERIFY(entries[0]->isEnabled());
        QVERIFY(!entries[1]->isEnabled());
        QVERIFY(entries[1]->text().contains("missing"));
        QSignalSpy chosen(&menu, &RecentProjectsMenu::projectChosen);
        entries[0]->trigger();
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().toString(), QFileInfo(m_path).absoluteFilePath());
    }

    void darkModeToggle()
    {
        MainWindow w;
        w.resize(1200, 720);
        w.show();
        QVERIFY(w.openProject(m_path));
        QAction* dark = findAction(&w, "darkModeAction");
        QVERIFY(dark);
        dark->setChecked(true);
        QVERIFY(Theme::isDark());
        QCOMPARE(settings::darkMode.get(), true);
        w.tabs()->setCurrentIndex(DataTabs::GoldLabels);
        QTRY_VERIFY(w.tabs()->view(DataTabs::GoldLabels)->palette().color(QPalette::Base).lightness() < 80);
        QVERIFY(w.palette().color(QPalette::Window).lightness() < 80);
        QVERIFY(screenshot(&w, "mainwindow-dark"));
        dark->setChecked(false);
        QVERIFY(!Theme::isDark());
        QCOMPARE(settings::darkMode.get(), false);
    }

    void aboutNamesLicence()
    {
        MainWindow w;
        w.show();
        QAction* about = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->menu() && a->text().contains("Help"))
                about = a->menu()->actions().first();
        QVERIFY(about);
        about->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox*>("aboutBox")) != nullptr);
        QVERIFY(box->text().contains("GPL-3.0-or-later"));
        QVERIFY(screenshot(box, "about"));
        box->close();
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
