// HTTP routing benchmark: `causal-router serve` (cpp-httplib) against the libraries' hello-world ceilings,
// QHttpServer with the same RoutingService, and `causal-router route` on the same queries, side by side in one run.
// The load generator is this program's own: one thread, epoll, N keep-alive HTTP/1.1 connections to 127.0.0.1 only,
// every phase bounded in requests (--max-requests) and in time (--seconds). Also times the two request parsers
// (hand-written QueryLine vs simdjson). Prints markdown tables (see docs/serve.md, "Measured").
// Usage: bench_serve [--seconds S] [--connections C] [--queries N] [--cli PATH] [--skip-qt]
#include "learn/Regressor.h"
#include "features/TfidfSvdFeaturizer.h"
#include "pipeline/RouterSuite.h"
#include "routing/QueryLine.h"
#include "routing/RouterFile.h"
#include "serve/RequestParser.h"
#include "serve/RouterHolder.h"
#include "serve/RoutingService.h"
#include "serve/ServeMetrics.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtConcurrent>
#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace crw;
using Clock = std::chrono::steady_clock;

namespace {

// ---- load generator ------------------------------------------------------------------------------------------

struct LoadResult {
    uint64_t ok = 0, failed = 0;
    double seconds = 0;
    double p50us = 0, p99us = 0, p999us = 0;
    double rps() const { return seconds > 0 ? double(ok) / seconds : 0; }
};

struct Conn {
    int fd = -1;
    std::string out;
    size_t outPos = 0;
    std::string in;
    bool busy = false;
    Clock::time_point start; // when the request was due (paced) or sent (closed loop)
    Clock::time_point nextDue;
};

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // 127.0.0.1 only
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Returns the length of one complete response at the start of in (0 if incomplete), and its status code.
size_t completeResponse(const std::string& in, int* status)
{
    const size_t he = in.find("\r\n\r\n");
    if (he == std::string::npos)
        return 0;
    *status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
    size_t len = 0;
    for (size_t p = 0; p < he;) {
        const size_t e = in.find("\r\n", p);
        if (e - p > 15 && strncasecmp(in.c_str() + p, "content-length:", 15) == 0)
            len = size_t(std::strtoull(in.c_str() + p + 15, nullptr, 10));
        p = e + 2;
    }
    return in.size() >= he + 4 + len ? he + 4 + len : 0;
}

// Sends requests (cycled) over `connections` keep-alive connections. rate <= 0: closed loop (each connection sends
// its next request when the answer arrives). rate > 0: each connection sends on its own schedule at rate/connections
// per second; latency counts from the scheduled time (no coordinated omission). Stops after maxRequests answers or
// `seconds`, whichever comes first.
LoadResult runLoad(int port, const std::vector<std::string>& requests, int connections, double seconds,
    uint64_t maxRequests, double rate = 0)
{
    LoadResult r;
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    std::vector<Conn> conns(static_cast<size_t>(connections));
    std::vector<double> lat;
    lat.reserve(size_t(std::min<uint64_t>(maxRequests, 4000000)));
    size_t next = 0;
    const auto t0 = Clock::now();
    const auto interval = rate > 0
        ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(double(connections) / rate))
        : Clock::duration(0);
    uint64_t issued = 0;
    auto send = [&](Conn& c, Clock::time_point due) {
        c.out = requests[next++ % requests.size()];
        c.outPos = 0;
        c.busy = true;
        c.start = due;
        ++issued;
        const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n > 0)
            c.outPos = size_t(n);
        epoll_event ev { EPOLLIN | (c.outPos < c.out.size() ? EPOLLOUT : 0u), { .ptr = &c } };
        ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
    };
    for (size_t i = 0; i < conns.size(); ++i) {
        Conn& c = conns[i];
        c.fd = connectTo(port);
        epoll_event ev { EPOLLIN | EPOLLOUT, { .ptr = &c } };
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    }
    // Wait (up to 10 s) until every connection is established; the clock starts after that.
    {
        std::vector<epoll_event> evs(conns.size());
        size_t up = 0;
        const auto limit = Clock::now() + std::chrono::seconds(10);
        while (up < conns.size() && Clock::now() < limit) {
            const int k = ::epoll_wait(ep, evs.data(), int(evs.size()), 100);
            for (int i = 0; i < k; ++i) {
                Conn& c = *static_cast<Conn*>(evs[size_t(i)].data.ptr);
                if ((evs[size_t(i)].events & EPOLLOUT) && !c.busy && c.outPos == 0) {
                    c.outPos = 1; // marks "connected" until the first send resets it
                    ++up;
                    epoll_event ev { EPOLLIN, { .ptr = &c } };
                    ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
                }
            }
        }
    }
    const auto tStart = Clock::now();
    for (size_t i = 0; i < conns.size(); ++i)
        conns[i].nextDue = tStart + interval * int(i) / connections;
    const auto deadline = tStart + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (auto& c : conns)
        if (rate <= 0)
            send(c, Clock::now());
    std::vector<epoll_event> events(static_cast<size_t>(connections));
    char buf[65536];
    while (true) {
        const auto now = Clock::now();
        if (now >= deadline || r.ok + r.failed >= maxRequests)
            break;
        int timeoutMs = 100;
        if (rate > 0) {
            for (auto& c : conns) {
                if (!c.busy && c.nextDue <= now && issued < maxRequests) {
                    send(c, c.nextDue);
                    c.nextDue += interval;
                }
            }
            auto soonest = deadline;
            for (auto& c : conns)
                if (!c.busy)
                    soonest = std::min(soonest, c.nextDue);
            timeoutMs = int(std::max<int64_t>(0,
                std::chrono::duration_cast<std::chrono::milliseconds>(soonest - Clock::now()).count()));
            timeoutMs = std::min(timeoutMs, 100);
        }
        const int n = ::epoll_wait(ep, events.data(), int(events.size()), timeoutMs);
        for (int i = 0; i < n; ++i) {
            Conn& c = *static_cast<Conn*>(events[size_t(i)].data.ptr);
            if ((events[size_t(i)].events & EPOLLOUT) && c.busy && c.outPos < c.out.size()) {
                const ssize_t w = ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
                if (w > 0)
                    c.outPos += size_t(w);
                if (c.outPos >= c.out.size()) {
                    epoll_event ev { EPOLLIN, { .ptr = &c } };
                    ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
                }
            }
            if (events[size_t(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                while (true) {
                    const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
                    if (got <= 0)
                        break;
                    c.in.append(buf, size_t(got));
                }
                int status = 0;
                size_t len;
                while (c.busy && (len = completeResponse(c.in, &status)) > 0) {
                    c.in.erase(0, len);
                    c.busy = false;
                    const auto done = Clock::now();
                    if (status == 200) {
                        ++r.ok;
                        lat.push_back(std::chrono::duration<double, std::micro>(done - c.start).count());
                    } else {
                        ++r.failed;
                    }
                    if (rate <= 0 && done < deadline && issued < maxRequests)
                        send(c, done);
                }
            }
        }
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - tStart).count();
    (void)t0;
    // Drain: wait (up to 10 s) for the answers still in flight before closing, so no connection is closed under a
    // pending request (QHttpServer 6.4 crashes when that happens with a QFuture response: docs/serve.md).
    const auto drainLimit = Clock::now() + std::chrono::seconds(10);
    auto anyBusy = [&] { return std::any_of(conns.begin(), conns.end(), [](const Conn& c) { return c.busy; }); };
    while (anyBusy() && Clock::now() < drainLimit) {
        const int n = ::epoll_wait(ep, events.data(), int(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            Conn& c = *static_cast<Conn*>(events[size_t(i)].data.ptr);
            if ((events[size_t(i)].events & EPOLLOUT) && c.busy && c.outPos < c.out.size()) {
                const ssize_t w = ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
                if (w > 0)
                    c.outPos += size_t(w);
            }
            while (true) {
                const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
                if (got <= 0)
                    break;
                c.in.append(buf, size_t(got));
            }
            int status = 0;
            size_t len;
            if (c.busy && (len = completeResponse(c.in, &status)) > 0) {
                c.in.erase(0, len);
                c.busy = false;
            }
        }
    }
    for (auto& c : conns)
        ::close(c.fd);
    ::close(ep);
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double q) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, size_t(q * double(lat.size())))]; };
    r.p50us = pct(0.5);
    r.p99us = pct(0.99);
    r.p999us = pct(0.999);
    return r;
}

std::string httpPost(const char* path, const QByteArray& body)
{
    return "POST " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + std::to_string(body.size()) + "\r\n\r\n" + body.toStdString();
}

// ---- router and queries (as bench_route's text router) ---------------------------------------------------------

QString randomText(std::mt19937_64& rng, const QStringList& vocab, int minWords, int maxWords)
{
    std::uniform_int_distribution<int> len(minWords, maxWords), word(0, int(vocab.size()) - 1);
    QStringList w;
    const int n = len(rng);
    for (int i = 0; i < n; ++i)
        w << vocab[word(rng)];
    return w.join(' ') + "?";
}

// ---- servers -----------------------------------------------------------------------------------------------------

// A Qt event loop thread hosting a QHttpServer.
class QtServerThread : public QThread {
public:
    std::function<void(QHttpServer&)> setup;
    std::atomic<int> port { -1 };
    void run() override
    {
        QHttpServer server;
        setup(server);
        port = server.listen(QHostAddress::LocalHost, 0);
        exec();
    }
};

struct ServeChild {
    QProcess proc;
    int port = -1;
    bool start(const QString& cli, const QStringList& args)
    {
        proc.setProcessChannelMode(QProcess::SeparateChannels);
        proc.start(cli, QStringList { "serve" } + args + QStringList { "--port", "0" });
        proc.waitForStarted();
        QByteArray err;
        const QRegularExpression re("listening on http://127\\.0\\.0\\.1:(\\d+)");
        for (int i = 0; i < 600 && port < 0; ++i) {
            proc.waitForReadyRead(100);
            err += proc.readAllStandardError();
            const auto m = re.match(QString::fromUtf8(err));
            if (m.hasMatch())
                port = m.captured(1).toInt();
        }
        return port > 0;
    }
    ~ServeChild()
    {
        proc.terminate();
        proc.waitForFinished(10000);
    }
};

double routeCli(const QString& cli, const QString& router, const QString& queries, int batch)
{
    QProcess p;
    p.setStandardInputFile(queries);
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(cli, { "route", router, "--stats", "--batch", QString::number(batch) });
    p.waitForFinished(-1);
    const QByteArray err = p.readAllStandardError();
    return QJsonDocument::fromJson(err.trimmed().split('\n').last()).object()["queries_per_second"].toDouble();
}

void row(const char* what, const char* server, const char* load, const LoadResult& r, const char* unit = "req/s",
    double perRequest = 1)
{
    std::printf("| %s | %s | %s | %.0f %s | %.0f us | %.0f us | %llu |\n", what, server, load, r.rps() * perRequest,
        unit, r.p50us, r.p99us, static_cast<unsigned long long>(r.failed));
    std::fflush(stdout);
}

template <class F> double nsPerCall(F&& f, int iterations)
{
    const auto t0 = Clock::now();
    for (int i = 0; i < iterations; ++i)
        f();
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / iterations;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    double seconds = 4;
    int connections = 16, n = 20000;
    bool skipQt = false;
    QString cli = QCoreApplication::applicationDirPath() + "/../app/causal-router";
    for (int i = 1; i < a.size(); ++i) {
        if (a[i] == "--seconds" && i + 1 < a.size())
            seconds = a[++i].toDouble();
        else if (a[i] == "--connections" && i + 1 < a.size())
            connections = a[++i].toInt();
        else if (a[i] == "--queries" && i + 1 < a.size())
            n = a[++i].toInt();
        else if (a[i] == "--cli" && i + 1 < a.size())
            cli = a[++i];
        else if (a[i] == "--skip-qt")
            skipQt = true;
    }
    const uint64_t maxRequests = 2000000;
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    std::mt19937_64 rng(20261125);
    std::normal_distribution<double> N01;

    // The text router of bench_route: TF-IDF (hashed word + char 3-5-grams) + SVD 50 + length features, XGBoost psi.
    QStringList vocab;
    std::uniform_int_distribution<int> letters(0, 25), wl(2, 9);
    for (int i = 0; i < 5000; ++i) {
        QString w;
        const int l = wl(rng);
        for (int c = 0; c < l; ++c)
            w += QChar('a' + letters(rng));
        vocab << w;
    }
    QueryBatch tb;
    for (int i = 0; i < 5000; ++i)
        tb.texts << randomText(rng, vocab, 15, 60);
    TfidfSvdFeaturizer tf;
    tf.fit(tb, 1);
    const Matrix Xt = tf.transform(tb);
    Vector y(Xt.rows());
    for (Eigen::Index i = 0; i < Xt.rows(); ++i)
        y[i] = Xt(i, 0) - 0.5 * Xt(i, 1) + 0.2 * N01(rng);
    auto psi = makeRegressor(defaultFinalSpec(1));
    psi->fit(Xt, y, Vector());
    RouterSpec s;
    s.models = { { "strong", 0.01, "given" }, { "cheap", 0.001, "given" } };
    s.reference = "cheap";
    s.featurizer = tf.toJson();
    s.quality.push_back({ "strong", "meta_r", psi->toJson(), QJsonObject(), 1.0, {}, 0.0 });
    s.costWeight = 10;
    s.thresholds = { 10 * (0.01 - 0.001) };
    s.trainedOn = QJsonObject { { "bench", "bench_serve" } };
    const QString routerPath = dir.filePath("text.json");
    writeRouterFile(s, routerPath);

    // Query sets: bench_route's long texts (15-60 words) and short chat-style texts (3-10 words).
    struct QuerySet {
        const char* name;
        std::vector<QByteArray> lines;
        double meanChars = 0;
    };
    std::vector<QuerySet> sets { { "text 15-60 words", {}, 0 }, { "text 3-10 words", {}, 0 } };
    for (int si = 0; si < 2; ++si) {
        QFile f(dir.filePath(QStringLiteral("q%1.jsonl").arg(si)));
        f.open(QIODevice::WriteOnly);
        for (int i = 0; i < n; ++i) {
            const QString t = si == 0 ? randomText(rng, vocab, 15, 60) : randomText(rng, vocab, 3, 10);
            sets[size_t(si)].meanChars += double(t.size()) / n;
            QByteArray line = "{\"id\":" + QByteArray::number(i + 1) + ",\"text\":\"" + t.toUtf8() + "\"}";
            f.write(line + "\n");
            sets[size_t(si)].lines.push_back(line);
        }
    }

    std::printf("bench_serve: %d keep-alive connections, %.1f s per phase (at most %llu requests), %d queries per set, "
                "%d hardware threads\n\n",
        connections, seconds, static_cast<unsigned long long>(maxRequests), n, std::thread::hardware_concurrency());

    // ---- parsers: hand-written QueryLine vs simdjson (the same bodies) ----
    {
        QByteArray emb = "{\"id\":1,\"embedding\":[";
        char b[32];
        for (int j = 0; j < 384; ++j) {
            std::snprintf(b, sizeof b, j ? ",%.6g" : "%.6g", N01(rng));
            emb += b;
        }
        emb += "]}";
        std::printf("| body | bytes | QueryLine (hand-written + Qt fallback) ns/parse | simdjson DOM ns/parse |\n|---|---|---|---|\n");
        const std::pair<const char*, QByteArray> bodies[]
            = { { "text 15-60 words", sets[0].lines[0] }, { "text 3-10 words", sets[1].lines[0] }, { "embedding 384-d", emb } };
        for (const auto& [name, body] : bodies) {
            RouteQuery q;
            QString err;
            RouteRequest rr;
            RequestError re;
            const std::string sbody = body.toStdString();
            const int it = 200000 / (body.size() > 1000 ? 20 : 1);
            double hand = 1e300, simd = 1e300;
            for (int rep = 0; rep < 3; ++rep) {
                hand = std::min(hand, nsPerCall([&] { parseQueryLine(body, 1, &q, &err); }, it));
                simd = std::min(simd, nsPerCall([&] { parseRouteRequest(sbody, 1024, &rr, &re); }, it));
            }
            std::printf("| %s | %lld | %.0f | %.0f |\n", name, static_cast<long long>(body.size()), hand, simd);
        }
        std::printf("\n");
    }

    std::printf("| what | server | load | throughput | p50 | p99 | failed |\n|---|---|---|---|---|---|---|\n");

    // ---- hello-world ceilings ----
    {
        httplib::Server hello;
        hello.new_task_queue = [&] { return new httplib::ThreadPool(size_t(std::max(32, connections * 2))); };
        hello.set_keep_alive_max_count(1000000);
        hello.set_tcp_nodelay(true);
        hello.Get("/hello", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello", "text/plain"); });
        const int port = hello.bind_to_any_port("127.0.0.1");
        std::thread t([&] { hello.listen_after_bind(); });
        const std::vector<std::string> req { "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" };
        runLoad(port, req, connections, 0.5, maxRequests); // warm-up
        row("hello world", "cpp-httplib 0.11.4", "closed loop", runLoad(port, req, connections, seconds, maxRequests));
        hello.stop();
        t.join();
    }
    if (!skipQt) {
        QtServerThread qt;
        qt.setup = [](QHttpServer& s) { s.route("/hello", [] { return QStringLiteral("hello"); }); };
        qt.start();
        while (qt.port < 0)
            QThread::msleep(10);
        const std::vector<std::string> req { "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" };
        runLoad(qt.port, req, connections, 0.5, maxRequests);
        row("hello world", "QHttpServer 6.4.2", "closed loop", runLoad(qt.port, req, connections, seconds, maxRequests));
        qt.quit();
        qt.wait();
    }

    // ---- the real service ----
    ServeChild serve;
    if (!serve.start(cli, { routerPath, "--threads", QString::number(std::max(32, connections * 2)) }))
        qFatal("causal-router serve did not start");
    for (const QuerySet& qs : sets) {
        std::vector<std::string> single;
        for (const QByteArray& l : qs.lines)
            single.push_back(httpPost("/v1/route", l));
        const QByteArray label = QStringLiteral("single %1 (%2 chars)").arg(qs.name).arg(int(qs.meanChars)).toUtf8();
        runLoad(serve.port, single, connections, 0.5, maxRequests);
        const LoadResult full = runLoad(serve.port, single, connections, seconds, maxRequests);
        row(label.constData(), "causal-router serve (cpp-httplib)", "closed loop", full);
        const double rate = 0.5 * full.rps();
        const QByteArray paced = QStringLiteral("paced %1 req/s (50%)").arg(int(rate)).toUtf8();
        row(label.constData(), "causal-router serve (cpp-httplib)", paced.constData(),
            runLoad(serve.port, single, connections, seconds, maxRequests, rate));
        if (rate * 2 < 20000) {
            const LoadResult at10k = runLoad(serve.port, single, connections, seconds, maxRequests, 10000);
            row(label.constData(), "causal-router serve (cpp-httplib)", "paced 10000 req/s (50% of target)", at10k);
        }
    }

    // QHttpServer with the same RoutingService (handlers on the Qt thread pool through QFuture responses).
    if (!skipQt) {
        ServeMetrics metrics;
        RouterHolder holder(routerPath, {}, &metrics);
        RoutingService service(holder, metrics, {});
        QThreadPool::globalInstance()->setMaxThreadCount(2);
        QtServerThread qt;
        qt.setup = [&](QHttpServer& srv) {
            srv.route("/v1/route", QHttpServerRequest::Method::Post, [&](const QHttpServerRequest& req) {
                return QtConcurrent::run([&service, body = req.body()] {
                    const ServeReply r = service.handle(
                        { "POST", "/v1/route", "", std::string_view(body.constData(), size_t(body.size())) });
                    return QHttpServerResponse("application/json", QByteArray::fromStdString(r.body),
                        QHttpServerResponse::StatusCode(r.status));
                });
            });
        };
        qt.start();
        while (qt.port < 0)
            QThread::msleep(10);
        std::vector<std::string> single;
        for (const QByteArray& l : sets[0].lines)
            single.push_back(httpPost("/v1/route", l));
        runLoad(qt.port, single, connections, 0.5, maxRequests);
        const QByteArray label = QStringLiteral("single %1 (%2 chars)").arg(sets[0].name).arg(int(sets[0].meanChars)).toUtf8();
        row(label.constData(), "QHttpServer 6.4.2 + QtConcurrent", "closed loop",
            runLoad(qt.port, single, connections, seconds, maxRequests));
        qt.quit();
        qt.wait();
    }

    // ---- batches of 64 vs route --batch 64 on the same queries ----
    std::printf("\n| queries | route --batch 64 (q/s) | serve, batches of 64 (q/s) | ratio | p50 / p99 per batch | failed |\n"
                "|---|---|---|---|---|---|\n");
    for (int si = 0; si < 2; ++si) {
        const QuerySet& qs = sets[size_t(si)];
        std::vector<std::string> batches;
        for (size_t b = 0; b + 64 <= qs.lines.size(); b += 64) {
            QByteArray body = "{\"queries\":[";
            for (size_t i = b; i < b + 64; ++i)
                body += (i > b ? "," : "") + qs.lines[i];
            body += "]}";
            batches.push_back(httpPost("/v1/route", body));
        }
        const double routeQps = routeCli(cli, routerPath, dir.filePath(QStringLiteral("q%1.jsonl").arg(si)), 64);
        runLoad(serve.port, batches, connections, 0.5, maxRequests);
        const LoadResult r = runLoad(serve.port, batches, connections, seconds, maxRequests);
        std::printf("| %s (%d chars) | %.0f | %.0f | %.2f | %.0f / %.0f us | %llu |\n", qs.name, int(qs.meanChars),
            routeQps, r.rps() * 64, routeQps > 0 ? r.rps() * 64 / routeQps : 0, r.p50us, r.p99us,
            static_cast<unsigned long long>(r.failed));
        std::fflush(stdout);
    }
    return 0;
}
