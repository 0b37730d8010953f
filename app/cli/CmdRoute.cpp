// causal-router route router.json [--explain] [--batch N] [--stats] < queries.jsonl > decisions.jsonl
#include "CliCommand.h"

#include "routing/QueryLine.h"
#include "routing/RouteBatch.h"
#include "routing/Router.h"
#include "routing/RouterFile.h"

#include <QCommandLineParser>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace crw;

namespace {

// CPU time of this process (user + system): on a shared machine the honest measure of the work done.
double cpuSeconds(clockid_t clock = CLOCK_PROCESS_CPUTIME_ID)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Output {
    QByteArray buf;
    void flush()
    {
        if (!buf.isEmpty())
            std::fwrite(buf.constData(), 1, size_t(buf.size()), stdout);
        buf.clear();
    }
};

} // namespace

static int runRoute(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Routes queries with an exported router. Reads JSON lines {\"text\": ...} or {\"embedding\": [...]} (optional "
        "\"id\", \"task\") from stdin and writes one decision per line to stdout: id, model, psi of every "
        "non-reference model, cost, margin to the runner-up. A malformed line stops with an error naming it.");
    p.addOptions({ { "explain", "add the estimated preference bias and the 3 nearest training queries" },
        { "batch", "route up to N queries that are already waiting on stdin together (default 64; 1 = one by one)", "N",
            "64" },
        { "stats", "print throughput and per-query latency (JSON) to stderr at the end" },
        { "uncertainty",
            "add psi_se (bootstrap standard error of every psi) to each line; needs a router exported "
            "from a run trained with --bootstrap" },
        { "abstain",
            "two-model routers: send a query to the primary also when psi + Z * psi_se exceeds the threshold "
            "(abstain when uncertain); adds psi_se and \"abstained\"",
            "Z" } });
    QString routerPath;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("route"), "ROUTER",
            "router file written by export-router or train-pool", &routerPath);
        rc >= 0)
        return rc;
    bool ok = false;
    const int batchCap = p.value("batch").toInt(&ok);
    if (!ok || batchCap < 1)
        return cli::fail("--batch must be a positive integer");
    const bool explain = p.isSet("explain"), stats = p.isSet("stats");
    const bool abstain = p.isSet("abstain");
    double abstainZ = 0;
    if (abstain) {
        abstainZ = p.value("abstain").toDouble(&ok);
        if (!ok || !(abstainZ >= 0) || abstainZ > 10)
            return cli::fail("--abstain must be a number in [0, 10] (e.g. 1.64 for a one-sided 95% margin)");
    }
    const bool withSe = abstain || p.isSet("uncertainty");
    const Router router(readRouterFile(routerPath));
    if (withSe && !router.hasUncertainty())
        return cli::fail(
            "this router file has no bootstrap replicates: export it from a run trained with --bootstrap N "
            "(N >= 2) to use --uncertainty or --abstain");
    if (abstain && router.spec().quality.size() != 1)
        return cli::fail("--abstain needs a two-model router (primary and reference)");
    RouteOptions options;
    options.explain = explain;
    options.uncertainty = withSe;
    options.abstain = abstain;
    options.abstainZ = abstainZ;
    if (explain && router.spec().explain.ids.isEmpty())
        cli::note("route: this router file stores no training sample; \"nearest\" will be empty");

    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds();
    std::vector<double> latencyUs, cpuLatencyUs;
    Output out;
    QByteArray pending;
    qint64 lineNo = 0, routed = 0;
    std::vector<RouteQuery> queries;
    std::vector<QByteArray> lines;
    std::vector<qint64> lineNos;
    // A pipe on stdin holds 64 KB by default (about 18 embedding lines): every read then wakes the writer and the
    // reader. Ask for 1 MB (Linux; the limit is /proc/sys/fs/pipe-max-size) so lines arrive in larger chunks.
    struct stat st { };
    if (::fstat(0, &st) == 0 && S_ISFIFO(st.st_mode))
        (void)::fcntl(0, F_SETPIPE_SZ, 1 << 20);
    std::vector<char> chunkBuf(size_t(1) << 20);
    char* chunk = chunkBuf.data();
    const size_t chunkSize = chunkBuf.size();
    bool eof = false;
    while (!eof || !pending.isEmpty()) {
        if (!eof) {
            const ssize_t got = ::read(0, chunk, chunkSize);
            if (got < 0)
                return cli::fail("cannot read stdin");
            if (got == 0)
                eof = true;
            else
                pending.append(chunk, qsizetype(got));
        }
        // Complete lines now waiting (at EOF the last line may lack its newline). The lines point into `pending`
        // (no copies); it is trimmed only after they are routed.
        qsizetype pos = 0;
        const char* data = pending.constData();
        while (true) {
            const qsizetype nl = pending.indexOf('\n', pos);
            if (nl < 0 && !(eof && pos < pending.size()))
                break;
            qsizetype end = nl < 0 ? pending.size() : nl;
            ++lineNo;
            const qsizetype begin = pos;
            pos = nl < 0 ? pending.size() : nl + 1;
            if (end > begin && data[end - 1] == '\r')
                --end;
            bool blank = true;
            for (qsizetype i = begin; i < end && blank; ++i)
                blank = std::isspace(static_cast<unsigned char>(data[i])) != 0;
            if (blank)
                continue;
            lines.push_back(QByteArray::fromRawData(data + begin, end - begin));
            lineNos.push_back(lineNo);
        }
        // Route what is waiting, in batches of at most batchCap.
        for (size_t b = 0; b < lines.size(); b += size_t(batchCap)) {
            const auto t0 = Clock::now();
            const double c0 = stats ? cpuSeconds(CLOCK_THREAD_CPUTIME_ID) : 0.0;
            const size_t e = std::min(lines.size(), b + size_t(batchCap));
            queries.resize(e - b);
            for (size_t i = b; i < e; ++i) {
                QString err;
                if (!parseQueryLine(lines[i], lineNos[i], &queries[i - b], &err)) {
                    out.flush();
                    return cli::fail(QStringLiteral("stdin line %1: %2").arg(lineNos[i]).arg(err));
                }
            }
            RoutedBatch result;
            int badIndex = -1;
            QString err;
            if (!routeQueries(router, queries, options, &result, &badIndex, &err)) {
                out.flush();
                return cli::fail(QStringLiteral("stdin line %1: %2").arg(lineNos[b + size_t(badIndex)]).arg(err));
            }
            for (size_t i = 0; i < queries.size(); ++i) {
                appendDecisionJson(out.buf, router, queries[i], result, Eigen::Index(i), explain);
                out.buf += '\n';
            }
            out.flush();
            routed += qint64(queries.size());
            if (stats) {
                const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
                // Every query of a batch waits for the whole batch: its latency is the batch's time.
                latencyUs.insert(latencyUs.end(), queries.size(), us);
                // CPU time of the routing thread for the batch: the latency without preemption by other processes.
                cpuLatencyUs.insert(
                    cpuLatencyUs.end(), queries.size(), 1e6 * (cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - c0));
            }
        }
        lines.clear();
        lineNos.clear();
        pending.remove(0, pos);
        if (eof)
            pending.clear();
    }
    std::fflush(stdout);
    if (stats) {
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        const double cpu = cpuSeconds() - cpuStart;
        std::sort(latencyUs.begin(), latencyUs.end());
        std::sort(cpuLatencyUs.begin(), cpuLatencyUs.end());
        auto pctOf = [](const std::vector<double>& v, double q) {
            return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(q * double(v.size())))];
        };
        auto pct = [&](double q) { return pctOf(latencyUs, q); };
        std::fprintf(stderr,
            "{\"queries\":%lld,\"wall_seconds\":%.6f,\"queries_per_second\":%.1f,\"cpu_seconds\":%.6f,"
            "\"queries_per_cpu_second\":%.1f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"p50_cpu_us\":%.2f,\"p99_cpu_us\":%.2f,"
            "\"batch\":%d}\n",
            static_cast<long long>(routed), wall, wall > 0 ? double(routed) / wall : 0.0, cpu,
            cpu > 0 ? double(routed) / cpu : 0.0, pct(0.5), pct(0.99), pctOf(cpuLatencyUs, 0.5),
            pctOf(cpuLatencyUs, 0.99), batchCap);
    }
    return 0;
}

static const bool registered
    = cli::registerCommand({ "route", "route JSONL queries with an exported router", runRoute });
