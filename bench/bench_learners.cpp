// Fit and predict times of the learners on simulated data: bench_learners [n=100000] [d=50] [what=all]
// what: all | ridge | logistic | xgb | rf. Prints one table row per learner with wall times and peak RSS.
// bench_learners tfidf FOLDER [dim=50]: the TF-IDF+SVD featurizer on real query texts.
#include "features/TfidfSvdFeaturizer.h"
#include "learn/Regressor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace crw;

namespace {
double seconds(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
long peakRssMb()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}
using Clock = std::chrono::steady_clock;

// TF-IDF+SVD featurizer on real query texts (every *.json list of {"question": ...} in a folder; file name = task):
// fit time, per-query transform latency (one query per call), batch throughput, JSON size.
int benchTfidf(int argc, char** argv)
{
    const QString folder = argc > 2 ? argv[2] : QString();
    const int dim = argc > 3 ? std::atoi(argv[3]) : 50;
    QueryBatch all;
    const QDir dir(folder);
    for (const QString& name : dir.entryList({ "*.json" }, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonArray rows = QJsonDocument::fromJson(f.readAll()).array();
        for (const auto& r : rows) {
            const QString q = r.toObject().value("question").toString();
            if (!q.isEmpty()) {
                all.texts << q;
                all.tasks << QFileInfo(name).baseName();
            }
        }
    }
    if (all.texts.isEmpty()) {
        std::fprintf(stderr, "no texts found in %s\n", qPrintable(folder));
        return 1;
    }
    TfidfSvdOptions o;
    o.dim = dim;
    TfidfSvdFeaturizer f(o);
    auto t0 = Clock::now();
    f.fit(all, 1);
    const double fitS = std::chrono::duration<double>(Clock::now() - t0).count();
    t0 = Clock::now();
    const Matrix Z = f.transform(all);
    const double batchS = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> us;
    QueryBatch one;
    one.texts << QString();
    one.tasks << QString();
    for (qsizetype i = 0; i < all.texts.size(); ++i) {
        one.texts[0] = all.texts[i];
        one.tasks[0] = all.tasks[i];
        const auto s = Clock::now();
        const Matrix r = f.transform(one);
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
        if (r(0, 0) != Z(i, 0))
            std::fprintf(stderr, "row %lld differs alone vs batch\n", (long long)i);
    }
    std::sort(us.begin(), us.end());
    double chars = 0;
    for (const auto& t : all.texts)
        chars += t.size();
    const QByteArray json = QJsonDocument(f.toJson()).toJson(QJsonDocument::Compact);
    std::printf("texts %lld (mean %.0f chars), vocabulary %lld, output dim %lld\n", (long long)all.texts.size(),
        chars / all.texts.size(), (long long)f.vocabularySize(), (long long)f.dim());
    std::printf(
        "fit %.2f s; batch transform %.2f s (%.1f us/query); one-query p50 %.1f us, p99 %.1f us; JSON %.1f MB\n", fitS,
        batchS, 1e6 * batchS / all.texts.size(), us[us.size() / 2], us[us.size() * 99 / 100], json.size() / 1e6);
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::string(argv[1]) == "tfidf")
        return benchTfidf(argc, argv);
    const long n = argc > 1 ? std::atol(argv[1]) : 100000;
    const long d = argc > 2 ? std::atol(argv[2]) : 50;
    const std::string what = argc > 3 ? argv[3] : "all";
    std::mt19937_64 rng(1);
    std::normal_distribution<double> g;
    std::uniform_real_distribution<double> u(0, 1);
    Matrix X(n, d);
    for (long i = 0; i < n; ++i)
        for (long j = 0; j < d; ++j)
            X(i, j) = g(rng);
    Vector y(n), yc(n);
    for (long i = 0; i < n; ++i) {
        const double f = std::sin(2 * X(i, 0)) + X(i, 1) * X(i, 2) + 0.5 * X(i, 3);
        y[i] = f + 0.5 * g(rng);
        yc[i] = u(rng) < 1 / (1 + std::exp(-f)) ? 1 : 0;
    }
    std::printf("n=%ld d=%ld, data RSS %ld MB\n", n, d, peakRssMb());
    std::printf("%-80s %9s %11s %9s\n", "learner", "fit s", "predict s", "RSS MB");

    auto run = [&](LearnerSpec spec, const Vector& target) {
        auto m = makeRegressor(spec);
        auto t0 = std::chrono::steady_clock::now();
        m->fit(X, target, {});
        const double fit = seconds(t0);
        t0 = std::chrono::steady_clock::now();
        const Vector p = m->predict(X);
        const double pred = seconds(t0);
        std::printf("%-80s %9.3f %11.3f %9ld   (mean pred %.4f)\n",
            (spec.describe() + QString(" nthread=%1").arg(spec.nthread)).toUtf8().constData(), fit, pred, peakRssMb(),
            p.mean());
        std::fflush(stdout);
    };
    LearnerSpec s;
    if (what == "all" || what == "ridge") {
        s.kind = LearnerKind::Ridge;
        run(s, y);
    }
    if (what == "all" || what == "logistic") {
        s.kind = LearnerKind::Logistic;
        run(s, yc);
    }
    if (what == "all" || what == "xgb") {
        s = LearnerSpec {};
        s.kind = LearnerKind::XgbGbm;
        s.nthread = 1;
        run(s, y);
        s.nthread = 2;
        run(s, y);
        s.maxBin = 64;
        run(s, y);
        s.nthread = 1;
        run(s, y);
        s.maxBin = 256;
        s.kind = LearnerKind::XgbGbmClassifier;
        run(s, yc);
        s.kind = LearnerKind::XgbGbm;
        s.earlyStoppingRounds = 20;
        s.rounds = 1000;
        run(s, y);
    }
    if (what == "all" || what == "rf") {
        s = LearnerSpec {};
        s.kind = LearnerKind::XgbRf;
        s.rounds = 100;
        s.maxDepth = 8;
        s.nthread = 2;
        run(s, y);
    }
    return 0;
}
