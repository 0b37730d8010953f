// Benchmark: one full Meta-Router fit (cross-fitted XGBoost nuisances, DR- and R-learner, final stage) at d = 50.
// Usage: bench_fit [--m 10000,100000,1000000] [--n 100,1000] [--threads 2]
// Each configuration runs in a child process so that peak RSS (ru_maxrss) is per configuration.
#include "pipeline/RouterSuite.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStringList>
#include <cstdio>
#include <random>
#include <sys/resource.h>

using namespace crw;

static int runOne(int n, int m, int threads)
{
    const int d = 50;
    std::mt19937_64 rng(1234);
    std::normal_distribution<double> N01(0.0, 1.0);
    SplitData s;
    s.X.resize(n + m, d);
    s.r.resize(n);
    s.y.resize(m);
    for (int i = 0; i < n + m; ++i) {
        for (int j = 0; j < d; ++j)
            s.X(i, j) = N01(rng);
        const double psi = std::sin(s.X(i, 0)) + 0.5 * s.X(i, 1) * s.X(i, 2);
        const double delta = 0.5 * std::tanh(s.X(i, 3)) + 0.2;
        if (i < n)
            s.r[i] = psi + 0.5 * N01(rng);
        else
            s.y[i - n] = 2.0 * (psi - delta + 0.3 * N01(rng));
    }
    SuiteOptions opt;
    opt.routers = { RouterKind::MetaR, RouterKind::MetaDR };
    opt.finalSpec = defaultFinalSpec(threads);
    opt.cate.outcome = defaultOutcomeSpec(threads);
    opt.cate.stage2.nthread = threads;
    opt.cate.propensity.nthread = threads;
    Progress p;
    QElapsedTimer t;
    t.start();
    const SuiteResult res = trainRouterSuite(s, opt, p);
    const double secs = t.elapsed() / 1000.0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const double cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    std::printf("%d %d %.2f %.0f %.1f %.4f\n", n, m, secs, ru.ru_maxrss / 1024.0, cpu, res.normConstant);
    return 0;
}

int main(int argc, char** argv)
{
    setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    auto value = [&](const QString& key, const QString& def) {
        const int i = args.indexOf(key);
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : def;
    };
    const int threads = value("--threads", "2").toInt();
    if (args.contains("--child"))
        return runOne(value("--n", "100").toInt(), value("--m", "10000").toInt(), threads);
    std::printf("| gold n | preference m | wall (s) | CPU (s, all threads) | peak RSS (MB) |\n|---:|---:|---:|---:|---:|\n");
    for (const QString& ms : value("--m", "10000,100000,1000000").split(',')) {
        for (const QString& ns : value("--n", "100,1000").split(',')) {
            QProcess child;
            child.start(app.applicationFilePath(), { "--child", "--n", ns, "--m", ms, "--threads", QString::number(threads) });
            child.waitForFinished(-1);
            const QStringList f = QString::fromUtf8(child.readAllStandardOutput()).trimmed().split(' ');
            if (f.size() < 5) {
                std::printf("| %s | %s | failed | |\n", qPrintable(ns), qPrintable(ms));
                continue;
            }
            std::printf("| %s | %s | %s | %s | %s |\n", qPrintable(f[0]), qPrintable(f[1]), qPrintable(f[2]),
                qPrintable(f[4]), qPrintable(f[3]));
            std::fflush(stdout);
        }
    }
    return 0;
}
