// causal-router serve: a real server (the CLI) on an ephemeral loopback port, real clients (curl and
// QNetworkAccessManager); decisions identical to `route` bit for bit, hot reload under load, the bad-request battery,
// token checks. No timing assertions; every asynchronous wait is a QTRY_* or an explicit wait with a long timeout.
#include "CliProcess.h"
#include "../../fuzz/ServeFuzzHarness.h"

#include "features/TfidfSvdFeaturizer.h"
#include "learn/Regressor.h"
#include "routing/QueryLine.h"
#include "routing/RouterFile.h"
#include "serve/ServeCommandLine.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <csignal>
#include <random>

using namespace crw;

namespace {

const QString kRouterDir = QStringLiteral(CRW_TEST_DATA "/router/");

// `causal-router serve ... --port 0` as a child process; the port is read from its "listening on" line.
class ServeProcess {
public:
    ~ServeProcess() { stop(); }
    bool start(const QStringList& args)
    {
        QObject::connect(&m_proc, &QProcess::readyReadStandardError, [this] { m_err += m_proc.readAllStandardError(); });
        m_proc.start(QStringLiteral(CRW_CLI_PATH), QStringList { "serve" } + args + QStringList { "--port", "0" });
        if (!m_proc.waitForStarted(60000))
            return false;
        const QRegularExpression re(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120000 && m_proc.state() == QProcess::Running) {
            const auto m = re.match(QString::fromUtf8(m_err));
            if (m.hasMatch()) {
                m_port = m.captured(1).toInt();
                return true;
            }
            m_proc.waitForReadyRead(200);
            m_err += m_proc.readAllStandardError();
        }
        return false;
    }
    void stop()
    {
        if (m_proc.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_proc.processId()), SIGTERM);
            if (!m_proc.waitForFinished(30000)) {
                m_proc.kill();
                m_proc.waitForFinished(30000);
            }
        }
    }
    void signal(int sig) { ::kill(pid_t(m_proc.processId()), sig); }
    QString url(const QString& path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }
    QByteArray log()
    {
        m_err += m_proc.readAllStandardError();
        return m_err;
    }
    bool running() const { return m_proc.state() == QProcess::Running; }
    int exitCode() const { return m_proc.exitCode(); }

private:
    QProcess m_proc;
    QByteArray m_err;
    int m_port = -1;
};

struct Reply {
    int status = 0; // 0: no HTTP answer (network error)
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [k, v] : headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
};

// One request with QNetworkAccessManager, waited for (up to 2 minutes).
Reply http(QNetworkAccessManager& nam, const QByteArray& method, const QString& url, const QByteArray& body = {},
    const QList<QPair<QByteArray, QByteArray>>& headers = {})
{
    QNetworkRequest rq { QUrl(url) };
    rq.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    for (const auto& [k, v] : headers)
        rq.setRawHeader(k, v);
    QNetworkReply* r = nam.sendCustomRequest(rq, method, body);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    if (!r->isFinished())
        loop.exec();
    Reply out;
    out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = r->readAll();
    out.error = r->error();
    out.headers = r->rawHeaderPairs();
    r->deleteLater();
    return out;
}

QByteArray post(QNetworkAccessManager& nam, const QString& url, const QByteArray& body, int* status = nullptr)
{
    const Reply r = http(nam, "POST", url, body);
    if (status)
        *status = r.status;
    return r.body;
}

QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// Writes bytes to path atomically (temp file in the same folder, then rename), as a deployment would.
void replaceFile(const QString& path, const QByteArray& bytes)
{
    const QString tmp = path + ".tmp";
    QFile f(tmp);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
    f.close();
    QVERIFY(::rename(qPrintable(tmp), qPrintable(path)) == 0);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

// Query lines for the 4-d embedding routers of tests/data/router (seeded), with ids when withIds.
QList<QByteArray> embeddingQueries(int n, bool withIds, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> N(0, 2);
    QList<QByteArray> lines;
    for (int i = 0; i < n; ++i) {
        QByteArray l = "{";
        if (withIds)
            l += "\"id\":\"q" + QByteArray::number(i) + "\",";
        l += "\"embedding\":[";
        for (int j = 0; j < 4; ++j) {
            if (j)
                l += ',';
            l += QByteArray::number(N(rng), 'g', 17);
        }
        l += "]}";
        lines << l;
    }
    return lines;
}

// A small TF-IDF router (text queries), fitted here so the test has a text router besides the embedding ones.
QString writeTextRouter(const QDir& dir, QStringList* texts)
{
    std::mt19937_64 rng(7);
    const QStringList vocab { "explain", "prove", "theorem", "poem", "write", "code", "python", "bug", "fix", "why",
        "sky", "blue", "translate", "french", "summary", "article", "list", "capital", "france", "integral" };
    std::uniform_int_distribution<int> len(3, 14), word(0, int(vocab.size()) - 1);
    QueryBatch train;
    for (int i = 0; i < 300; ++i) {
        QStringList w;
        const int n = len(rng);
        for (int k = 0; k < n; ++k)
            w << vocab[word(rng)];
        train.texts << w.join(' ');
        train.tasks << QString();
    }
    *texts = train.texts;
    TfidfSvdOptions o;
    o.dim = 8;
    o.minDf = 1;
    o.taskOneHot = false;
    TfidfSvdFeaturizer f(o);
    f.fit(train, 1);
    const Matrix X = f.transform(train);
    Vector y(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i)
        y[i] = X(i, 0) - 0.3 * X(i, 1);
    LearnerSpec ls;
    ls.kind = LearnerKind::Ridge;
    auto psi = makeRegressor(ls);
    psi->fit(X, y, Vector());
    RouterSpec s;
    s.models = { { "strong", 0.01, "given" }, { "cheap", 0.001, "given" } };
    s.reference = "cheap";
    s.featurizer = f.toJson();
    s.quality.push_back({ "strong", "meta_r", psi->toJson(), QJsonObject(), 1.0, {}, 0.0 });
    s.costWeight = 10;
    s.thresholds = { 10 * (0.01 - 0.001) };
    s.trainedOn = QJsonObject { { "test", "tst_serve" } };
    const QString path = dir.filePath("text.json");
    writeRouterFile(s, path);
    return path;
}

// route's output lines for the given query lines (no trailing newline per line).
QList<QByteArray> routeLines(const QString& router, const QList<QByteArray>& queries, const QStringList& extra = {})
{
    const auto r = test::runCli(QStringList { "route", router } + extra, queries.join('\n') + '\n');
    if (r.code != 0)
        qWarning("route failed: %s", r.err.constData());
    QList<QByteArray> out = r.out.split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

QJsonObject errorOf(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object().value("error").toObject();
}

} // namespace

class TestServe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void decisionsIdenticalToRoute_data()
    {
        QTest::addColumn<QString>("router");
        QTest::addColumn<QStringList>("serveArgs");
        QTest::addColumn<QStringList>("routeArgs");
        QTest::addColumn<QByteArray>("options"); // extra fields of the batch request
        QTest::newRow("two models") << kRouterDir + "router_0.json" << QStringList() << QStringList() << QByteArray();
        QTest::newRow("three models") << kRouterDir + "router_2.json" << QStringList() << QStringList() << QByteArray();
        QTest::newRow("xgboost, explain + uncertainty")
            << kRouterDir + "router_1.json" << QStringList() << QStringList { "--explain", "--uncertainty" }
            << QByteArray(",\"explain\":true,\"uncertainty\":true");
        QTest::newRow("abstain 1.64") << kRouterDir + "router_1.json" << QStringList { "--abstain", "1.64" }
                                      << QStringList { "--abstain", "1.64" } << QByteArray();
    }

    // Single requests (sent 6 at a time by QNetworkAccessManager) and one batch request answer byte for byte what
    // `route` writes for the same queries.
    void decisionsIdenticalToRoute()
    {
        QFETCH(QString, router);
        QFETCH(QStringList, serveArgs);
        QFETCH(QStringList, routeArgs);
        QFETCH(QByteArray, options);
        ServeProcess srv;
        QVERIFY2(srv.start(QStringList { router } + serveArgs), srv.log().constData());
        QNetworkAccessManager nam;

        const QList<QByteArray> withIds = embeddingQueries(120, true, 11);
        const QList<QByteArray> expected = routeLines(router, withIds, routeArgs);
        QCOMPARE(expected.size(), withIds.size());
        const bool extraFields = !options.isEmpty();
        QList<QNetworkReply*> pending;
        for (const QByteArray& q : withIds) {
            QNetworkRequest rq { QUrl(srv.url("/v1/route")) };
            rq.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QByteArray body = q;
            if (extraFields)
                body.insert(body.size() - 1, options);
            pending << nam.post(rq, body);
        }
        for (int i = 0; i < pending.size(); ++i) {
            QNetworkReply* r = pending[i];
            QTRY_VERIFY_WITH_TIMEOUT(r->isFinished(), 120000);
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QCOMPARE(r->readAll(), expected[i]);
            r->deleteLater();
        }

        // A batch without ids: the default ids are the positions, as route's line numbers.
        const QList<QByteArray> noIds = embeddingQueries(200, false, 12);
        const QList<QByteArray> expectedBatch = routeLines(router, noIds, routeArgs);
        int status = 0;
        const QByteArray got = post(nam, srv.url("/v1/route"), "{\"queries\":[" + noIds.join(',') + "]" + options + "}", &status);
        QCOMPARE(status, 200);
        QCOMPARE(got, "{\"decisions\":[" + expectedBatch.join(',') + "]}");
    }

    // A text (TF-IDF) router, with curl as the client: single queries and a batch equal route's lines.
    void textRouterWithCurl()
    {
        QStringList texts;
        const QString router = writeTextRouter(QDir(m_tmp.path()), &texts);
        ServeProcess srv;
        QVERIFY2(srv.start({ router }), srv.log().constData());
        QList<QByteArray> lines;
        for (int i = 0; i < 40; ++i) {
            QByteArray l;
            l += "{\"id\":" + QByteArray::number(i) + ",\"text\":";
            appendJsonString(l, texts[i] + (i % 3 ? QStringLiteral(" \"quoted\" \u00e9t\u00e9") : QString()));
            l += "}";
            lines << l;
        }
        const QList<QByteArray> expected = routeLines(router, lines);
        QCOMPARE(expected.size(), lines.size());
        for (int i = 0; i < 8; ++i) {
            QProcess curl;
            curl.start("curl", { "-sS", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", lines[i],
                                   "-w", "\n%{http_code}", srv.url("/v1/route") });
            QVERIFY(curl.waitForFinished(120000));
            const QByteArray out = curl.readAllStandardOutput();
            QCOMPARE(out, expected[i] + "\n200");
        }
        QProcess curl;
        curl.start("curl", { "-sS", "-X", "POST", "--data-binary", "{\"queries\":[" + lines.join(',') + "]}",
                               srv.url("/v1/route") });
        QVERIFY(curl.waitForFinished(120000));
        QCOMPARE(curl.readAllStandardOutput(), "{\"decisions\":[" + expected.join(',') + "]}");

        // The chat endpoint routes the last user message and says so in the body and the headers.
        QNetworkAccessManager nam;
        const QByteArray chat = "{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                                "{\"role\":\"user\",\"content\":\"ignored earlier question\"},{\"role\":\"assistant\","
                                "\"content\":\"ok\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
            + QJsonDocument(QJsonArray { texts[5] }).toJson(QJsonDocument::Compact).mid(1).chopped(1)
            + "}]}],\"temperature\":0.2}";
        const Reply r = http(nam, "POST", srv.url("/v1/chat/completions"), chat);
        QCOMPARE(r.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o["object"].toString(), QStringLiteral("chat.completion"));
        const QList<QByteArray> one = routeLines(router, { "{\"id\":\"1\",\"text\":" + QJsonDocument(QJsonArray { texts[5] }).toJson(QJsonDocument::Compact).mid(1).chopped(1) + "}" });
        QCOMPARE(one.size(), 1);
        const QJsonObject expectedDecision = QJsonDocument::fromJson(one[0]).object();
        QCOMPARE(o["model"].toString(), expectedDecision["model"].toString());
        QCOMPARE(o["causal_router"].toObject(), expectedDecision);
        QCOMPARE(r.header("X-Causal-Router-Model"), expectedDecision["model"].toString().toUtf8());
        QVERIFY(!r.header("X-Causal-Router-Margin").isEmpty());
        QCOMPARE(r.header("X-Causal-Router-Sha256"), sha256Of(router));
    }

    // healthz, router info and metrics.
    void infoEndpoints()
    {
        const QString router = kRouterDir + "router_2.json";
        ServeProcess srv;
        QVERIFY2(srv.start({ router }), srv.log().constData());
        QNetworkAccessManager nam;
        Reply h = http(nam, "GET", srv.url("/healthz"));
        QCOMPARE(h.status, 200);
        QCOMPARE(QJsonDocument::fromJson(h.body).object()["status"].toString(), QStringLiteral("ok"));
        const Reply info = http(nam, "GET", srv.url("/v1/router"));
        QCOMPARE(info.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(info.body).object();
        QCOMPARE(o["sha256"].toString().toLatin1(), sha256Of(router));
        QCOMPARE(o["path"].toString(), QFileInfo(router).absoluteFilePath());
        QCOMPARE(o["models"].toArray().size(), 3);
        QCOMPARE(o["thresholds"].toObject()["mid"].toDouble(), 0.1);
        QCOMPARE(o["generation"].toInt(), 1);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(http(nam, "POST", srv.url("/v1/route"), embeddingQueries(1, true, 100 + i)[0]).status, 200);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), "{").status, 400);
        const Reply m = http(nam, "GET", srv.url("/metrics"));
        QCOMPARE(m.status, 200);
        QVERIFY(m.header("Content-Type").startsWith("text/plain"));
        QVERIFY2(m.body.contains("crw_serve_requests_total{endpoint=\"/v1/route\",code=\"200\"} 5\n"), m.body.constData());
        QVERIFY(m.body.contains("crw_serve_requests_total{endpoint=\"/v1/route\",code=\"400\"} 1\n"));
        QVERIFY(m.body.contains("crw_serve_errors_total{kind=\"bad_request\"} 1\n"));
        QVERIFY(m.body.contains("crw_serve_queries_total 5\n"));
        QVERIFY(m.body.contains("crw_serve_request_duration_seconds_count{endpoint=\"/v1/route\"} 6\n"));
        QVERIFY(m.body.contains("crw_serve_decisions_total{model=\"strong\"}"));
        QVERIFY(m.body.contains("crw_serve_router_info{path=\""));
        // Decisions per model add up to the routed queries.
        qulonglong sum = 0;
        for (const QByteArray& line : m.body.split('\n'))
            if (line.startsWith("crw_serve_decisions_total{"))
                sum += line.mid(line.lastIndexOf(' ') + 1).toULongLong();
        QCOMPARE(sum, 5ull);
    }

    // The bad-request battery: every case gets its status and, for a 400, a JSON error naming the field; the
    // server keeps serving the same router afterwards.
    void badRequests()
    {
        const QString router = kRouterDir + "router_0.json";
        ServeProcess srv;
        QVERIFY2(srv.start({ router, "--max-batch", "100" }), srv.log().constData());
        QNetworkAccessManager nam;
        struct Case {
            const char* name;
            QByteArray method, path, body;
            int status;
            QString field; // "-": no check; "": null
        };
        const QByteArray ok = "[0.1,0.2,0.3,0.4]";
        QByteArray deep(5000, '[');
        QByteArray many = "{\"queries\":[";
        for (int i = 0; i < 101; ++i)
            many += QByteArray(i ? "," : "") + "{\"embedding\":" + ok + "}";
        many += "]}";
        const QList<Case> cases {
            { "empty body", "POST", "/v1/route", "", 400, "" },
            { "malformed JSON", "POST", "/v1/route", "{\"embedding\":[1,2", 400, "" },
            { "trailing garbage", "POST", "/v1/route", "{\"embedding\":" + ok + "} x", 400, "" },
            { "not an object", "POST", "/v1/route", "[1,2,3]", 400, "" },
            { "a string document", "POST", "/v1/route", "\"hello\"", 400, "" },
            { "no text or embedding", "POST", "/v1/route", "{\"id\":\"a\"}", 400, "" },
            { "text of wrong type", "POST", "/v1/route", "{\"text\":5,\"embedding\":" + ok + "}", 400, "text" },
            { "embedding not an array", "POST", "/v1/route", "{\"embedding\":\"1,2,3,4\"}", 400, "embedding" },
            { "embedding with a string", "POST", "/v1/route", "{\"embedding\":[0.1,\"x\",0.3,0.4]}", 400, "embedding[1]" },
            { "embedding with null", "POST", "/v1/route", "{\"embedding\":[0.1,null,0.3,0.4]}", 400, "embedding[1]" },
            { "embedding nested array", "POST", "/v1/route", "{\"embedding\":[[0.1],0.2,0.3,0.4]}", 400, "embedding[0]" },
            { "embedding too short", "POST", "/v1/route", "{\"embedding\":[0.1,0.2,0.3]}", 400, "embedding" },
            { "embedding too long", "POST", "/v1/route", "{\"embedding\":[0.1,0.2,0.3,0.4,0.5]}", 400, "embedding" },
            { "embedding empty", "POST", "/v1/route", "{\"embedding\":[],\"text\":\"x\"}", 400, "embedding" },
            { "number overflow", "POST", "/v1/route", "{\"embedding\":[1e999,0.2,0.3,0.4]}", 400, "-" },
            { "NaN literal", "POST", "/v1/route", "{\"embedding\":[NaN,0.2,0.3,0.4]}", 400, "" },
            { "id an object", "POST", "/v1/route", "{\"id\":{},\"embedding\":" + ok + "}", 400, "id" },
            { "task a number", "POST", "/v1/route", "{\"task\":3,\"embedding\":" + ok + "}", 400, "task" },
            { "unknown field", "POST", "/v1/route", "{\"embeding\":" + ok + "}", 400, "embeding" },
            { "duplicate field", "POST", "/v1/route", "{\"embedding\":" + ok + ",\"embedding\":" + ok + "}", 400, "embedding" },
            { "explain not a bool", "POST", "/v1/route", "{\"explain\":\"yes\",\"embedding\":" + ok + "}", 400, "explain" },
            { "uncertainty without replicates", "POST", "/v1/route", "{\"uncertainty\":true,\"embedding\":" + ok + "}", 400, "uncertainty" },
            { "queries not an array", "POST", "/v1/route", "{\"queries\":{}}", 400, "queries" },
            { "queries empty", "POST", "/v1/route", "{\"queries\":[]}", 400, "queries" },
            { "queries too many", "POST", "/v1/route", many, 400, "queries" },
            { "batch element not an object", "POST", "/v1/route", "{\"queries\":[{\"embedding\":" + ok + "},7]}", 400, "queries[1]" },
            { "batch element wrong dimension", "POST", "/v1/route", "{\"queries\":[{\"embedding\":" + ok + "},{\"embedding\":[1]}]}", 400, "queries[1].embedding" },
            { "batch element unknown field", "POST", "/v1/route", "{\"queries\":[{\"embedding\":" + ok + ",\"x\":1}]}", 400, "queries[0].x" },
            { "batch plus top-level query", "POST", "/v1/route", "{\"queries\":[{\"embedding\":" + ok + "}],\"text\":\"a\"}", 400, "queries" },
            { "deep nesting", "POST", "/v1/route", deep, 400, "" },
            { "invalid UTF-8", "POST", "/v1/route", "{\"text\":\"\xff\xfe\",\"embedding\":" + ok + "}", 400, "" },
            { "NUL byte", "POST", "/v1/route", QByteArray("{\"text\":\"a\0b\",\"embedding\":", 26) + ok + "}", 400, "" },
            { "lone surrogate escape", "POST", "/v1/route", "{\"text\":\"\\ud800\",\"embedding\":" + ok + "}", 400, "" },
            { "chat without messages", "POST", "/v1/chat/completions", "{\"model\":\"m\"}", 400, "messages" },
            { "chat messages not an array", "POST", "/v1/chat/completions", "{\"messages\":\"hi\"}", 400, "messages" },
            { "chat no user message", "POST", "/v1/chat/completions", "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", 400, "messages" },
            { "chat content a number", "POST", "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":1}]}", 400, "messages[0].content" },
            { "chat role missing", "POST", "/v1/chat/completions", "{\"messages\":[{\"content\":\"x\"}]}", 400, "messages[0].role" },
            { "chat stream", "POST", "/v1/chat/completions", "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "stream" },
            { "chat needs embedding", "POST", "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "causal_router.embedding" },
            { "chat extension wrong type", "POST", "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"causal_router\":{\"embedding\":5}}", 400, "causal_router.embedding" },
            { "GET on route", "GET", "/v1/route", "", 405, "-" },
            { "POST on healthz", "POST", "/healthz", "{}", 405, "-" },
            { "unknown path", "GET", "/v2/route", "", 404, "-" },
            { "path traversal", "GET", "/../../etc/passwd", "", 404, "-" },
            { "body over the limit", "POST", "/v1/route", QByteArray((1 << 20) + 10, ' '), 413, "-" },
        };
        QVERIFY(cases.size() >= 25);
        for (const Case& c : cases) {
            const Reply r = http(nam, c.method, srv.url(QString::fromLatin1(c.path)), c.body);
            QVERIFY2(r.status == c.status,
                qPrintable(QStringLiteral("%1: status %2, body %3").arg(c.name).arg(r.status).arg(QString::fromUtf8(r.body.left(300)))));
            const QJsonObject e = errorOf(r.body);
            QVERIFY2(!e.isEmpty() && !e["message"].toString().isEmpty(), c.name);
            QVERIFY2(!e["message"].toString().contains('\n'), c.name);
            QCOMPARE(e["code"].toInt(), c.status);
            if (c.field != "-")
                QVERIFY2(e["field"].toString() == c.field && (c.field.isEmpty() == e["field"].isNull()),
                    qPrintable(QStringLiteral("%1: field %2, expected %3 (%4)")
                                   .arg(c.name, e["field"].toString(), c.field, e["message"].toString())));
        }
        // Malformed HTTP straight on the socket: a 4xx, never a crash.
        QProcess curl;
        curl.start("curl", { "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Length: 99999999999999999999", srv.url("/v1/route") });
        QVERIFY(curl.waitForFinished(120000));
        // Still alive, same router, still answering.
        QVERIFY(srv.running());
        const Reply info = http(nam, "GET", srv.url("/v1/router"));
        QCOMPARE(QJsonDocument::fromJson(info.body).object()["generation"].toInt(), 1);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), "{\"embedding\":" + ok + "}").status, 200);
    }

    void tokenChecks()
    {
        const QString tokenFile = m_tmp.filePath("token");
        {
            QFile f(tokenFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("s3cr3t-Token\n");
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        ServeProcess srv;
        QVERIFY2(srv.start({ kRouterDir + "router_0.json", "--token-file", tokenFile }), srv.log().constData());
        QNetworkAccessManager nam;
        const QByteArray q = "{\"embedding\":[0.1,0.2,0.3,0.4]}";
        using H = QList<QPair<QByteArray, QByteArray>>;
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "Bearer wrong" } }).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "Bearer s3cr3t-Toke" } }).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "Bearer s3cr3t-Token2" } }).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "Basic s3cr3t-Token" } }).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "s3cr3t-Token" } }).status, 401);
        const Reply unauth = http(nam, "GET", srv.url("/metrics"));
        QCOMPARE(unauth.status, 401);
        QCOMPARE(unauth.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(errorOf(unauth.body)["type"].toString(), QStringLiteral("authentication_error"));
        QCOMPARE(http(nam, "GET", srv.url("/v1/router")).status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/chat/completions"), "{}").status, 401);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "Bearer s3cr3t-Token" } }).status, 200);
        QCOMPARE(http(nam, "POST", srv.url("/v1/route"), q, H { { "Authorization", "bearer s3cr3t-Token" } }).status, 200);
        QCOMPARE(http(nam, "GET", srv.url("/metrics"), {}, H { { "Authorization", "Bearer s3cr3t-Token" } }).status, 200);
        QCOMPARE(http(nam, "GET", srv.url("/healthz")).status, 200); // liveness probes need no token
        // An empty token file is refused at start.
        QFile empty(m_tmp.filePath("empty-token"));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const auto r = test::runCli({ "serve", kRouterDir + "router_0.json", "--port", "0", "--token-file", empty.fileName() });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("is empty"));
    }

    // Start-up refuses a bad router file with route's one-line message.
    void badRouterAtStart()
    {
        const QString bad = m_tmp.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\":\"causal-router/2\"}");
        f.close();
        const auto r = test::runCli({ "serve", bad, "--port", "0" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith("causal-router: error: router file: "), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    // 0 failed requests while the router file is replaced 20 times under load (one replacement is a corrupted file,
    // refused with a log line while the old router keeps serving); every answer matches one of the routers.
    void hotReloadUnderLoad()
    {
        const QString live = m_tmp.filePath("live.json");
        const QStringList sources { kRouterDir + "router_0.json", kRouterDir + "router_2.json", kRouterDir + "router_1.json" };
        QFile::remove(live);
        QVERIFY(QFile::copy(sources[0], live));
        ServeProcess srv;
        QVERIFY2(srv.start({ live }), srv.log().constData());

        // Expected answers of each router for the load's query (route, bit for bit).
        const QByteArray query = embeddingQueries(1, true, 99)[0];
        QSet<QByteArray> allowed;
        for (const QString& s : sources)
            allowed << routeLines(s, { query }).value(0);
        QCOMPARE(allowed.size(), 3);

        QNetworkAccessManager load;
        int sent = 0, okCount = 0, failed = 0;
        bool stopping = false;
        QByteArray firstFailure;
        std::function<void()> fire = [&] {
            QNetworkRequest rq { QUrl(srv.url("/v1/route")) };
            rq.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            QNetworkReply* r = load.post(rq, query);
            ++sent;
            QObject::connect(r, &QNetworkReply::finished, [&, r] {
                const int st = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray body = r->readAll();
                if (st == 200 && r->error() == QNetworkReply::NoError && allowed.contains(body))
                    ++okCount;
                else if (++failed == 1)
                    firstFailure = QByteArray::number(st) + " " + r->errorString().toUtf8() + " " + body.left(200);
                r->deleteLater();
                if (!stopping)
                    fire();
            });
        };
        for (int i = 0; i < 8; ++i) // 8 requests always in flight
            fire();

        QNetworkAccessManager control;
        int swaps = 0;
        QByteArray previousSha = sha256Of(live);
        for (int i = 1; i <= 20; ++i) {
            const int before = okCount;
            QTRY_VERIFY_WITH_TIMEOUT(okCount >= before + 20, 120000); // load keeps flowing between swaps
            if (i == 10) {
                // A corrupted file (truncated): refused with a log line, the old router keeps serving.
                const QByteArray good = readFile(sources[1]);
                replaceFile(live, good.left(good.size() / 2));
                QTRY_VERIFY_WITH_TIMEOUT(srv.log().count("refused the new router file") == 1, 120000);
                const Reply info = http(control, "GET", srv.url("/v1/router"));
                QCOMPARE(QJsonDocument::fromJson(info.body).object()["sha256"].toString().toLatin1(), previousSha);
                ++swaps;
                continue;
            }
            replaceFile(live, readFile(sources[size_t(i % 3)]));
            const QByteArray sha = sha256Of(live);
            if (sha == previousSha) {
                ++swaps;
                continue;
            }
            QTRY_VERIFY_WITH_TIMEOUT(
                QJsonDocument::fromJson(http(control, "GET", srv.url("/v1/router")).body).object()["sha256"].toString().toLatin1() == sha,
                120000);
            previousSha = sha;
            ++swaps;
        }
        QCOMPARE(swaps, 20);
        // SIGHUP reloads as well (same file: a new generation).
        const int gen = QJsonDocument::fromJson(http(control, "GET", srv.url("/v1/router")).body).object()["generation"].toInt();
        srv.signal(SIGHUP);
        QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument::fromJson(http(control, "GET", srv.url("/v1/router")).body).object()["generation"].toInt() == gen + 1,
            120000);
        stopping = true;
        QTRY_VERIFY_WITH_TIMEOUT(okCount + failed == sent, 120000);
        QVERIFY2(failed == 0, firstFailure.constData());
        QVERIFY(okCount > 400);
        qInfo("hot reload: %d requests, %d failed, log:\n%s", sent, failed, srv.log().constData());
        const QByteArray metrics = http(control, "GET", srv.url("/metrics")).body;
        QVERIFY(metrics.contains("crw_serve_router_reloads_total{result=\"refused\"} 1\n"));
    }

    // The command line the GUI offers after "Export router config" works when pasted into a shell, also for a path
    // with spaces and quotes.
    void serveCommandLineRunsInAShell()
    {
        QDir(m_tmp.path()).mkpath("it's a dir");
        const QString path = m_tmp.filePath("it's a dir/router \"0\".json");
        QFile::remove(path);
        QVERIFY(QFile::copy(kRouterDir + "router_0.json", path));
        const QString command = serveCommandLine(path, 0);
        QVERIFY(command.startsWith("causal-router serve '"));
        QCOMPARE(serveCommandLine("/a/b.json"), QStringLiteral("causal-router serve '/a/b.json' --port 8640"));
        QProcess sh;
        sh.setProcessChannelMode(QProcess::MergedChannels);
        sh.start("/bin/sh", { "-c", "exec " + QFileInfo(QStringLiteral(CRW_CLI_PATH)).absolutePath() + "/" + command });
        QVERIFY(sh.waitForStarted(60000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += sh.readAll()).contains("listening on"), 120000);
        QVERIFY2(out.contains(QFileInfo(path).absoluteFilePath().toUtf8()), out.constData());
        sh.terminate();
        QVERIFY(sh.waitForFinished(60000));
    }

    // The fuzz target's harness in normal mode over its seeds, saved regressions and every fixture file as a body
    // (no 500, every reply one JSON object, the router never changes).
    void fuzzCorpusReplay()
    {
        fuzz::ServeFuzzService s(kRouterDir + "router_1.json");
        QStringList files;
        for (const QString& dir : { QStringLiteral(CRW_TEST_DATA "/serve"), QStringLiteral(CRW_SOURCE_DIR "/fuzz/regressions/serve_request"),
                 QStringLiteral(CRW_TEST_DATA "/import"), QStringLiteral(CRW_TEST_DATA "/bad"), QStringLiteral(CRW_TEST_DATA "/router") })
            for (const QFileInfo& f : QDir(dir).entryInfoList(QDir::Files))
                files << f.absoluteFilePath();
        QVERIFY(files.size() > 50);
        for (const QString& f : files)
            fuzz::runServeInput(s, readFile(f));
        // Every JSONL fixture line as a body as well.
        for (const QFileInfo& f : QDir(QStringLiteral(CRW_TEST_DATA "/import")).entryInfoList({ "*.jsonl" }, QDir::Files))
            for (const QByteArray& line : readFile(f.absoluteFilePath()).split('\n'))
                fuzz::runServeInput(s, line);
        QVERIFY(s.metrics.requestsWithStatus(200) > 0);
        QVERIFY(s.metrics.requestsWithStatus(400) > 0);
    }

    // SIGTERM stops the server cleanly (exit code 0).
    void stopsOnSigterm()
    {
        ServeProcess srv;
        QVERIFY2(srv.start({ kRouterDir + "router_0.json" }), srv.log().constData());
        srv.stop();
        QCOMPARE(srv.exitCode(), 0);
        QVERIFY(srv.log().contains("stopped"));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
