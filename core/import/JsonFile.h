#pragma once
// A whole JSON document (not JSON Lines), read through FileSource with bounded size and nesting.
#include <QHash>
#include <QJsonDocument>
#include <QString>
#include <vector>

namespace crw {

class FileSource;

struct JsonFile {
    QJsonDocument doc;
    /// 1-based line where each item of the top-level array (or each key of the top-level object) starts.
    std::vector<qint64> itemLines;
    /// For a top-level object: the line of each key written without escapes (keys with escapes are absent).
    QHash<QString, qint64> keyLines;
    /// The line where the document's top-level value starts.
    qint64 firstLine = 1;
    /// With readJsonFile(src, key): where each item of the array under top-level key `key` starts (byte offset in
    /// text, 1-based line and column), and the document's text (for locating keys inside an item).
    struct ItemPos {
        qint64 offset, line, column;
    };
    std::vector<ItemPos> nestedItems;
    QByteArray text;
    /// The line of a top-level key, or 0 if unknown.
    qint64 keyLine(const QString& key) const { return keyLines.value(key, 0); }
};

/// Largest JSON document read whole (bigger inputs must be JSON Lines).
constexpr qint64 kMaxJsonBytes = qint64(256) << 20;
/// Deepest nesting accepted.
constexpr int kMaxJsonDepth = 64;

/// Reads and parses src to the end. Throws ImportError with line and column for a file over kMaxJsonBytes,
/// invalid UTF-8, nesting deeper than kMaxJsonDepth or a syntax error (e.g. a truncated file).
/// With nestedArrayKey set, also records JsonFile::nestedItems and keeps JsonFile::text.
JsonFile readJsonFile(FileSource& src, const QString& nestedArrayKey = QString());

/// Line and column (1-based) of byte offset in data.
void lineColumnAt(const QByteArray& data, qint64 offset, qint64* line, qint64* column);

} // namespace crw
