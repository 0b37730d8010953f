#pragma once
// One fuzz input through the router-file reader and the route query-line reader. Header-only so that the libFuzzer
// target (fuzz/fuzz_router_json.cpp) and the corpus replay test (tests/core/tst_reliability_fuzz_corpus.cpp) run the
// same code.
//
// What counts as a bug (the harness aborts, libFuzzer reports a crash):
//  - any exception other than RouterFormatError escaping parseRouterSpec or the Router constructor;
//  - a RouterFormatError message that spans lines or is longer than 4000 bytes;
//  - a file that parses and loads but then fails to route a well-formed query (text and/or embedding as the router
//    needs), with --explain, the uncertainty and the abstain rule where available;
//  - parseQueryLine throwing, or returning an error message that spans lines;
//  - sanitizer findings (in the fuzz build).
#include "routing/QueryLine.h"
#include "routing/Router.h"
#include "routing/RouterSpec.h"

#include <QByteArray>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace crw::fuzz {

inline void routerFail(const char* what, const QByteArray& detail)
{
    std::fprintf(stderr, "router fuzz invariant broken: %s: %.*s\n", what, int(std::min<qsizetype>(detail.size(), 500)),
        detail.constData());
    std::abort();
}

inline void checkMessage(const char* where, const char* message)
{
    const QByteArray m(message);
    if (m.contains('\n') || m.contains('\r') || m.size() > 4000)
        routerFail(where, "error message spans lines or is too long: " + m.left(300));
}

/// Runs the router reader, the runtime and the query-line reader on bytes; aborts on a broken invariant.
inline void runRouterInput(const QByteArray& bytes)
{
    // 1. The router file reader and the runtime.
    try {
        const RouterSpec spec = parseRouterSpec(bytes);
        try {
            const Router router(spec);
            QueryBatch batch;
            if (router.needsText() || !router.needsEmbedding())
                batch.texts << QStringLiteral("How many primes are below one hundred?");
            if (router.needsEmbedding())
                batch.embeddings = Matrix::Constant(1, router.embeddingDim(), 0.25);
            batch.tasks << QString();
            try {
                RouteDecisions d = router.route(batch, true);
                if (router.hasUncertainty()) {
                    d.se = router.psiSe(router.features(batch));
                    if (spec.quality.size() == 1)
                        router.applyAbstain(d, 1.0);
                }
            } catch (const std::exception& e) {
                routerFail("a loaded router failed to route a well-formed query", e.what());
            }
        } catch (const RouterFormatError& e) {
            checkMessage("Router", e.what());
        }
    } catch (const RouterFormatError& e) {
        checkMessage("parseRouterSpec", e.what());
    } catch (const std::exception& e) {
        routerFail("unexpected exception from parseRouterSpec", e.what());
    }
    // 2. Every line as a route query line.
    qint64 lineNo = 0;
    for (const QByteArray& line : bytes.split('\n')) {
        ++lineNo;
        RouteQuery q;
        QString err;
        try {
            if (!parseQueryLine(line, lineNo, &q, &err)
                && (err.contains(QLatin1Char('\n')) || err.contains(QLatin1Char('\r'))))
                routerFail("query line error spans lines", err.toUtf8());
        } catch (const std::exception& e) {
            routerFail("parseQueryLine threw", e.what());
        }
    }
}

} // namespace crw::fuzz
