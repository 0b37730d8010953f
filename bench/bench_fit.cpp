// Benchmark: one full Meta-Router fit (cross-fitted XGBoost nuisances, DR- and R-learner, final stage) at d = 50.
// Usage: bench_fit [--m 10000,100000,1000000] [--n 100,1000] [--threads 2] [--xgb default,100:0.1:64]
// --xgb: variants of the XGBoost outcome and final models (rounds:eta:max_bin), run side by side; each row also gives
// the accuracy against the simulation's truth (psi on 5,000 fresh queries, Delta on the preference rows).
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

namespace {

double truePsi(const Matrix& X, Eigen::Index i)
{
    return std::sin(X(i, 0)) + 0.5 * X(i, 1) * X(i, 2);
}
double trueDelta(const Matrix& X, Eigen::Index i)
{
    return 0.5 * std::tanh(X(i, 3)) + 0.2;
}

/// "rounds:eta:max_bin" (e.g. "100:0.1:64") applied to the XGBoost outcome and final specs; "default" keeps them.
void applyXgbVariant(LearnerSpec& s, const QString& variant)
{
    const QStringList f = variant.split(':');
    if (f.size() != 3)
        return;
    s.rounds = f[0].toInt();
    s.eta = f[1].toDouble();
    s.maxBin = f[2].toInt();
}

int runOne(int n, int m, int threads, const QString& variant)
{
    const int d = 50, nTest = 5000;
    std::mt19937_64 rng(1234);
    std::normal_distribution<double> N01(0.0, 1.0);
    SplitData s;
    s.X.resize(n + m, d);
    s.r.resize(n);
    s.y.resize(m);
    for (int i = 0; i < n + m; ++i) {
        for (int j = 0; j < d; ++j)
            s.X(i, j) = N01(rng);
        const double psi = truePsi(s.X, i);
        if (i < n)
            s.r[i] = psi + 0.5 * N01(rng);
        else
            s.y[i - n] = 2.0 * (psi - trueDelta(s.X, i) + 0.3 * N01(rng));
    }
    Matrix Xtest(nTest, d);
    for (int i = 0; i < nTest; ++i)
        for (int j = 0; j < d; ++j)
            Xtest(i, j) = N01(rng);
    SuiteOptions opt;
    opt.routers = { RouterKind::MetaR, RouterKind::MetaDR };
    opt.finalSpec = defaultFinalSpec(threads);
    opt.cate.outcome = defaultOutcomeSpec(threads);
    applyXgbVariant(opt.finalSpec, variant);
    applyXgbVariant(opt.cate.outcome, variant);
    opt.cate.stage2.nthread = threads;
    opt.cate.propensity.nthread = threads;
    QElapsedTimer t;
    t.start();
    // CRW_BENCH_STAGES=1: prints every stage change with its start time to stderr (where the time of a fit goes).
    Progress p;
    if (qEnvironmentVariableIsSet("CRW_BENCH_STAGES")) {
        p = Progress([&t, last = QString()](double, const QString& stage) mutable {
            if (!stage.isEmpty() && stage != last) {
                std::fprintf(stderr, "%8.2f s  %s\n", t.elapsed() / 1000.0, qPrintable(stage));
                last = stage;
            }
        });
    }
    const SuiteResult res = trainRouterSuite(s, opt, p);
    const double secs = t.elapsed() / 1000.0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const double cpu
        = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    // Accuracy against the known truth: psi on fresh queries, Delta on the preference rows (out of fold).
    auto psiRmse = [&](RouterKind k) {
        const Vector pred = res.predict(k, Xtest);
        double ss = 0;
        for (int i = 0; i < nTest; ++i)
            ss += (pred[i] - truePsi(Xtest, i)) * (pred[i] - truePsi(Xtest, i));
        return std::sqrt(ss / nTest);
    };
    auto deltaRmse = [&](RouterKind k) {
        const Vector& dh = res.cates.at(k).deltaOof;
        double ss = 0;
        for (int i = n; i < n + m; ++i)
            ss += (dh[i] - trueDelta(s.X, i)) * (dh[i] - trueDelta(s.X, i));
        return std::sqrt(ss / m);
    };
    std::printf("%d %d %.2f %.0f %.1f %.4f %.4f %.4f %.4f %.4f\n", n, m, secs, ru.ru_maxrss / 1024.0, cpu,
        res.normConstant, psiRmse(RouterKind::MetaR), psiRmse(RouterKind::MetaDR), deltaRmse(RouterKind::MetaR),
        deltaRmse(RouterKind::MetaDR));
    return 0;
}

} // namespace

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
        return runOne(value("--n", "100").toInt(), value("--m", "10000").toInt(), threads, value("--xgb", "default"));
    std::printf(
        "| XGBoost (rounds:eta:max_bin) | gold n | preference m | wall (s) | CPU (s, all threads) | peak RSS (MB) "
        "| psi RMSE R / DR | Delta RMSE R / DR |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const QString& ms : value("--m", "10000,100000,1000000").split(',')) {
        for (const QString& ns : value("--n", "100,1000").split(',')) {
            for (const QString& variant : value("--xgb", "default").split(',')) {
                QProcess child;
                child.start(app.applicationFilePath(),
                    { "--child", "--n", ns, "--m", ms, "--threads", QString::number(threads), "--xgb", variant });
                child.waitForFinished(-1);
                const QStringList f = QString::fromUtf8(child.readAllStandardOutput()).trimmed().split(' ');
                if (f.size() < 10) {
                    std::printf(
                        "| %s | %s | %s | failed | | | | |\n", qPrintable(variant), qPrintable(ns), qPrintable(ms));
                    continue;
                }
                std::printf("| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |\n", qPrintable(variant),
                    qPrintable(f[0]), qPrintable(f[1]), qPrintable(f[2]), qPrintable(f[4]), qPrintable(f[3]),
                    qPrintable(f[6]), qPrintable(f[7]), qPrintable(f[8]), qPrintable(f[9]));
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
