#pragma once
// One fuzz input as the body of POST /v1/route and POST /v1/chat/completions, through the whole RoutingService
// (parse, checks, routing, JSON reply) of a loaded router. Header-only so that the libFuzzer target
// (fuzz/fuzz_serve_request.cpp) and the replay in tests/core/tst_serve.cpp run the same code.
//
// What counts as a bug (the harness aborts, libFuzzer reports a crash):
//  - an exception escaping RoutingService::handle (it promises never to throw);
//  - any status other than 200 or 400 (a 500 means a client could make the service fail);
//  - a reply body that is not one JSON object; a 400 without error.message, or with a message that spans lines or
//    exceeds 4000 bytes;
//  - the served router changing (generation or sha256) because of a request;
//  - sanitizer findings (in the fuzz build).
#include "serve/RouterHolder.h"
#include "serve/RoutingService.h"
#include "serve/ServeMetrics.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace crw::fuzz {

inline void serveFail(const char* what, const QByteArray& detail)
{
    std::fprintf(stderr, "serve fuzz invariant broken: %s: %.*s\n", what, int(std::min<qsizetype>(detail.size(), 500)),
        detail.constData());
    std::abort();
}

/// The service under test: routerPath loaded once per process (an embedding router with bootstrap replicates and a
/// bias model exercises explain and uncertainty).
struct ServeFuzzService {
    explicit ServeFuzzService(const QString& routerPath)
        : holder(routerPath, {}, &metrics)
        , service(holder, metrics, RoutingServiceOptions { {}, 64, false, 0 })
    {
    }
    ServeMetrics metrics;
    RouterHolder holder;
    RoutingService service;
};

/// Sends bytes as both request bodies; aborts on a broken invariant.
inline void runServeInput(ServeFuzzService& s, const QByteArray& bytes)
{
    const auto before = s.holder.current();
    for (const char* path : { "/v1/route", "/v1/chat/completions" }) {
        ServeReply r;
        try {
            r = s.service.handle({ "POST", path, "", std::string_view(bytes.constData(), size_t(bytes.size())) });
        } catch (...) {
            serveFail("RoutingService::handle threw", bytes.left(200));
        }
        if (r.status != 200 && r.status != 400)
            serveFail("status other than 200/400", QByteArray::number(r.status) + " " + QByteArray::fromStdString(r.body));
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.body), &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            serveFail("reply is not a JSON object", QByteArray::fromStdString(r.body));
        if (r.status == 400) {
            const QString m = doc.object().value("error").toObject().value("message").toString();
            if (m.isEmpty() || m.contains('\n') || m.contains('\r') || m.toUtf8().size() > 4000)
                serveFail("bad error message", QByteArray::fromStdString(r.body));
        }
    }
    const auto after = s.holder.current();
    if (after != before || after->generation != before->generation)
        serveFail("a request changed the served router", bytes.left(200));
}

} // namespace crw::fuzz
