#pragma once
// Bodies of `causal-router serve` requests: POST /v1/route (one query or {"queries": [...]}) and the route-only
// POST /v1/chat/completions (an OpenAI chat request). Parsed with simdjson (docs/serve.md, "JSON parsing").
// Never throws and never crashes on any input: a bad body gives a RequestError naming the field.
#include "routing/QueryLine.h"

#include <QString>
#include <string_view>
#include <vector>

namespace crw {

/// Why a body was refused: the JSON path of the offending field ("queries[3].embedding"; empty for the document
/// itself) and a one-line message.
struct RequestError {
    QString field;
    QString message;
};

/// A parsed POST /v1/route body.
struct RouteRequest {
    std::vector<RouteQuery> queries; // one for a single query
    bool batch = false; // the body was {"queries": [...]}: answer {"decisions": [...]}
    bool explain = false; // "explain": true
    bool uncertainty = false; // "uncertainty": true
};

/// A parsed route-only POST /v1/chat/completions body.
struct ChatRouteRequest {
    RouteQuery query; // text of the last "user" message (text parts joined by "\n"); id "1" unless given
    QString requestedModel; // the request's "model" (informational; the router chooses)
    bool explain = false;
};

/// Parses a /v1/route body. A query is {"text"?, "embedding"?, "id"?, "task"?} (null = absent, as in `route`);
/// the id defaults to the 1-based position in the batch (the line number `route` would give). At most maxBatch
/// queries. Unknown and duplicate fields are errors.
bool parseRouteRequest(std::string_view body, int maxBatch, RouteRequest* out, RequestError* error);

/// Parses an OpenAI chat completion request: "messages" is required; "stream": true is refused (route-only mode
/// answers at once); other OpenAI fields are ignored. An optional "causal_router" object may carry "id", "task",
/// "embedding" and "explain".
bool parseChatRouteRequest(std::string_view body, ChatRouteRequest* out, RequestError* error);

} // namespace crw
