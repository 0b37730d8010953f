// Benchmark: what a user runs. The default `causal-router train` (every default router, auto included) against the
// authors' procedure (reference mode: meta_r_reference + meta_dr_reference, METHOD.md §10) on the same project, one
// child process each, side by side in one run.
// Usage: bench_train [--n 100] [--m 100000] [--d 50] [--repeats 1] [--threads 2] [--skip-reference]
// The project is written once into a temporary folder: n gold queries (both models scored) and m preference queries
// (one label each), all with an imported d-dimensional embedding, so featurising is reading the embedding.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>
#include <cmath>
#include <cstdio>
#include <random>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct ChildRun {
    double wall = 0, cpu = 0, rssMb = 0;
    int exitCode = -1;
    QString tail; // the last stderr lines when the child failed
};

// Runs the CLI with args in a child process (fork + exec, wait4): wall clock, CPU (user + system of all its threads)
// and peak RSS of that child alone; its stdout is discarded, its stderr goes to a file whose tail is kept when it fails.
ChildRun runChild(const QString& cli, const QStringList& args, const QString& errFile)
{
    ChildRun r;
    std::vector<QByteArray> store { cli.toLocal8Bit() };
    for (const QString& a : args)
        store.push_back(a.toLocal8Bit());
    std::vector<char*> argvC;
    for (QByteArray& b : store)
        argvC.push_back(b.data());
    argvC.push_back(nullptr);
    const QByteArray err = errFile.toLocal8Bit();
    QElapsedTimer t;
    t.start();
    const pid_t pid = fork();
    if (pid == 0) {
        if (!std::freopen(err.constData(), "w", stderr) || !std::freopen("/dev/null", "w", stdout))
            _exit(127);
        execv(argvC[0], argvC.data());
        _exit(127);
    }
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    r.wall = t.elapsed() / 1000.0;
    auto secs = [](const timeval& v) { return double(v.tv_sec) + 1e-6 * double(v.tv_usec); };
    r.cpu = secs(ru.ru_utime) + secs(ru.ru_stime);
    r.rssMb = double(ru.ru_maxrss) / 1024.0;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r.exitCode != 0) {
        QFile f(errFile);
        if (f.open(QIODevice::ReadOnly))
            r.tail = QString::fromUtf8(f.readAll()).right(600);
    }
    return r;
}

// Writes the project's input files: queries with embeddings, gold scores of both models, one preference label each.
void writeFiles(const QString& dir, int n, int m, int d)
{
    std::mt19937_64 rng(20261204);
    std::normal_distribution<double> N01(0.0, 1.0);
    QFile q(dir + "/queries.csv"), g(dir + "/gold.csv"), pf(dir + "/pref.csv");
    q.open(QIODevice::WriteOnly);
    g.open(QIODevice::WriteOnly);
    pf.open(QIODevice::WriteOnly);
    QTextStream qs(&q), gs(&g), ps(&pf);
    qs << "id,text";
    for (int j = 1; j <= d; ++j)
        qs << ",f" << j;
    qs << "\n";
    gs << "query_id,model,score\n";
    ps << "query_id,model_a,model_b,gain\n";
    std::vector<double> x(static_cast<size_t>(d), 0.0);
    for (int i = 0; i < n + m; ++i) {
        for (double& v : x)
            v = N01(rng);
        const double psi = std::sin(x[0]) + 0.5 * x[1] * x[2];
        const double delta = 0.5 * std::tanh(x[3]) + 0.2;
        qs << "q" << i << ",query " << i;
        for (double v : x)
            qs << "," << QString::number(v, 'g', 9);
        qs << "\n";
        if (i < n) {
            const double base = N01(rng);
            gs << "q" << i << ",strong," << QString::number(base + psi + 0.5 * N01(rng), 'g', 9) << "\n";
            gs << "q" << i << ",cheap," << QString::number(base, 'g', 9) << "\n";
        } else {
            ps << "q" << i << ",strong,cheap," << QString::number(2.0 * (psi - delta + 0.3 * N01(rng)), 'g', 9)
               << "\n";
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto value = [&](const QString& key, const QString& def) {
        const int i = int(args.indexOf(key));
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : def;
    };
    const int n = value("--n", "100").toInt(), m = value("--m", "100000").toInt(), d = value("--d", "50").toInt();
    const int repeats = std::max(1, value("--repeats", "1").toInt());
    const QString threads = value("--threads", "2");
    const QString cli = QCoreApplication::applicationDirPath() + "/../app/causal-router";
    QTemporaryDir tmp;
    const QString dir = tmp.path(), project = dir + "/bench.crw";
    std::fprintf(stderr, "writing %d gold + %d preference queries (d = %d) into %s\n", n, m, d, qPrintable(dir));
    writeFiles(dir, n, m, d);
    for (const QStringList& step : { QStringList { "init", project },
             QStringList { "import", project, "--quiet", "--queries", dir + "/queries.csv", "--gold", dir + "/gold.csv",
                 "--preference", dir + "/pref.csv" } }) {
        const ChildRun r = runChild(cli, step, dir + "/stderr.txt");
        if (r.exitCode != 0) {
            std::fprintf(stderr, "%s failed:\n%s\n", qPrintable(step.join(' ')), qPrintable(r.tail));
            return 1;
        }
    }
    const QStringList common { "train", project, "--primary", "strong", "--alternative", "cheap", "--threads", threads,
        "--quiet", "--features", "embedding" };
    struct Variant {
        const char* name;
        QStringList extra;
    };
    std::vector<Variant> variants { { "default `train` (every default router, auto first)", {} } };
    if (!args.contains("--skip-reference"))
        variants.push_back({ "authors' procedure (meta_r_reference + meta_dr_reference)",
            { "--learner", "meta_r_reference,meta_dr_reference" } });
    std::printf("gold n = %d, preference m = %d, d = %d, --threads %s\n\n", n, m, d, qPrintable(threads));
    std::printf("| command | repeat | wall (s) | CPU (s, all threads) | peak RSS (MB) |\n|---|---:|---:|---:|---:|\n");
    std::vector<double> best(variants.size(), 1e300);
    for (int rep = 0; rep < repeats; ++rep) {
        for (size_t v = 0; v < variants.size(); ++v) { // alternating, so both see the same load
            const ChildRun r = runChild(cli, common + variants[v].extra, dir + "/stderr.txt");
            if (r.exitCode != 0) {
                std::fprintf(stderr, "train failed (%s):\n%s\n", variants[v].name, qPrintable(r.tail));
                return 1;
            }
            best[v] = std::min(best[v], r.wall);
            std::printf("| %s | %d | %.2f | %.1f | %.0f |\n", variants[v].name, rep + 1, r.wall, r.cpu, r.rssMb);
            std::fflush(stdout);
        }
    }
    if (variants.size() == 2)
        std::printf("\nspeed-up of the default train over the authors' procedure (best wall of each): %.1fx\n",
            best[1] / best[0]);
    return 0;
}
