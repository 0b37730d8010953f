#pragma once
// The address of a shared project: postgresql://user@host[:port]/db?schema=NAME[&host=/socket/dir][&port=N]
// [&sslmode=M]. Everything that is not such a URL is a project file path (.crw, SQLite).
#include <QString>
#include <utility>
#include <vector>

namespace crw {

struct StoreUrl {
    QString user, host, port, database, schema, sslmode;
    /// The URL without secrets, for messages and the `project` field of results (there are never secrets in it:
    /// parse() refuses a password).
    QString display;
    /// libpq keyword/value pairs for PQconnectdbParams (no password: libpq reads PGPASSWORD, PGPASSFILE or
    /// ~/.pgpass itself).
    std::vector<std::pair<QByteArray, QByteArray>> connectParams() const;
};

/// True when text starts with postgresql:// or postgres:// (case-insensitive).
bool isStoreUrl(const QString& text);

/// Parses a store URL. False with a one-sentence error for a malformed URL, a password in it (passwords come only
/// from PGPASSFILE/~/.pgpass or PGPASSWORD; the error never repeats it), an unknown parameter, or a schema name that
/// is not [a-z_][a-z0-9_]* of at most 63 characters. The schema defaults to "public".
bool parseStoreUrl(const QString& text, StoreUrl* out, QString* error);

} // namespace crw
