#include "store/StoreUrl.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace crw {

bool isStoreUrl(const QString& text)
{
    return text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

bool parseStoreUrl(const QString& text, StoreUrl* out, QString* error)
{
    // Never echo the text itself in an error: it may hold a password.
    if (!isStoreUrl(text)) {
        *error = QStringLiteral("a shared project is a postgresql://user@host/db?schema=NAME URL");
        return false;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        *error = QStringLiteral("malformed postgresql:// URL (expected postgresql://user@host[:port]/db?schema=NAME)");
        return false;
    }
    if (!url.password().isEmpty() || text.section(QLatin1Char('@'), 0, 0).count(QLatin1Char(':')) > 1) {
        *error = QStringLiteral("a password in the project URL is not accepted: put it in PGPASSFILE or ~/.pgpass "
                                "(or PGPASSWORD)");
        return false;
    }
    StoreUrl u;
    u.user = url.userName();
    u.host = url.host();
    if (url.port() > 0)
        u.port = QString::number(url.port());
    u.database = url.path().mid(1);
    u.schema = QStringLiteral("public");
    const QUrlQuery q(url);
    for (const auto& [k, v] : q.queryItems(QUrl::FullyDecoded)) {
        if (k == QLatin1String("schema"))
            u.schema = v;
        else if (k == QLatin1String("host"))
            u.host = v;
        else if (k == QLatin1String("port"))
            u.port = v;
        else if (k == QLatin1String("sslmode"))
            u.sslmode = v;
        else if (k == QLatin1String("password")) {
            *error = QStringLiteral("a password in the project URL is not accepted: put it in PGPASSFILE or "
                                    "~/.pgpass (or PGPASSWORD)");
            return false;
        } else {
            *error = QStringLiteral("unknown parameter '%1' in the project URL (known: schema, host, port, sslmode)")
                         .arg(k.left(40));
            return false;
        }
    }
    static const QRegularExpression ident(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!ident.match(u.schema).hasMatch()) {
        *error = QStringLiteral("schema '%1' must be lower-case letters, digits and _ (at most 63, not starting "
                                "with a digit)")
                     .arg(u.schema.left(70));
        return false;
    }
    static const QRegularExpression port(QStringLiteral("^[0-9]{1,5}$"));
    if (!u.port.isEmpty() && !port.match(u.port).hasMatch()) {
        *error = QStringLiteral("port must be a number");
        return false;
    }
    if (u.database.isEmpty() || u.database.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("the project URL needs a database name: postgresql://user@host/db?schema=NAME");
        return false;
    }
    QUrl shown = url;
    shown.setPassword(QString());
    u.display = shown.toString();
    *out = u;
    return true;
}

std::vector<std::pair<QByteArray, QByteArray>> StoreUrl::connectParams() const
{
    std::vector<std::pair<QByteArray, QByteArray>> p;
    auto add = [&p](const char* k, const QString& v) {
        if (!v.isEmpty())
            p.emplace_back(QByteArray(k), v.toUtf8());
    };
    add("user", user);
    add("host", host);
    add("port", port);
    add("dbname", database);
    add("sslmode", sslmode);
    p.emplace_back(QByteArray("application_name"), QByteArray("causal-router"));
    return p;
}

} // namespace crw
