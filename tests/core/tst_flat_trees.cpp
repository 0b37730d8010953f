// The flattened tree evaluator (learn/FlatTreeEnsemble) against XGBoost's own prediction, bit for bit, on random
// rows (with values on split thresholds and missing values) of trained models and of the router files' models.
#include "learn/XgbRegressor.h"
#include "routing/RouterSpec.h"

#include <QFile>
#include <QtTest>
#include <cstring>
#include <random>

using namespace crw;

class TstFlatTrees : public QObject {
    Q_OBJECT

private:
    /// Restores m through toJson/fromJson (flattened trees are built on restore) and compares on n random rows.
    static int compareOnRandomRows(const XgbRegressor& m, Eigen::Index features, int n, uint64_t seed)
    {
        auto flat = XgbRegressor::fromJson(m.toJson());
        if (!flat->hasFlatTrees())
            return -1;
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> normal(0.0, 1.5);
        Matrix X(n, features);
        for (Eigen::Index i = 0; i < X.rows(); ++i)
            for (Eigen::Index j = 0; j < X.cols(); ++j) {
                const unsigned pick = unsigned(rng() % 20);
                X(i, j) = pick == 0 ? std::numeric_limits<double>::quiet_NaN()
                    : pick == 1     ? 0.0
                    : pick == 2     ? std::round(normal(rng) * 4) / 4 // repeated values, often on splits
                                    : normal(rng);
            }
        const Vector expected = flat->predictWithXgboost(X);
        int same = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const Vector one = flat->predict(X.middleRows(i, 1)); // one row: the flattened path
            if (std::memcmp(&one[0], &expected[i], sizeof(double)) == 0)
                ++same;
        }
        // A block of rows at once (still the flattened path) equals XGBoost too.
        const Vector block = flat->predict(X.topRows(XgbRegressor::kFlatMaxRows));
        for (Eigen::Index i = 0; i < block.size(); ++i)
            if (std::memcmp(&block[i], &expected[i], sizeof(double)) != 0)
                return -2;
        return same;
    }

private slots:
    void trainedModelsMatchXgboost_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("rounds");
        QTest::addColumn<int>("features");
        QTest::addColumn<bool>("missingInTraining");
        QTest::newRow("gbm depth 4, 200 rounds") << int(LearnerKind::XgbGbm) << 4 << 200 << 12 << false;
        QTest::newRow("gbm depth 6, missing values") << int(LearnerKind::XgbGbm) << 6 << 60 << 8 << true;
        QTest::newRow("gbm depth 1") << int(LearnerKind::XgbGbm) << 1 << 30 << 3 << false;
        QTest::newRow("random forest depth 8") << int(LearnerKind::XgbRf) << 8 << 50 << 10 << true;
    }

    void trainedModelsMatchXgboost()
    {
        QFETCH(int, kind);
        QFETCH(int, depth);
        QFETCH(int, rounds);
        QFETCH(int, features);
        QFETCH(bool, missingInTraining);
        std::mt19937_64 rng(42 + uint64_t(depth));
        std::normal_distribution<double> normal;
        const Eigen::Index n = 800;
        Matrix X(n, features);
        Vector y(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < features; ++j)
                X(i, j) = (missingInTraining && rng() % 10 == 0) ? std::numeric_limits<double>::quiet_NaN()
                                                                 : normal(rng);
            const double a = std::isnan(X(i, 0)) ? 0.3 : X(i, 0);
            y[i] = std::sin(a) + 0.5 * (features > 1 && X(i, 1) > 0) + 0.1 * normal(rng);
        }
        LearnerSpec spec;
        spec.kind = LearnerKind(kind);
        spec.maxDepth = depth;
        spec.rounds = rounds;
        spec.seed = 7;
        XgbRegressor m(spec);
        m.fit(X, y, {});
        const int rows = 3000;
        QCOMPARE(compareOnRandomRows(m, features, rows, 99), rows);
    }

    void routerFileModelsMatchXgboost()
    {
        int models = 0;
        for (const char* name : { "router_0.json", "router_1.json", "router_2.json" }) {
            QFile f(QStringLiteral(CRW_TEST_DATA "/router/") + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const RouterSpec spec = parseRouterSpec(f.readAll());
            for (const QualityModel& q : spec.quality) {
                std::vector<QJsonObject> all { q.psi };
                if (!q.bias.isEmpty())
                    all.push_back(q.bias);
                all.insert(all.end(), q.bootstrap.begin(), q.bootstrap.end());
                for (const QJsonObject& j : all) {
                    const QString kind = j.value("spec").toObject().value("kind").toString();
                    if (!kind.startsWith(QLatin1String("xgb")) || kind.endsWith(QLatin1String("clf")))
                        continue;
                    const auto m = XgbRegressor::fromJson(j);
                    const Eigen::Index width = j.value("num_features").toInteger();
                    QVERIFY2(m->hasFlatTrees(), name);
                    QCOMPARE(compareOnRandomRows(*m, width, 2000, 5 + uint64_t(models)), 2000);
                    ++models;
                }
            }
        }
        QVERIFY(models >= 5);
    }

    void classifierKeepsXgboost()
    {
        LearnerSpec spec;
        spec.kind = LearnerKind::XgbGbmClassifier;
        spec.rounds = 10;
        Matrix X = Matrix::Random(200, 3);
        Vector y = (X.col(0).array() > 0).cast<double>();
        XgbRegressor m(spec);
        m.fit(X, y, {});
        QVERIFY(!XgbRegressor::fromJson(m.toJson())->hasFlatTrees());
    }
};

QTEST_GUILESS_MAIN(TstFlatTrees)
#include "tst_flat_trees.moc"
