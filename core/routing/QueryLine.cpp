#include "routing/QueryLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <charconv>
#include <cmath>

namespace crw {

bool parseQueryLine(const QByteArray& line, qint64 lineNumber, RouteQuery* out, QString* error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("malformed JSON at column %1: %2").arg(pe.offset + 1).arg(pe.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("expected a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    *out = RouteQuery();
    const QJsonValue id = o.value("id");
    if (id.isString())
        out->id = id.toString();
    else if (id.isDouble() && std::isfinite(id.toDouble()))
        out->id = QString::number(id.toDouble(), 'g', 17);
    else if (id.isUndefined() || id.isNull())
        out->id = QString::number(lineNumber);
    else {
        *error = QStringLiteral("\"id\" must be a string or a number");
        return false;
    }
    const QJsonValue text = o.value("text");
    if (!text.isUndefined() && !text.isNull()) {
        if (!text.isString()) {
            *error = QStringLiteral("\"text\" must be a string");
            return false;
        }
        out->text = text.toString();
        out->hasText = true;
    }
    const QJsonValue task = o.value("task");
    if (!task.isUndefined() && !task.isNull()) {
        if (!task.isString()) {
            *error = QStringLiteral("\"task\" must be a string");
            return false;
        }
        out->task = task.toString();
    }
    const QJsonValue emb = o.value("embedding");
    if (!emb.isUndefined() && !emb.isNull()) {
        if (!emb.isArray()) {
            *error = QStringLiteral("\"embedding\" must be an array of numbers");
            return false;
        }
        const QJsonArray a = emb.toArray();
        out->embedding.reserve(size_t(a.size()));
        for (const auto& v : a) {
            if (!v.isDouble() || !std::isfinite(v.toDouble())) {
                *error = QStringLiteral("\"embedding\" must hold finite numbers only");
                return false;
            }
            out->embedding.push_back(v.toDouble());
        }
    }
    if (!out->hasText && out->embedding.empty()) {
        *error = QStringLiteral("a query needs \"text\" or \"embedding\"");
        return false;
    }
    return true;
}

bool makeQueryBatch(const std::vector<RouteQuery>& qs, bool needsText, Eigen::Index embeddingDim, QueryBatch* b,
    int* badIndex, QString* error)
{
    *b = QueryBatch();
    if (embeddingDim > 0)
        b->embeddings.resize(Eigen::Index(qs.size()), embeddingDim);
    for (size_t i = 0; i < qs.size(); ++i) {
        const RouteQuery& q = qs[i];
        if (needsText && !q.hasText) {
            *badIndex = int(i);
            *error = embeddingDim > 0 ? QStringLiteral("this router also needs \"text\" (its features include the query "
                                                       "length)")
                                      : QStringLiteral("this router featurizes text: the query needs \"text\"");
            return false;
        }
        if (embeddingDim > 0) {
            if (Eigen::Index(q.embedding.size()) != embeddingDim) {
                *badIndex = int(i);
                *error = q.embedding.empty()
                    ? QStringLiteral("this router needs an \"embedding\" of %1 numbers").arg(embeddingDim)
                    : QStringLiteral("\"embedding\" has %1 numbers; this router needs %2")
                          .arg(q.embedding.size())
                          .arg(embeddingDim);
                return false;
            }
            std::copy(q.embedding.begin(), q.embedding.end(), b->embeddings.row(Eigen::Index(i)).data());
        }
        b->texts << q.text;
        b->tasks << q.task;
    }
    return true;
}

void appendJsonString(QByteArray& out, const QString& s)
{
    const QByteArray u = s.toUtf8();
    out += '"';
    for (char c : u) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendJsonNumber(QByteArray& out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

} // namespace crw
