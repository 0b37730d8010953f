#pragma once
// One line of `causal-router route` input: {"text": ...} or {"embedding": [...]}, optional "id" and "task".
#include "features/QueryBatch.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace crw {

struct RouteQuery {
    QString id; // "id" (string or integer), else the 1-based line number
    QString text, task;
    std::vector<double> embedding;
    bool hasText = false;
};

/// Parses one JSONL line. Returns false with *error set (without the line number) on malformed JSON, a non-object,
/// wrong member types, non-finite embedding values, or neither text nor embedding.
bool parseQueryLine(const QByteArray& line, qint64 lineNumber, RouteQuery* out, QString* error);

/// Builds a featurizer batch. needsText / embeddingDim come from the router; returns false with *error naming the
/// offending query's position in `queries` (*badIndex) when a query lacks what the featurizer needs.
bool makeQueryBatch(const std::vector<RouteQuery>& queries, bool needsText, Eigen::Index embeddingDim,
    QueryBatch* batch, int* badIndex, QString* error);

/// Appends s as a JSON string literal (quotes and escapes) to out.
void appendJsonString(QByteArray& out, const QString& s);
/// Appends a double in shortest round-trip form ("null" for non-finite values).
void appendJsonNumber(QByteArray& out, double v);

} // namespace crw
