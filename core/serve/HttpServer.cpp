#include "serve/HttpServer.h"

#include <httplib.h>
#include <sys/socket.h>

namespace crw {

struct HttpServer::Impl {
    const RoutingService& service;
    httplib::Server server;
    int port = -1;
};

namespace {

void send(const ServeReply& reply, httplib::Response& res)
{
    res.status = reply.status;
    for (const auto& [k, v] : reply.headers)
        res.set_header(k.c_str(), v);
    res.set_content(reply.body, reply.contentType.c_str());
}

} // namespace

HttpServer::HttpServer(const RoutingService& service)
    : m(new Impl { service, {}, -1 })
{
}

HttpServer::~HttpServer()
{
    stop();
}

bool HttpServer::bind(const HttpServerOptions& o, QString* error)
{
    auto& s = m->server;
    const int threads = std::max(1, o.threads);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    s.set_payload_max_length(o.bodyLimit);
    s.set_read_timeout(o.timeoutSeconds, 0);
    s.set_write_timeout(o.timeoutSeconds, 0);
    s.set_keep_alive_timeout(o.timeoutSeconds);
    s.set_keep_alive_max_count(1000000); // the default (5) would close a keep-alive connection every 5 requests
    s.set_tcp_nodelay(true);
    const RoutingService& service = m->service;
    auto handler = [&service](const httplib::Request& req, httplib::Response& res) {
        const std::string& auth = req.get_header_value("Authorization");
        send(service.handle({ req.method, req.path, auth, req.body }), res);
    };
    for (const char* pattern : { ".*" }) {
        s.Get(pattern, handler);
        s.Post(pattern, handler);
        s.Put(pattern, handler);
        s.Delete(pattern, handler);
        s.Patch(pattern, handler);
        s.Options(pattern, handler);
    }
    // cpp-httplib's own refusals (body over the limit, malformed HTTP, unknown methods) get the same JSON error.
    s.set_error_handler([&service](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty())
            return;
        QString msg;
        switch (res.status) {
        case 413:
            msg = QStringLiteral("request body too large");
            service.metrics().recordError(ServeErrorKind::TooLarge);
            service.metrics().recordRequest(ServeEndpoint::Other, 413, 0);
            break;
        case 400:
            msg = QStringLiteral("malformed HTTP request");
            service.metrics().recordError(ServeErrorKind::Transport);
            break;
        default:
            msg = QStringLiteral("HTTP error %1").arg(res.status);
            service.metrics().recordError(ServeErrorKind::Transport);
        }
        const int status = res.status;
        send(RoutingService::errorReply(status, msg), res);
    });
    s.set_exception_handler([&service](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        QString what = QStringLiteral("internal error");
        try {
            if (ep)
                std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what += QStringLiteral(": ") + QString::fromUtf8(e.what());
        } catch (...) {
        }
        service.metrics().recordError(ServeErrorKind::Internal);
        send(RoutingService::errorReply(500, what), res);
    });
    // cpp-httplib 0.11 listens with a backlog of 5: 16 clients connecting at once then wait for SYN retransmits
    // (1 s). Keep the listening socket and raise the backlog after the bind (Linux accepts a second listen()).
    int listenFd = -1;
    s.set_socket_options([&listenFd](int fd) {
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        listenFd = fd;
    });
    const std::string host = o.host.toStdString();
    if (o.port == 0) {
        m->port = s.bind_to_any_port(host);
        if (m->port <= 0) {
            *error = QStringLiteral("cannot bind %1 on an ephemeral port").arg(o.host);
            return false;
        }
    } else {
        if (!s.bind_to_port(host, o.port)) {
            *error = QStringLiteral("cannot bind %1:%2 (address in use, or not an address of this host)")
                         .arg(o.host)
                         .arg(o.port);
            return false;
        }
        m->port = o.port;
    }
    if (listenFd >= 0)
        ::listen(listenFd, SOMAXCONN);
    return true;
}

int HttpServer::port() const
{
    return m->port;
}

void HttpServer::serve()
{
    m->server.listen_after_bind();
}

void HttpServer::stop()
{
    if (m->server.is_running())
        m->server.stop();
}

} // namespace crw
