// bench_gui_stall [--prefs N] [--gold N] [--test N] [--routers LIST]: how long the GUI event loop stalls while a
// training run goes through the real training panel (JobController, worker thread, throttled progress) and while the
// finished run is loaded into the analysis views.
// A QApplication (offscreen unless QT_QPA_PLATFORM is set) runs a 5 ms QTimer; every tick records its delay past the
// 5 ms. A synthetic project (N preference rows on N queries, gold scores for 1,000 of them, seeded) is written with
// SqliteDb into a temp dir. Prints a markdown table: ticks, longest stall, 99th percentile, per phase.
#include "MainWindow.h"
#include "pipeline/RouterKind.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"
#include "training/AnalysisPage.h"
#include "training/TrainingPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

using namespace crw;

namespace {

struct Options {
    int prefs = 100000, gold = 1000, test = 200;
    QString routers = QStringLiteral("r,dr,gold_only,pooled");
};

// Seeded project: two models, `prefs` queries with texts and tasks, one preference label each (primary vs
// alternative, outcome = gain - task bias + noise), and gold scores of both models for the first `gold` queries.
void writeProject(const QString& path, const Options& o)
{
    ProjectStore::create(path);
    SqliteDb db(path);
    std::mt19937_64 rng(20260101);
    std::normal_distribution<double> z;
    std::uniform_int_distribution<int> wordPick(0, 1999), lengthPick(4, 40), taskPick(0, 7);
    const char* tasks[] = { "math", "code", "chat", "reasoning", "writing", "science", "law", "history" };
    const double taskBias[] = { 0.3, -0.2, 0.1, 0.25, -0.3, 0.0, 0.15, -0.1 };
    db.beginImmediate();
    db.exec("INSERT INTO datasets(id, name, kind, format, imported_at, rows) VALUES"
            "(1,'queries','queries','synthetic','2026-01-01',0),(2,'gold','gold','synthetic','2026-01-01',0),"
            "(3,'prefs','preference','synthetic','2026-01-01',0)");
    db.exec("INSERT INTO models(id, name, usd_per_query) VALUES(1, 'primary', 0.01), (2, 'alternative', 0.001)");
    auto q = db.prepare("INSERT INTO queries(id, external_id, text_key, text, task, dataset_id) VALUES(?,?,?,?,?,1)");
    auto g = db.prepare("INSERT INTO gold_labels(dataset_id, query_id, model_id, score) VALUES(2,?,?,?)");
    auto p = db.prepare("INSERT INTO preference_labels(dataset_id, query_id, model_a, model_b, outcome, judge) "
                        "VALUES(3,?,1,2,?,'synthetic-judge')");
    for (int i = 1; i <= o.prefs; ++i) {
        const int task = taskPick(rng), words = lengthPick(rng);
        QString text;
        for (int w = 0; w < words; ++w)
            text += QStringLiteral("w%1 ").arg(wordPick(rng) % (200 + 200 * task));
        const QByteArray id = QByteArray::number(i);
        q.bind(1, int64_t(i));
        q.bind(2, "q" + id);
        q.bind(3, "k" + id);
        q.bind(4, text.toUtf8());
        q.bind(5, QByteArray(tasks[task]));
        q.run();
        const double gain = 0.2 + 0.01 * words - 0.1 * (task % 3) + 0.2 * z(rng);
        if (i <= o.gold) {
            const double alt = 0.5 + 0.1 * z(rng);
            g.bind(1, int64_t(i));
            g.bind(2, int64_t(1));
            g.bind(3, alt + gain);
            g.run();
            g.bind(1, int64_t(i));
            g.bind(2, int64_t(2));
            g.bind(3, alt);
            g.run();
        }
        p.bind(1, int64_t(i));
        p.bind(2, gain - taskBias[task] + 0.3 * z(rng));
        p.run();
    }
    db.commit();
}

struct Phase {
    const char* name;
    std::vector<double> stalls; // ms past the 5 ms period, one per tick
    double seconds = 0;
};

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = size_t(std::ceil(q * double(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

}

// CRW_BENCH_SLOW_EVENTS=MS: every event whose delivery takes longer than MS ms is printed to stderr with its
// receiver, event type and nesting depth (nested deliveries, e.g. child paint events, are indented), so a long
// stall can be attributed.
class TracingApplication : public QApplication {
public:
    using QApplication::QApplication;
    double thresholdMs = -1;
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (thresholdMs < 0)
            return QApplication::notify(receiver, event);
        QElapsedTimer t;
        t.start();
        const int type = event->type();
        ++m_depth;
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = t.nsecsElapsed() / 1e6;
        if (ms > thresholdMs && m_depth < 6)
            std::fprintf(stderr, "%9.3f s %*s%.1f ms  event %d -> %s \"%s\"\n", m_clock.elapsed() / 1000.0, 2 * m_depth,
                "", ms, type, receiver->metaObject()->className(), qPrintable(receiver->objectName()));
        return r;
    }

private:
    int m_depth = 0;
    QElapsedTimer m_clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
};

int main(int argc, char** argv)
{
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QString a = QString::fromLocal8Bit(argv[i]), v = QString::fromLocal8Bit(argv[i + 1]);
        if (a == "--prefs")
            o.prefs = v.toInt();
        else if (a == "--gold")
            o.gold = v.toInt();
        else if (a == "--test")
            o.test = v.toInt();
        else if (a == "--routers")
            o.routers = v;
        else {
            std::fprintf(stderr, "usage: bench_gui_stall [--prefs N] [--gold N] [--test N] [--routers LIST]\n");
            return 2;
        }
    }
    TracingApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("CRW_BENCH_SLOW_EVENTS"))
        app.thresholdMs = qEnvironmentVariable("CRW_BENCH_SLOW_EVENTS").toDouble();
    QCoreApplication::setOrganizationName("crw-bench");
    QCoreApplication::setApplicationName("bench_gui_stall");
    QTemporaryDir dir;
    const QString path = dir.filePath("stall.crw");
    QElapsedTimer build;
    build.start();
    writeProject(path, o);
    std::fprintf(stderr, "project: %d preference rows, %d gold queries written in %.1f s\n", o.prefs, o.gold,
        build.elapsed() / 1000.0);

    ui::MainWindow window;
    window.resize(1440, 900);
    window.show();
    if (!window.openProject(path))
        return 1;
    ui::TrainingPanel* panel = window.trainingPanel();
    QEventLoop waitCatalog;
    QObject::connect(panel, &ui::TrainingPanel::catalogReady, &waitCatalog, &QEventLoop::quit);
    waitCatalog.exec();

    TrainingConfig c = panel->config();
    c.primary = "primary";
    c.alternative = "alternative";
    QString error;
    if (!parseRouterList(o.routers, &c.routers, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    c.testSize = o.test;

    Phase training { "training (worker thread, progress to the panel)", {} };
    Phase showing { "after the run: history reload + run loaded into the views", {} };
    Phase* current = &training;
    QElapsedTimer clock, phaseClock;
    qint64 last = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        current->stalls.push_back(std::max(0.0, double(now - last) / 1e6 - 5.0));
        if (app.thresholdMs >= 0 && current->stalls.back() > 25)
            std::fprintf(stderr, "   tick %.1f ms late at %.3f s (since the run finished: %.3f s)\n",
                current->stalls.back(), now / 1e9, current == &showing ? phaseClock.elapsed() / 1000.0 : -1.0);
        last = now;
    });
    bool ok = true;
    QObject::connect(panel, &ui::TrainingPanel::runFinished, [&] {
        training.seconds = phaseClock.elapsed() / 1000.0;
        phaseClock.restart();
        if (app.thresholdMs >= 0)
            std::fprintf(stderr, "--- run finished ---\n");
        current = &showing; // MainWindow's own slot (connected first) has already reloaded and shown the run
        // Keep ticking a little longer: deferred layouts and chart repaints of the shown run land here.
        QTimer::singleShot(1500, &app, [&] {
            showing.seconds = phaseClock.elapsed() / 1000.0;
            app.quit();
        });
    });
    QObject::connect(panel, &ui::TrainingPanel::runFailed, [&](const QString& m) {
        std::fprintf(stderr, "training failed: %s\n", qPrintable(m));
        ok = false;
        app.quit();
    });
    QTimer::singleShot(0, &app, [&] {
        clock.start();
        phaseClock.start();
        last = clock.nsecsElapsed();
        tick.start();
        panel->start(c);
    });
    app.exec();
    if (!ok)
        return 1;
    // The "showing" phase starts after MainWindow::onTrainingFinished ran; charge that slot's time to its first tick.
    std::printf("| phase | seconds | ticks | longest stall (ms) | p99 stall (ms) | ticks stalled > 50 ms |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (const Phase* ph : { &training, &showing }) {
        const long over = std::count_if(ph->stalls.begin(), ph->stalls.end(), [](double s) { return s > 50; });
        std::printf("| %s | %.1f | %zu | %.1f | %.1f | %ld |\n", ph->name, ph->seconds, ph->stalls.size(),
            ph->stalls.empty() ? 0.0 : *std::max_element(ph->stalls.begin(), ph->stalls.end()),
            percentile(ph->stalls, 0.99), over);
    }
    std::printf("\n%d preference rows, %d gold queries (%d held out), routers %s, 1 XGBoost thread.\n", o.prefs, o.gold,
        o.test, qPrintable(o.routers));
    return 0;
}
