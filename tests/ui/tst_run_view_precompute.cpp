// The views' numbers precomputed off the GUI thread (RunRecord::precompute) are exactly what the views compute
// themselves: balance statistics, propensity and bias histograms, the bias table's rows and order; a run loaded by
// the analysis page arrives precomputed.
#include "helpers/SyntheticRun.h"
#include "runs/RunRecord.h"
#include "runs/RunStore.h"
#include "runs/RunViewPrecompute.h"
#include "training/AnalysisPage.h"
#include "views/BalanceView.h"
#include "views/BiasView.h"
#include "views/QueryBiasModel.h"
#include "views/RunViewsWidget.h"

#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace crw;
using namespace crw::test;

namespace {
bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

void compareBins(const HistogramBins& a, const HistogramBins& b)
{
    QCOMPARE(a.bins, b.bins);
    QCOMPARE(a.low, b.low);
    QCOMPARE(a.width, b.width);
    QCOMPARE(a.counts, b.counts);
}

void compareModels(const QueryBiasModel& a, const QueryBiasModel& b)
{
    QCOMPARE(a.rowCount(), b.rowCount());
    for (int r = 0; r < a.rowCount(); ++r)
        for (int c = 0; c < QueryBiasModel::ColumnCount; ++c)
            QCOMPARE(a.data(a.index(r, c), Qt::DisplayRole), b.data(b.index(r, c), Qt::DisplayRole));
}
}

class TstRunViewPrecompute : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    SyntheticRun m_fixture;

private slots:
    void initTestCase()
    {
        m_project = m_dir.filePath("p.crw");
        SyntheticRunSpec spec;
        spec.preferenceQueries = 500;
        m_fixture = writeSyntheticRun(m_project, spec);
    }

    void precomputedEqualsComputedInTheViews()
    {
        const RunRecord plain = RunStore::load(m_project, m_fixture.runId);
        QVERIFY(!plain.precomputed);
        RunRecord pre = plain;
        pre.precompute();
        QVERIFY(pre.precomputed);
        const RunViewPrecompute& p = *pre.precomputed;

        // Bias rows: every preference row of the fixture, by Delta_hat descending.
        QCOMPARE(p.biasRows.size(), 500);
        for (int i = 1; i < p.biasRows.size(); ++i)
            QVERIFY(p.biasRows[i - 1].deltaHat >= p.biasRows[i].deltaHat);
        double maxDelta = -1e300;
        for (const SyntheticRunRow& r : m_fixture.rows)
            if (r.source == 0)
                maxDelta = std::max(maxDelta, r.deltaHat);
        QCOMPARE(p.biasRows.first().deltaHat, maxDelta);
        QVERIFY(p.biasHasTruth);
        QCOMPARE(p.biasEstimates, 500);
        QCOMPARE(p.biasTruths, 500);
        int binned = 0;
        for (int c : p.biasBins.counts[0])
            binned += c;
        QCOMPARE(binned, 500);

        // The views show the same numbers either way.
        BalanceView a, b;
        a.setRun(plain);
        b.setRun(pre);
        QCOMPARE(a.stats().goldCount, b.stats().goldCount);
        QCOMPARE(a.stats().prefCount, b.stats().prefCount);
        QCOMPARE(a.stats().propensityGold, b.stats().propensityGold);
        QVERIFY(sameNumber(a.stats().shareOutsideOverlap, b.stats().shareOutsideOverlap));
        QCOMPARE(a.stats().covariates.size(), b.stats().covariates.size());
        for (int i = 0; i < a.stats().covariates.size(); ++i)
            QCOMPARE(a.stats().covariates[i].smdWeighted, b.stats().covariates[i].smdWeighted);
        QCOMPARE(a.warningText(), b.warningText());
        compareBins(p.propensityBins, histogram({ a.stats().propensityGold, a.stats().propensityPref }));

        QueryBiasModel ma, mb;
        ma.setRun(plain);
        mb.setRun(pre);
        compareModels(ma, mb);
        // Sorting the precomputed (shared) rows leaves the run's copy untouched.
        mb.sort(QueryBiasModel::QueryId, Qt::AscendingOrder);
        for (int i = 1; i < p.biasRows.size(); ++i)
            QVERIFY(p.biasRows[i - 1].deltaHat >= p.biasRows[i].deltaHat);
        mb.sort(QueryBiasModel::DeltaHat, Qt::DescendingOrder);
        compareModels(ma, mb);
    }

    void analysisPageShowsAPrecomputedRun()
    {
        ui::AnalysisPage page;
        QSignalSpy shown(&page, &ui::AnalysisPage::runShown);
        page.setProject(m_project);
        QTRY_COMPARE(shown.count(), 1);
        const RunRecord* run = page.views()->run();
        QVERIFY(run && run->precomputed);
        QCOMPARE(run->precomputed->biasRows.size(), 500);
        QCOMPARE(run->projectPath, m_project);
    }

    // Showing a run fills the views in later event-loop turns, one at a time (a large run does not block the window
    // in one go); opening a tab or asking for the views fills them at once.
    void hiddenViewsFollowInLaterTurns()
    {
        const RunRecord run = RunStore::load(m_project, m_fixture.runId);
        RunViewsWidget w;
        w.showRun(run);
        QCOMPARE(w.pendingViews(), 5);
        w.tabs()->setCurrentIndex(2);
        QCOMPARE(w.pendingViews(), 4);
        QTRY_COMPARE(w.pendingViews(), 0);

        w.showRun(run);
        QCOMPARE(w.pendingViews(), 5);
        QVERIFY(!w.allCharts().isEmpty());
        QCOMPARE(w.pendingViews(), 0);
        QVERIFY(w.balanceView()->stats().goldCount > 0);
    }
};

QTEST_MAIN(TstRunViewPrecompute)
#include "tst_run_view_precompute.moc"
