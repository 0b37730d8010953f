// causal-router serve ROUTER.json [--host 127.0.0.1] [--port 8640] [--token-file F] [--abstain Z] ...
// An HTTP routing service (docs/serve.md): argument parsing, signals and the file watcher; the work is in core/serve.
#include "CliCommand.h"

#include "routing/RouterSpec.h"
#include "serve/HttpServer.h"
#include "serve/RouterHolder.h"
#include "serve/RoutingService.h"
#include "serve/ServeMetrics.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSocketNotifier>
#include <QTimer>
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

using namespace crw;

namespace {

int g_signalPipe[2] = { -1, -1 };

extern "C" void onServeSignal(int sig)
{
    const char c = sig == SIGHUP ? 'H' : 'Q';
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &c, 1);
}

void logLine(const QString& message)
{
    std::fprintf(stderr, "causal-router serve: %s\n", message.simplified().toUtf8().constData());
    std::fflush(stderr);
}

bool isLoopback(const QString& host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QByteArray h = host.toLatin1();
    in_addr v4 {};
    if (::inet_pton(AF_INET, h.constData(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6 {};
    return ::inet_pton(AF_INET6, h.constData(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

} // namespace

static int runServe(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        "Serves a router file over HTTP (docs/serve.md): POST /v1/route (one query or {\"queries\": [...]}), POST "
        "/v1/chat/completions (route-only: answers with the chosen model, calls no model), GET /healthz, GET "
        "/v1/router, GET /metrics (Prometheus). Decisions equal `causal-router route` bit for bit. Reloads the "
        "router on SIGHUP and when the file changes, after checking it completely; a bad file is refused and the "
        "old router keeps serving.");
    p.addOptions({ { "host", "address to bind (default 127.0.0.1, loopback only)", "HOST", "127.0.0.1" },
        { "port", "TCP port (default 8640; 0 = an ephemeral port, printed at start)", "PORT", "8640" },
        { "token-file",
            "require \"Authorization: Bearer <token>\" (the file's content, trimmed) on every endpoint "
            "but /healthz",
            "F" },
        { "abstain",
            "two-model routers with bootstrap replicates: send a query to the primary also when psi + Z * psi_se "
            "exceeds the threshold (as route --abstain)",
            "Z" },
        { "body-limit", "largest request body in bytes (default 1048576); larger ones get 413", "BYTES", "1048576" },
        { "timeout", "per-connection timeout in seconds for reading, writing and idle keep-alive (default 10)", "S",
            "10" },
        { "threads", "worker threads = connections served at once (default 32)", "N", "32" },
        { "max-batch", "most queries in one batch request (default 1024)", "N", "1024" },
        { "no-watch", "reload on SIGHUP only, not when the file changes" } });
    QString routerPath;
    if (int rc = cli::handleHelpAndArgument(p, args, QStringLiteral("serve"), "ROUTER",
            "router file written by export-router or train-pool", &routerPath);
        rc >= 0)
        return rc;
    bool ok = false;
    HttpServerOptions http;
    http.host = p.value("host");
    http.port = p.value("port").toInt(&ok);
    if (!ok || http.port < 0 || http.port > 65535)
        return cli::fail("--port must be an integer in [0, 65535]");
    http.bodyLimit = size_t(p.value("body-limit").toLongLong(&ok));
    if (!ok || http.bodyLimit < 1024 || http.bodyLimit > (size_t(1) << 30))
        return cli::fail("--body-limit must be a number of bytes in [1024, 1073741824]");
    http.timeoutSeconds = p.value("timeout").toInt(&ok);
    if (!ok || http.timeoutSeconds < 1 || http.timeoutSeconds > 3600)
        return cli::fail("--timeout must be a number of seconds in [1, 3600]");
    http.threads = p.value("threads").toInt(&ok);
    if (!ok || http.threads < 1 || http.threads > 1024)
        return cli::fail("--threads must be an integer in [1, 1024]");
    RoutingServiceOptions so;
    so.maxBatch = p.value("max-batch").toInt(&ok);
    if (!ok || so.maxBatch < 1 || so.maxBatch > 1000000)
        return cli::fail("--max-batch must be an integer in [1, 1000000]");
    if (p.isSet("abstain")) {
        so.abstain = true;
        so.abstainZ = p.value("abstain").toDouble(&ok);
        if (!ok || !(so.abstainZ >= 0) || so.abstainZ > 10)
            return cli::fail("--abstain must be a number in [0, 10] (e.g. 1.64 for a one-sided 95% margin)");
    }
    if (p.isSet("token-file")) {
        QFile f(p.value("token-file"));
        if (!f.open(QIODevice::ReadOnly))
            return cli::fail(QStringLiteral("cannot read --token-file %1: %2").arg(f.fileName(), f.errorString()));
        so.token = f.read(4096).trimmed();
        if (so.token.isEmpty())
            return cli::fail(QStringLiteral("--token-file %1 is empty").arg(f.fileName()));
        for (char c : so.token)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
                return cli::fail("--token-file: the token must be one line of printable characters without spaces");
        if (QFileInfo(f).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup))
            logLine(QStringLiteral("warning: %1 is readable by other users (chmod 600 it)").arg(f.fileName()));
    }
    if (!isLoopback(http.host))
        logLine(
            QStringLiteral("warning: binding %1, not loopback: the service is reachable from other hosts%2")
                .arg(http.host, so.token.isEmpty() ? QStringLiteral(" without a token (--token-file)") : QString()));

    ServeMetrics metrics;
    ServeRequirements req;
    req.abstain = so.abstain;
    std::unique_ptr<RouterHolder> holder;
    try {
        holder = std::make_unique<RouterHolder>(routerPath, req, &metrics);
    } catch (const std::exception& e) {
        return cli::fail(QStringLiteral("router file: %1").arg(QString::fromUtf8(e.what())));
    }
    RoutingService service(*holder, metrics, so);
    HttpServer server(service);
    QString err;
    if (!server.bind(http, &err))
        return cli::fail(err);

    // Signals arrive on any thread; the handler only writes a byte, the event loop does the work.
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return cli::fail("cannot create the signal pipe");
    std::signal(SIGHUP, onServeSignal);
    std::signal(SIGTERM, onServeSignal);
    std::signal(SIGINT, onServeSignal);
    std::signal(SIGPIPE, SIG_IGN);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    auto reload = [&](bool onlyIfChanged, const char* why) {
        const ReloadOutcome o = holder->reload(onlyIfChanged);
        if (o.result != ReloadOutcome::Result::Unchanged)
            logLine(QStringLiteral("%1: %2").arg(QLatin1String(why), o.message));
    };
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char buf[64];
        ssize_t n;
        while ((n = ::read(g_signalPipe[0], buf, sizeof buf)) > 0)
            for (ssize_t i = 0; i < n; ++i) {
                if (buf[i] == 'H')
                    reload(false, "SIGHUP");
                else
                    QCoreApplication::quit();
            }
    });

    // File changes: watch the file and its folder (an editor or `mv` replaces the file, which drops the file watch);
    // wait 200 ms after the last change so a file being written is read once it is complete. A half-written file
    // that is read anyway fails the checks and is refused; the next change event loads the complete one.
    QFileSystemWatcher watcher;
    QTimer debounce;
    debounce.setSingleShot(true);
    debounce.setInterval(200);
    const QString absPath = QFileInfo(routerPath).absoluteFilePath();
    if (!p.isSet("no-watch")) {
        watcher.addPath(absPath);
        watcher.addPath(QFileInfo(absPath).absolutePath());
        auto changed = [&] {
            if (!watcher.files().contains(absPath) && QFileInfo::exists(absPath))
                watcher.addPath(absPath);
            debounce.start();
        };
        QObject::connect(&watcher, &QFileSystemWatcher::fileChanged, changed);
        QObject::connect(&watcher, &QFileSystemWatcher::directoryChanged, changed);
        QObject::connect(&debounce, &QTimer::timeout, [&] {
            if (QFileInfo::exists(absPath))
                reload(true, "file changed");
        });
    }

    const auto served = holder->current();
    logLine(QStringLiteral("listening on http://%1:%2 (router %3, sha256 %4, %5 threads, body limit %6 bytes, "
                           "timeout %7 s%8%9)")
                .arg(http.host)
                .arg(server.port())
                .arg(served->path, served->sha256.left(12))
                .arg(http.threads)
                .arg(qulonglong(http.bodyLimit))
                .arg(http.timeoutSeconds)
                .arg(so.token.isEmpty() ? QString() : QStringLiteral(", bearer token required"))
                .arg(so.abstain ? QStringLiteral(", abstain z=%1").arg(so.abstainZ) : QString()));
    std::thread serving([&] { server.serve(); });
    const int rc = QCoreApplication::exec();
    server.stop();
    serving.join();
    logLine(QStringLiteral("stopped"));
    return rc;
}

static const bool registered = cli::registerCommand(
    { "serve", "serve a router over HTTP (/v1/route, /v1/chat/completions, /metrics)", runServe });
