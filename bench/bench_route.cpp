// Routing benchmark: `causal-router route` on 10^5 queries, embedding input (PCA featurizer) and text input (TF-IDF
// featurizer), each with a default-size XGBoost psi model (200 rounds, depth 4, one thread). The router files and
// the query files are generated here (seeded); the CLI reports per-query latency measured inside its route loop
// (--stats), and this program also times the whole process (load + route + write).
// Usage: bench_route [--queries N] [--emb-dim D] [--cli PATH] [--keep DIR]     (prints a markdown table)
#include "features/EmbeddingPcaFeaturizer.h"
#include "features/TfidfSvdFeaturizer.h"
#include "learn/Regressor.h"
#include "pipeline/RouterSuite.h"
#include "routing/RouterFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <cstdio>
#include <random>

using namespace crw;

namespace {

RouterSpec makeSpec(const Featurizer& f, const Matrix& Xtrain, const Vector& y)
{
    LearnerSpec ls = defaultFinalSpec(1);
    auto psi = makeRegressor(ls);
    psi->fit(Xtrain, y, Vector());
    RouterSpec s;
    s.models = { { "strong", 0.01, "given" }, { "cheap", 0.001, "given" } };
    s.reference = "cheap";
    s.featurizer = f.toJson();
    s.quality.push_back({ "strong", "meta_r", psi->toJson(), QJsonObject(), 1.0, {}, 0.0 });
    s.costWeight = 10;
    s.thresholds = { 10 * (0.01 - 0.001) };
    s.trainedOn = QJsonObject { { "bench", "bench_route" } };
    return s;
}

QString randomText(std::mt19937_64& rng, const QStringList& vocab)
{
    std::uniform_int_distribution<int> len(15, 60), word(0, int(vocab.size()) - 1);
    QStringList w;
    const int n = len(rng);
    for (int i = 0; i < n; ++i)
        w << vocab[word(rng)];
    return w.join(' ') + "?";
}

struct Stats {
    double qps = 0, qpsCpu = 0, p50 = 0, p99 = 0, p50cpu = 0, p99cpu = 0, innerWall = 0, processWall = 0;
};

Stats runCli(const QString& cli, const QString& router, const QString& queries, int batch)
{
    QProcess p;
    p.setStandardInputFile(queries);
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    p.start(cli, { "route", router, "--stats", "--batch", QString::number(batch) });
    p.waitForFinished(-1);
    Stats s;
    s.processWall = double(t.nsecsElapsed()) / 1e9;
    const QByteArray err = p.readAllStandardError();
    if (p.exitCode() != 0)
        qFatal("route failed: %s", err.constData());
    const QJsonObject o = QJsonDocument::fromJson(err.trimmed().split('\n').last()).object();
    s.qps = o["queries_per_second"].toDouble();
    s.qpsCpu = o["queries_per_cpu_second"].toDouble();
    s.p50 = o["p50_us"].toDouble();
    s.p99 = o["p99_us"].toDouble();
    s.p50cpu = o["p50_cpu_us"].toDouble();
    s.p99cpu = o["p99_cpu_us"].toDouble();
    s.innerWall = o["wall_seconds"].toDouble();
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    int n = 100000, d = 384;
    QString keep; // --keep DIR: write the router and query files there (for profiling)
    QString cli = QCoreApplication::applicationDirPath() + "/../app/causal-router";
    for (int i = 1; i + 1 < a.size(); i += 2) {
        if (a[i] == "--queries")
            n = a[i + 1].toInt();
        else if (a[i] == "--emb-dim")
            d = a[i + 1].toInt();
        else if (a[i] == "--cli")
            cli = a[i + 1];
        else if (a[i] == "--keep")
            keep = a[i + 1];
    }
    QTemporaryDir tmp;
    const QDir dir(keep.isEmpty() ? tmp.path() : keep);
    std::mt19937_64 rng(20261125);
    std::normal_distribution<double> N01;

    // Embedding router: 5,000 training embeddings, PCA to 50 dims, psi depends on a few coordinates.
    const int train = 5000;
    Matrix E(train, d);
    for (Eigen::Index i = 0; i < E.size(); ++i)
        E.data()[i] = N01(rng);
    EmbeddingPcaOptions eo;
    eo.dim = 50;
    eo.taskOneHot = false;
    EmbeddingPcaFeaturizer ef(eo);
    QueryBatch eb;
    eb.embeddings = E;
    ef.fit(eb, 1);
    const Matrix Xe = ef.transform(eb);
    Vector y(train);
    for (int i = 0; i < train; ++i)
        y[i] = std::tanh(E(i, 0)) + 0.5 * E(i, 1) * E(i, 2) + 0.3 * N01(rng);
    writeRouterFile(makeSpec(ef, Xe, y), dir.filePath("emb.json"));
    {
        QFile f(dir.filePath("emb.jsonl"));
        f.open(QIODevice::WriteOnly);
        QByteArray line;
        char buf[32];
        for (int i = 0; i < n; ++i) {
            line = "{\"id\":" + QByteArray::number(i) + ",\"embedding\":[";
            for (int j = 0; j < d; ++j) {
                std::snprintf(buf, sizeof buf, j ? ",%.6g" : "%.6g", N01(rng));
                line += buf;
            }
            line += "]}\n";
            f.write(line);
        }
    }

    // Text router: TF-IDF (2^18 hashed word + char 3-5-gram buckets) + SVD to 50 dims + length features.
    QStringList vocab;
    std::uniform_int_distribution<int> letters(0, 25), wl(2, 9);
    for (int i = 0; i < 5000; ++i) {
        QString w;
        const int l = wl(rng);
        for (int c = 0; c < l; ++c)
            w += QChar('a' + letters(rng));
        vocab << w;
    }
    QueryBatch tb;
    for (int i = 0; i < train; ++i)
        tb.texts << randomText(rng, vocab);
    TfidfSvdFeaturizer tf;
    tf.fit(tb, 1);
    const Matrix Xt = tf.transform(tb);
    for (int i = 0; i < train; ++i)
        y[i] = Xt(i, 0) - 0.5 * Xt(i, 1) + 0.2 * N01(rng);
    writeRouterFile(makeSpec(tf, Xt, y), dir.filePath("text.json"));
    double meanChars = 0;
    {
        QFile f(dir.filePath("text.jsonl"));
        f.open(QIODevice::WriteOnly);
        for (int i = 0; i < n; ++i) {
            const QString t = randomText(rng, vocab);
            meanChars += double(t.size()) / n;
            f.write("{\"id\":" + QByteArray::number(i) + ",\"text\":\"" + t.toUtf8() + "\"}\n");
        }
    }

    std::printf(
        "| input | batch | queries | queries/s (wall, route loop) | queries per CPU-second | p50 per query | p99 per "
        "query | p50 / p99 thread CPU per query | process wall (load + route) "
        "|\n|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& [name, label] : { std::pair { "emb", QStringLiteral("embedding %1-d -> PCA 50").arg(d) },
             std::pair { "text", QStringLiteral("text (%1 chars avg) -> TF-IDF SVD 50").arg(int(meanChars)) } }) {
        for (int batch : { 1, 64 }) {
            const Stats s
                = runCli(cli, dir.filePath(QString(name) + ".json"), dir.filePath(QString(name) + ".jsonl"), batch);
            std::printf("| %s | %d | %d | %.0f | %.0f | %.1f us | %.1f us | %.1f / %.1f us | %.2f s |\n",
                qPrintable(label), batch, n, s.qps, s.qpsCpu, s.p50, s.p99, s.p50cpu, s.p99cpu, s.processWall);
            std::fflush(stdout);
        }
    }
    return 0;
}
