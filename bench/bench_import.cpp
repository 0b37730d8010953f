// Import benchmark: a generated preference CSV (query_id,model_a,model_b,gain; seeded) imported by importFile()
// into a fresh project, against the sqlite3 CLI's `.import` of the same file into a bare on-disk table.
// Each measured import runs in its own child process so that peak RSS (ru_maxrss) belongs to that import alone.
// Usage: bench_import [--rows N] [--repeats R] [--models M (default 8; e.g. 50)] [--store sqlite|postgres]
//   (prints a markdown table)
// --store postgres: a throwaway PostgreSQL cluster (initdb into the temporary folder, unix socket only, as the
// `postgres` user when run as root) holds the project (postgresql://...?schema=pN); the reference is psql's
// `\copy` of the same file into a bare table of the same server. Peak RSS is that of the client process (the
// workbench, or psql), not of the server.
#include "import/Importer.h"
#include "store/ProjectBackend.h"
#include "store/ProjectStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <random>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace crw;

namespace {

// 10 distinct (model_a, model_b) pairs per query, so no two rows share query and pair. nModels > 8: the models are
// "m00".."m<n-1>" and each query gets 10 pairs with 10 different model_a.
void generate(const QString& path, qint64 rows, int nModels = 8)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    std::mt19937_64 rng(20240601);
    std::uniform_real_distribution<double> gain(-1.0, 1.0);
    const char* models[] = { "gpt-4o", "claude-3-5-sonnet", "llama-3.1-70b", "mixtral-8x7b", "qwen2.5-72b",
        "gemma-2-27b", "mistral-large", "deepseek-v3" };
    QByteArray buf = "query_id,model_a,model_b,gain\n";
    char line[160];
    for (qint64 i = 0; i < rows && nModels > 8; ++i) {
        const qint64 q = i / 10;
        const int k = int(i % 10);
        const int a = int((q + k) % nModels), b = int((a + 1 + (q * 13 + k) % (nModels - 1)) % nModels);
        const int n = std::snprintf(line, sizeof line, "q%07lld,m%02d,m%02d,%.6f\n", static_cast<long long>(q), a, b,
            gain(rng));
        buf.append(line, n);
        if (buf.size() > (1 << 20)) {
            f.write(buf);
            buf.clear();
        }
    }
    for (qint64 i = 0; i < rows && nModels <= 8; ++i) {
        const int k = int(i % 10);
        const int a = k % 4, b = 4 + (k + k / 4) % 4;
        const int n = std::snprintf(
            line, sizeof line, "q%07lld,%s,%s,%.6f\n", static_cast<long long>(i / 10), models[a], models[b], gain(rng));
        buf.append(line, n);
        if (buf.size() > (1 << 20)) {
            f.write(buf);
            buf.clear();
        }
    }
    f.write(buf);
}

struct Measure {
    double seconds = 0;
    long maxRssKb = 0;
    qint64 rows = 0;
};

// Runs fn in a forked child; returns wall time, the child's peak RSS and the rows it reports.
// (A child that exec()s another program reports no rows: pass expectRows = false.)
template <class Fn> Measure inChild(Fn fn, bool expectRows = true)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        qFatal("pipe failed");
    QElapsedTimer t;
    t.start();
    const pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        const qint64 rows = fn();
        if (write(pipefd[1], &rows, sizeof rows) != sizeof rows)
            _exit(3);
        _exit(0);
    }
    close(pipefd[1]);
    int status = 0;
    rusage ru {};
    wait4(pid, &status, 0, &ru);
    Measure m;
    m.seconds = double(t.nsecsElapsed()) / 1e9;
    m.maxRssKb = ru.ru_maxrss;
    const bool gotRows = read(pipefd[0], &m.rows, sizeof m.rows) == sizeof m.rows;
    if ((expectRows && !gotRows) || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        qFatal("child failed (status %d)", status);
    close(pipefd[0]);
    return m;
}

// A throwaway PostgreSQL cluster in dir (the same recipe as tests/core/tst_pg_store.cpp).
struct PgCluster {
    QString bin, dir, data, port;
    bool started = false;
    int tool(const QString& name, const QStringList& args) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        if (geteuid() == 0)
            p.start(QStringLiteral("runuser"), QStringList { "-u", "postgres", "--", bin + "/" + name } + args);
        else
            p.start(bin + "/" + name, args);
        p.waitForFinished(600000);
        if (p.exitCode() != 0)
            std::fprintf(stderr, "%s: %s\n", qPrintable(name), p.readAll().constData());
        return p.exitCode();
    }
    void start(const QString& folder)
    {
        for (const QString& v : QDir(QStringLiteral("/usr/lib/postgresql"))
                 .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed))
            if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/initdb").arg(v))) {
                bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
                break;
            }
        if (bin.isEmpty())
            qFatal("PostgreSQL server binaries not installed (apt-get install postgresql)");
        dir = folder;
        if (geteuid() == 0 && QProcess::execute(QStringLiteral("chown"), { "postgres", dir }) != 0)
            qFatal("cannot chown the temporary folder to postgres");
        data = dir + "/pgdata";
        port = QString::number(40000 + getpid() % 20000);
        if (tool("initdb", { "-D", data, "-U", "crw", "--auth=trust", "-E", "UTF8" }) != 0
            || tool("pg_ctl", { "-D", data, "-l", dir + "/server.log", "-w", "-o",
                                  QStringLiteral("-k %1 -c listen_addresses= -p %2").arg(dir, port), "start" })
                != 0)
            qFatal("cannot start the throwaway PostgreSQL cluster");
        started = true;
    }
    ~PgCluster()
    {
        if (started)
            tool("pg_ctl", { "-D", data, "-m", "fast", "-w", "stop" });
    }
    QString url(const QString& schema) const
    {
        return QStringLiteral("postgresql://crw@localhost/postgres?host=%1&port=%2&schema=%3").arg(dir, port, schema);
    }
    QStringList psqlArgs() const { return { "-h", dir, "-p", port, "-U", "crw", "-d", "postgres", "-qAt" }; }
    QByteArray psql(const QString& sql) const
    {
        QProcess p;
        p.start(bin + "/psql", psqlArgs() + QStringList { "-v", "ON_ERROR_STOP=1", "-c", sql });
        p.waitForFinished(600000);
        if (p.exitCode() != 0)
            qFatal("psql failed: %s", p.readAllStandardError().constData());
        return p.readAllStandardOutput().trimmed();
    }
};

Measure median(std::vector<Measure> v)
{
    std::sort(v.begin(), v.end(), [](const Measure& a, const Measure& b) { return a.seconds < b.seconds; });
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qint64 rows = 1000000;
    int repeats = 3, nModels = 8;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--models"))
            nModels = std::max(8, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--repeats"))
            repeats = std::max(1, args[i + 1].toInt());
    }
    QString store = QStringLiteral("sqlite");
    for (int i = 1; i + 1 < args.size(); ++i)
        if (args[i] == QLatin1String("--store"))
            store = args[i + 1];
    if (store != QLatin1String("sqlite") && store != QLatin1String("postgres"))
        qFatal("--store must be sqlite or postgres");
    const bool pg = store == QLatin1String("postgres");
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("prefs.csv"));
    generate(csv, rows, nModels);
    const double mb = double(QFileInfo(csv).size()) / (1 << 20);
    PgCluster cluster;
    if (pg)
        cluster.start(dir.path());

    std::vector<Measure> ours, cli;
    for (int r = 0; r < repeats; ++r) {
        if (pg) {
            const QString table = QStringLiteral("bare%1").arg(r);
            cluster.psql(QStringLiteral("CREATE TABLE %1(query_id TEXT, model_a TEXT, model_b TEXT, gain DOUBLE "
                                        "PRECISION)")
                             .arg(table));
            const QByteArray psqlBin = QFile::encodeName(cluster.bin + "/psql");
            QList<QByteArray> argv8 { psqlBin };
            for (const QString& a : cluster.psqlArgs())
                argv8 << a.toUtf8();
            argv8 << "-c" << QStringLiteral("\\copy %1 FROM '%2' WITH (FORMAT csv, HEADER)").arg(table, csv).toUtf8();
            cli.push_back(inChild(
                [&]() -> qint64 {
                    std::vector<char*> av;
                    for (QByteArray& a : argv8)
                        av.push_back(a.data());
                    av.push_back(nullptr);
                    execv(psqlBin.constData(), av.data());
                    _exit(4);
                },
                false));
            cli.back().rows = rows;
            if (cluster.psql(QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong() != rows)
                qFatal("psql \\copy did not load %lld rows", static_cast<long long>(rows));
            const QString project = cluster.url(QStringLiteral("p%1").arg(r));
            createProject(project);
            ours.push_back(inChild([&]() -> qint64 {
                ImportOptions o;
                o.kind = DataKind::Preference;
                Progress p;
                qint64 n = 0;
                openProject(project)->withImport([&](const QString& file) { n = importFile(file, csv, o, p).rows; });
                return n;
            }));
            if (ours.back().rows != rows
                || cluster.psql(QStringLiteral("SELECT count(*) FROM p%1.preference_labels").arg(r)).toLongLong()
                    != rows)
                qFatal("the PostgreSQL import did not store %lld rows", static_cast<long long>(rows));
            continue;
        }
        const QString db = dir.filePath(QStringLiteral("bare%1.db").arg(r));
        cli.push_back(inChild(
            [&]() -> qint64 {
                const QByteArray dbPath = QFile::encodeName(db), csvPath = QFile::encodeName(csv);
                const QByteArray import = ".import " + csvPath + " t";
                execlp(
                    "sqlite3", "sqlite3", dbPath.constData(), "-cmd", ".mode csv", import.constData(), (char*)nullptr);
                _exit(4);
            },
            false));
        cli.back().rows = rows;
        QProcess count;
        count.start(QStringLiteral("sqlite3"), { db, QStringLiteral("SELECT count(*) FROM t") });
        count.waitForFinished();
        if (count.readAllStandardOutput().trimmed().toLongLong() != rows)
            qFatal("sqlite3 .import did not load %lld rows", static_cast<long long>(rows));

        const QString project = dir.filePath(QStringLiteral("p%1.crw").arg(r));
        ProjectStore::create(project);
        ours.push_back(inChild([&]() -> qint64 {
            ImportOptions o;
            o.kind = DataKind::Preference;
            Progress p;
            return importFile(project, csv, o, p).rows;
        }));
        if (ours.back().rows != rows)
            qFatal("importFile stored %lld rows", static_cast<long long>(ours.back().rows));
    }
    const Measure a = median(ours), b = median(cli);
    std::printf("Import of %lld preference rows (%.1f MB CSV, 100k queries, %d models), median of %d runs, store %s\n\n",
        static_cast<long long>(rows), mb, nModels, repeats, qPrintable(store));
    std::printf("| path | seconds | rows/s | peak RSS |\n|---|---|---|---|\n");
    if (pg) {
        std::printf("| `import postgresql://...` (working copy + COPY into the project schema, 1 transaction) | %.2f | "
                    "%.2f M | %.0f MB |\n",
            a.seconds, rows / a.seconds / 1e6, a.maxRssKb / 1024.0);
        std::printf("| `psql -c \"\\copy ...\"` into a bare table | %.2f | %.2f M | %.0f MB |\n", b.seconds,
            rows / b.seconds / 1e6, b.maxRssKb / 1024.0);
        std::printf("\nratio import / psql \\copy = %.2f (target >= 0.70); client peak RSS target < 300 MB\n",
            b.seconds / a.seconds);
        return 0;
    }
    std::printf("| `importFile` (preference-csv: parse, id maps, 1 transaction, real schema + index) | %.2f | %.2f M | "
                "%.0f MB |\n",
        a.seconds, rows / a.seconds / 1e6, a.maxRssKb / 1024.0);
    std::printf("| `sqlite3` CLI `.import` into a bare table | %.2f | %.2f M | %.0f MB |\n", b.seconds,
        rows / b.seconds / 1e6, b.maxRssKb / 1024.0);
    std::printf("\nratio importFile / sqlite3 .import = %.2f (target >= 0.90); peak RSS target < 300 MB\n",
        b.seconds / a.seconds);
    return 0;
}
