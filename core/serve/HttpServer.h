#pragma once
// The HTTP/1.1 transport of `causal-router serve`: cpp-httplib (libcpp-httplib-dev) with a fixed pool of worker
// threads, keep-alive, a body limit and timeouts. It only moves bytes; RoutingService decides every answer.
#include "serve/RoutingService.h"

#include <QString>
#include <memory>

namespace crw {

struct HttpServerOptions {
    QString host = QStringLiteral("127.0.0.1");
    int port = 8640; // 0: an ephemeral port (see HttpServer::port())
    size_t bodyLimit = 1 << 20; // bytes; a larger body gets 413
    int timeoutSeconds = 10; // per connection: reading a request, writing a reply, idle keep-alive
    int threads = 32; // connections served at once (cpp-httplib holds a thread per keep-alive connection)
};

class HttpServer {
public:
    explicit HttpServer(const RoutingService& service);
    ~HttpServer();

    /// Binds host:port; returns false with *error set when it cannot (address in use, bad host).
    bool bind(const HttpServerOptions& options, QString* error);
    /// The bound port (after bind()).
    int port() const;
    /// Serves until stop(); blocks the calling thread. Call after a successful bind().
    void serve();
    /// Stops serving (from any thread): serve() returns once the open requests are answered.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace crw
