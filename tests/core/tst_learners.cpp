// Learners against known truth: ridge and logistic coefficients, XGBoost fits, weights, serialisation, determinism.
#include "learn/JsonArrays.h"
#include "learn/LearnerSpecJson.h"
#include "learn/LogisticRegressor.h"
#include "learn/RidgeRegressor.h"
#include "learn/XgbModelCheck.h"
#include "learn/XgbRegressor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include "learn/ColumnScaler.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace crw;

namespace {

Matrix gaussianMatrix(Eigen::Index n, Eigen::Index d, std::mt19937_64& rng)
{
    std::normal_distribution<double> g;
    Matrix X(n, d);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j)
            X(i, j) = g(rng);
    return X;
}

double rSquared(const Vector& truth, const Vector& pred)
{
    const double mean = truth.mean();
    return 1.0 - (truth - pred).squaredNorm() / (truth.array() - mean).square().sum();
}

// Probability that a random positive scores above a random negative (ties count half).
double auc(const Vector& score, const Vector& label)
{
    std::vector<Eigen::Index> idx(size_t(score.size()));
    std::iota(idx.begin(), idx.end(), Eigen::Index(0));
    std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return score[a] < score[b]; });
    double rankSumPos = 0, nPos = 0;
    for (size_t r = 0; r < idx.size();) {
        size_t e = r;
        while (e < idx.size() && score[idx[e]] == score[idx[r]])
            ++e;
        const double avgRank = 0.5 * double(r + e + 1);
        for (size_t k = r; k < e; ++k)
            if (label[idx[k]] > 0.5) {
                rankSumPos += avgRank;
                nPos += 1;
            }
        r = e;
    }
    const double nNeg = double(score.size()) - nPos;
    return (rankSumPos - nPos * (nPos + 1) / 2) / (nPos * nNeg);
}

// Non-linear regression truth: sin and an interaction.
Vector nonlinearTruth(const Matrix& X)
{
    Vector f(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i)
        f[i] = std::sin(2.0 * X(i, 0)) + X(i, 1) * X(i, 2) + 0.5 * X(i, 3);
    return f;
}

std::unique_ptr<Regressor> roundTrip(const Regressor& model)
{
    const QByteArray text = QJsonDocument(model.toJson()).toJson(QJsonDocument::Compact);
    return makeRegressorFromJson(QJsonDocument::fromJson(text).object());
}

LearnerSpec xgbSpec(LearnerKind kind, int nthread = 1)
{
    LearnerSpec s;
    s.kind = kind;
    s.rounds = 200;
    s.maxDepth = 4;
    s.eta = 0.1;
    s.nthread = nthread;
    s.seed = 42;
    return s;
}

} // namespace

class TstLearners : public QObject {
    Q_OBJECT
private slots:
    void tamperedXgboostModelsAreRejectedBeforeLoading()
    {
        // A fitted model round-trips; a model whose sizes or indices were altered never reaches XGBoost's loader.
        Matrix X(50, 2);
        Vector y(50);
        for (int i = 0; i < 50; ++i) {
            X(i, 0) = i;
            X(i, 1) = i % 7;
            y[i] = i % 3;
        }
        LearnerSpec spec;
        spec.rounds = 3;
        auto m = makeRegressor(spec);
        m->fit(X, y, Vector());
        const QJsonObject json = m->toJson();
        QVERIFY(makeRegressorFromJson(json)->predict(X).isApprox(m->predict(X)));
        const QByteArray model = QByteArray::fromBase64(json["xgboost_json_base64"].toString().toLatin1());
        checkXgbModelJson(model, 2);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkXgbModelJson(model, 3)); // feature count mismatch
        auto tamper = [&](auto f) {
            QJsonObject doc = QJsonDocument::fromJson(model).object();
            QJsonObject learner = doc["learner"].toObject();
            QJsonObject gb = learner["gradient_booster"].toObject();
            QJsonObject mo = gb["model"].toObject();
            QJsonArray trees = mo["trees"].toArray();
            QJsonObject t = trees[0].toObject();
            f(t, mo);
            trees[0] = t;
            mo["trees"] = trees;
            gb["model"] = mo;
            learner["gradient_booster"] = gb;
            doc["learner"] = learner;
            QJsonObject reg = json;
            reg["xgboost_json_base64"]
                = QString::fromLatin1(QJsonDocument(doc).toJson(QJsonDocument::Compact).toBase64());
            return reg;
        };
        const QJsonObject huge = tamper([](QJsonObject& t, QJsonObject&) {
            QJsonObject tp = t["tree_param"].toObject();
            tp["num_nodes"] = "1000000000000";
            t["tree_param"] = tp;
        });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(huge));
        const QJsonObject child = tamper([](QJsonObject& t, QJsonObject&) {
            QJsonArray l = t["left_children"].toArray();
            l[0] = 999;
            t["left_children"] = l;
        });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(child));
        const QJsonObject feature = tamper([](QJsonObject& t, QJsonObject&) {
            QJsonArray si = t["split_indices"].toArray();
            si[0] = 7;
            t["split_indices"] = si;
        });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(feature));
        // Valid indices but a right child that is not the left child + 1 (XGBoost's predictor would walk off the
        // node array): found by fuzz_router_json.
        const QJsonObject links = tamper([](QJsonObject& t, QJsonObject&) {
            QJsonArray l = t["left_children"].toArray(), r = t["right_children"].toArray();
            const double root = l[0].toDouble();
            l[0] = r[0].toDouble();
            r[0] = root;
            t["left_children"] = l;
            t["right_children"] = r;
        });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(links));
        const QJsonObject trees = tamper([](QJsonObject&, QJsonObject& mo) {
            QJsonObject p = mo["gbtree_model_param"].toObject();
            p["num_trees"] = "4";
            mo["gbtree_model_param"] = p;
        });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(trees));
        QJsonObject binary = json;
        binary["xgboost_json_base64"] = QString::fromLatin1(QByteArray("\x01\x02binary").toBase64());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(binary));
    }

    void ridgeCrossValidationPicksThePenalty()
    {
        // Pure noise: CV must choose a strong penalty; a strong linear signal: a weak one.
        std::mt19937_64 rng(77);
        std::normal_distribution<double> N01(0.0, 1.0);
        const int n = 400, d = 30;
        crw::Matrix X(n, d);
        crw::Vector noise(n), signal(n);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < d; ++j)
                X(i, j) = N01(rng);
            noise[i] = N01(rng);
            signal[i] = 2.0 * X(i, 0) - X(i, 1) + 0.1 * N01(rng);
        }
        crw::LearnerSpec spec { crw::LearnerKind::Ridge, 10.0 };
        spec.cvFolds = 5;
        auto a = crw::makeRegressor(spec);
        a->fit(X, noise, crw::Vector());
        auto b = crw::makeRegressor(spec);
        b->fit(X, signal, crw::Vector());
        qInfo("cv l2: noise %.1f, signal %.1f", a->spec().l2, b->spec().l2);
        QVERIFY(a->spec().l2 >= 1000.0);
        QVERIFY(b->spec().l2 <= 10.0);
        // The chosen penalty survives serialisation.
        QCOMPARE(crw::makeRegressorFromJson(b->toJson())->spec().l2, b->spec().l2);
    }

    void ridgeRecoversCoefficients()
    {
        std::mt19937_64 rng(1);
        const Eigen::Index n = 5000;
        Matrix X = gaussianMatrix(n, 4, rng);
        X.col(1) = 3.0 * X.col(1).array() + 10.0; // scale and shift: internal standardisation must undo it
        X.col(3).setConstant(7.0); // zero-variance column
        Vector b(4);
        b << 1.5, -0.7, 0.0, 0.0;
        std::normal_distribution<double> noise(0, 0.1);
        Vector y = (X * b).array() + 2.0;
        for (Eigen::Index i = 0; i < n; ++i)
            y[i] += noise(rng);
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        spec.l2 = 1e-6;
        RidgeRegressor r(spec);
        r.fit(X, y, {});
        for (int j = 0; j < 4; ++j)
            QVERIFY2(std::abs(r.coefficients()[j] - b[j]) < 0.01,
                qPrintable(QString("coef %1 = %2").arg(j).arg(r.coefficients()[j])));
        QCOMPARE(r.coefficients()[3], 0.0);
        QVERIFY(std::abs(r.intercept() - 2.0) < 0.05);
        const Vector pred = r.predict(X);
        QVERIFY(std::abs((y - pred).array().square().mean() - 0.01) < 0.002); // residual variance = noise variance
    }

    void ridgePenaltyMatchesClosedForm()
    {
        // One feature: b_std = sum z (y - ybar) / (sum z^2 + l2), z = (x - mean)/sd (population sd).
        Matrix X(4, 1);
        X << 1, 2, 3, 6;
        Vector y(4);
        y << 1, 3, 2, 7;
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        spec.l2 = 2.0;
        RidgeRegressor r(spec);
        r.fit(X, y, {});
        const double mean = 3.0, sd = std::sqrt((4.0 + 1.0 + 0.0 + 9.0) / 4.0);
        double szz = 0, szy = 0;
        for (int i = 0; i < 4; ++i) {
            const double z = (X(i, 0) - mean) / sd;
            szz += z * z;
            szy += z * (y[i] - 3.25);
        }
        const double bStd = szy / (szz + 2.0);
        QVERIFY(std::abs(r.coefficients()[0] - bStd / sd) < 1e-12);
        QVERIFY(std::abs(r.intercept() - (3.25 - bStd / sd * mean)) < 1e-12);
    }

    void ridgeWeightsEqualDuplicatedRows()
    {
        std::mt19937_64 rng(2);
        const Eigen::Index n = 300;
        Matrix X = gaussianMatrix(n, 3, rng);
        Vector y = X.col(0) * 2.0 + X.col(1).cwiseAbs() + gaussianMatrix(n, 1, rng).col(0);
        Vector w(n);
        std::uniform_int_distribution<int> k(0, 3);
        for (auto& wi : w)
            wi = k(rng);
        std::vector<Eigen::Index> rows;
        for (Eigen::Index i = 0; i < n; ++i)
            for (int c = 0; c < int(w[i]); ++c)
                rows.push_back(i);
        Matrix Xd(Eigen::Index(rows.size()), 3);
        Vector yd(Eigen::Index(rows.size()));
        for (size_t r = 0; r < rows.size(); ++r) {
            Xd.row(Eigen::Index(r)) = X.row(rows[r]);
            yd[Eigen::Index(r)] = y[rows[r]];
        }
        // Without a penalty the standardisation does not matter, so an integer weight equals duplicating the row.
        // (With l2 > 0 it does not: the standardisation uses unweighted moments, which duplication changes.)
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        spec.l2 = 0.0;
        RidgeRegressor weighted(spec), duplicated(spec), plain(spec);
        weighted.fit(X, y, w);
        duplicated.fit(Xd, yd, {});
        plain.fit(X, y, {});
        QVERIFY((weighted.coefficients() - duplicated.coefficients()).lpNorm<Eigen::Infinity>() < 1e-9);
        QVERIFY(std::abs(weighted.intercept() - duplicated.intercept()) < 1e-9);
        QVERIFY((weighted.coefficients() - plain.coefficients()).lpNorm<Eigen::Infinity>() > 1e-3);
    }

    void ridgeStandardisesWithoutTheWeights()
    {
        // Issue 13 fix 1: the penalty's scale must not depend on the sample weights. Column 0 is continuous, column 1
        // a rare indicator (5% of rows) whose rows get weight 1e-4 (like preference rows under R-learner weights
        // p^2). The stored standardiser must hold the unweighted mean and sd of column 0 and the unit range of the
        // two-valued column 1, whatever the weights.
        std::mt19937_64 rng(5);
        const Eigen::Index n = 400;
        Matrix X = gaussianMatrix(n, 2, rng);
        Vector w = Vector::Ones(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            X(i, 1) = i % 20 == 0 ? 3.0 : 1.0; // two values, range 2
            if (i % 20 == 0)
                w[i] = 1e-4;
        }
        const Vector y = X.col(0) + gaussianMatrix(n, 1, rng).col(0);
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        spec.l2 = 3.0;
        RidgeRegressor weighted(spec), plain(spec);
        weighted.fit(X, y, w);
        plain.fit(X, y, {});
        const ColumnScaler sw = ColumnScaler::fromJson(weighted.toJson()["scaler"].toObject());
        const ColumnScaler sp = ColumnScaler::fromJson(plain.toJson()["scaler"].toObject());
        const double mean0 = X.col(0).mean();
        const double sd0 = std::sqrt((X.col(0).array() - mean0).square().mean());
        QVERIFY(std::abs(sw.mean()[0] - mean0) < 1e-12);
        QVERIFY(std::abs(sw.sd()[0] - sd0) < 1e-12);
        QVERIFY(std::abs(sw.mean()[1] - X.col(1).mean()) < 1e-12);
        QCOMPARE(sw.sd()[1], 2.0);
        QCOMPARE(sw.sd()[0], sp.sd()[0]);
        QCOMPARE(sw.mean()[1], sp.mean()[1]);
    }

    void ridgeRoundTripIsExact()
    {
        std::mt19937_64 rng(3);
        Matrix X = gaussianMatrix(200, 5, rng);
        Vector y = X.rowwise().sum() + gaussianMatrix(200, 1, rng).col(0);
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        auto r = makeRegressor(spec);
        r->fit(X, y, {});
        const auto back = roundTrip(*r);
        QVERIFY(back->predict(X) == r->predict(X));
        QCOMPARE(back->spec().describe(), QString("ridge(l2=1)"));
    }

    void ridgeRejectsBadInput()
    {
        LearnerSpec spec;
        spec.kind = LearnerKind::Ridge;
        RidgeRegressor r(spec);
        Matrix X = Matrix::Ones(3, 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.fit(X, Vector::Ones(2), {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.fit(X, Vector::Ones(3), -Vector::Ones(3)));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, r.predict(X));
    }

    void logisticRecoversCoefficients()
    {
        std::mt19937_64 rng(4);
        const Eigen::Index n = 20000;
        Matrix X = gaussianMatrix(n, 3, rng);
        X.col(2) = X.col(2) * 0.5;
        Vector b(3);
        b << 1.0, -0.5, 0.8;
        const double a = -0.3;
        std::uniform_real_distribution<double> u(0, 1);
        Vector y(n);
        for (Eigen::Index i = 0; i < n; ++i)
            y[i] = u(rng) < 1.0 / (1.0 + std::exp(-(a + X.row(i).dot(b)))) ? 1.0 : 0.0;
        LearnerSpec spec;
        spec.kind = LearnerKind::Logistic;
        spec.l2 = 1e-3;
        LogisticRegressor m(spec);
        m.fit(X, y, {});
        for (int j = 0; j < 3; ++j)
            QVERIFY2(std::abs(m.coefficients()[j] - b[j]) < 0.1, qPrintable(QString::number(m.coefficients()[j])));
        QVERIFY(std::abs(m.intercept() - a) < 0.1);
        QVERIFY(m.iterations() >= 2 && m.iterations() < 30);
        const Vector p = m.predict(X);
        QVERIFY((p.array() > 0).all() && (p.array() < 1).all());
        // An unpenalised intercept makes the fitted mean equal the observed mean (score equation).
        QVERIFY2(std::abs(p.mean() - y.mean()) < 1e-6, qPrintable(QString::number(p.mean() - y.mean())));
        // Calibration by decile of predicted probability.
        std::vector<Eigen::Index> idx(static_cast<size_t>(n));
        std::iota(idx.begin(), idx.end(), Eigen::Index(0));
        std::sort(idx.begin(), idx.end(), [&](auto i, auto j) { return p[i] < p[j]; });
        for (int dec = 0; dec < 10; ++dec) {
            double sp = 0, sy = 0;
            for (size_t k = size_t(dec) * size_t(n) / 10; k < size_t(dec + 1) * size_t(n) / 10; ++k) {
                sp += p[idx[k]];
                sy += y[idx[k]];
            }
            QVERIFY2(std::abs(sp - sy) / (double(n) / 10) < 0.04, qPrintable(QString("decile %1").arg(dec)));
        }
        const auto back = roundTrip(m);
        QVERIFY(back->predict(X) == p);
    }

    void logisticWeightsEqualDuplicatedRows()
    {
        std::mt19937_64 rng(5);
        const Eigen::Index n = 400;
        Matrix X = gaussianMatrix(n, 2, rng);
        std::uniform_real_distribution<double> u(0, 1);
        Vector y(n), w(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            y[i] = u(rng) < 1.0 / (1.0 + std::exp(-X(i, 0))) ? 1.0 : 0.0;
            w[i] = (i % 3 == 0) ? 2.0 : 1.0;
        }
        std::vector<Eigen::Index> rows;
        for (Eigen::Index i = 0; i < n; ++i)
            for (int c = 0; c < int(w[i]); ++c)
                rows.push_back(i);
        Matrix Xd(Eigen::Index(rows.size()), 2);
        Vector yd(Eigen::Index(rows.size()));
        for (size_t r = 0; r < rows.size(); ++r) {
            Xd.row(Eigen::Index(r)) = X.row(rows[r]);
            yd[Eigen::Index(r)] = y[rows[r]];
        }
        LearnerSpec spec;
        spec.kind = LearnerKind::Logistic;
        LogisticRegressor a(spec), b(spec);
        a.fit(X, y, w);
        b.fit(Xd, yd, {});
        QVERIFY((a.coefficients() - b.coefficients()).lpNorm<Eigen::Infinity>() < 1e-6);
    }

    void logisticSeparableAndDegenerate()
    {
        // Perfectly separable: the penalty keeps the solution finite and the classes apart.
        Matrix X(100, 1);
        Vector y(100);
        for (int i = 0; i < 100; ++i) {
            X(i, 0) = i - 49.5;
            y[i] = i >= 50 ? 1.0 : 0.0;
        }
        LearnerSpec spec;
        spec.kind = LearnerKind::Logistic;
        spec.l2 = 1.0;
        LogisticRegressor m(spec);
        m.fit(X, y, {});
        QVERIFY(m.coefficients().allFinite());
        const Vector p = m.predict(X);
        QVERIFY(p[0] < 0.05 && p[99] > 0.95);
        QVERIFY(std::abs(p.mean() - 0.5) < 1e-6);
        // One class only: predict the base rate.
        LogisticRegressor ones(spec);
        ones.fit(X, Vector::Ones(100), {});
        QCOMPARE(ones.predict(X)[7], 1.0);
        LogisticRegressor zeros(spec);
        zeros.fit(X, Vector::Zero(100), {});
        QCOMPARE(zeros.predict(X)[7], 0.0);
        QCOMPARE(roundTrip(zeros)->predict(X)[3], 0.0);
    }

    void xgbGbmFitsNonlinearFunction()
    {
        std::mt19937_64 rng(6);
        Matrix X = gaussianMatrix(6000, 6, rng);
        const Vector f = nonlinearTruth(X);
        Vector y = f + 0.3 * gaussianMatrix(6000, 1, rng).col(0);
        Matrix Xtest = gaussianMatrix(2000, 6, rng);
        XgbRegressor m(xgbSpec(LearnerKind::XgbGbm));
        m.fit(X, y, {});
        QCOMPARE(m.boostedRounds(), 200);
        const double r2 = rSquared(nonlinearTruth(Xtest), m.predict(Xtest));
        QVERIFY2(r2 > 0.8, qPrintable(QString("test R^2 = %1").arg(r2)));
    }

    void xgbThreadCountDoesNotChangeResults()
    {
        std::mt19937_64 rng(7);
        Matrix X = gaussianMatrix(5000, 8, rng);
        Vector y = nonlinearTruth(X) + 0.3 * gaussianMatrix(5000, 1, rng).col(0);
        for (LearnerKind kind : { LearnerKind::XgbGbm, LearnerKind::XgbRf }) {
            XgbRegressor one(xgbSpec(kind, 1)), two(xgbSpec(kind, 2));
            one.fit(X, y, {});
            two.fit(X, y, {});
            const Vector p1 = one.predict(X), p2 = two.predict(X);
            QVERIFY2(p1 == p2, qPrintable(QString("max diff %1").arg((p1 - p2).lpNorm<Eigen::Infinity>())));
            // Same seed twice: identical; another seed: different (subsampling is really seeded).
            XgbRegressor again(xgbSpec(kind, 1));
            again.fit(X, y, {});
            QVERIFY(again.predict(X) == p1);
            LearnerSpec other = xgbSpec(kind, 1);
            other.seed = 43;
            XgbRegressor different(other);
            different.fit(X, y, {});
            QVERIFY(different.predict(X) != p1);
        }
    }

    void xgbRoundTripIsExact()
    {
        std::mt19937_64 rng(8);
        Matrix X = gaussianMatrix(2000, 5, rng);
        Vector y = nonlinearTruth(X);
        for (LearnerKind kind : { LearnerKind::XgbGbm, LearnerKind::XgbRfClassifier }) {
            Vector target = y;
            if (kind == LearnerKind::XgbRfClassifier)
                target = (y.array() > 0).cast<double>();
            auto m = makeRegressor(xgbSpec(kind));
            m->fit(X, target, {});
            const auto back = roundTrip(*m);
            QVERIFY(back->predict(X) == m->predict(X));
            QCOMPARE(back->spec().describe(), m->spec().describe());
        }
    }

    void xgbZeroWeightEqualsDroppingRows()
    {
        std::mt19937_64 rng(9);
        const Eigen::Index n = 3000;
        Matrix X = gaussianMatrix(n, 4, rng);
        Vector y = nonlinearTruth(X) + 0.2 * gaussianMatrix(n, 1, rng).col(0);
        Vector w = Vector::Ones(n);
        std::vector<Eigen::Index> kept;
        for (Eigen::Index i = 0; i < n; ++i) {
            if (X(i, 0) > 0.5) { // drop a non-random subset so the fit must change
                w[i] = 0;
                y[i] += 5.0; // ... and make those rows misleading
            } else {
                kept.push_back(i);
            }
        }
        Matrix Xk(Eigen::Index(kept.size()), 4);
        Vector yk(Eigen::Index(kept.size()));
        for (size_t r = 0; r < kept.size(); ++r) {
            Xk.row(Eigen::Index(r)) = X.row(kept[r]);
            yk[Eigen::Index(r)] = y[kept[r]];
        }
        LearnerSpec spec = xgbSpec(LearnerKind::XgbGbm);
        spec.subsample = 1.0; // row sampling draws over all rows and would differ between the two fits
        spec.colsample = 1.0;
        spec.rounds = 50;
        XgbRegressor weighted(spec), dropped(spec), unweighted(spec);
        weighted.fit(X, y, w);
        dropped.fit(Xk, yk, {});
        unweighted.fit(X, y, {});
        Matrix Xtest = gaussianMatrix(1000, 4, rng);
        const Vector pw = weighted.predict(Xtest), pd = dropped.predict(Xtest), pu = unweighted.predict(Xtest);
        const double diff = (pw - pd).cwiseAbs().mean();
        qInfo("zero weight vs dropped: mean |diff| %g, vs unweighted %g", diff, (pw - pu).cwiseAbs().mean());
        QVERIFY2(diff < 1e-6, qPrintable(QString("mean |weighted - dropped| = %1").arg(diff)));
        QVERIFY((pw - pu).cwiseAbs().mean() > 0.5);
    }

    void xgbClassifierIsSane()
    {
        std::mt19937_64 rng(10);
        const Eigen::Index n = 8000;
        Matrix X = gaussianMatrix(n, 5, rng);
        std::uniform_real_distribution<double> u(0, 1);
        auto prob = [](const Matrix& M, Eigen::Index i) {
            return 1.0 / (1.0 + std::exp(-(1.5 * std::sin(2 * M(i, 0)) + M(i, 1) * M(i, 2))));
        };
        Vector y(n);
        for (Eigen::Index i = 0; i < n; ++i)
            y[i] = u(rng) < prob(X, i) ? 1.0 : 0.0;
        Matrix Xt = gaussianMatrix(4000, 5, rng);
        Vector yt(4000), pt(4000);
        for (Eigen::Index i = 0; i < 4000; ++i) {
            pt[i] = prob(Xt, i);
            yt[i] = u(rng) < pt[i] ? 1.0 : 0.0;
        }
        const double oracleAuc = auc(pt, yt);
        for (LearnerKind kind : { LearnerKind::XgbGbmClassifier, LearnerKind::XgbRfClassifier }) {
            LearnerSpec spec = xgbSpec(kind);
            if (kind == LearnerKind::XgbRfClassifier) {
                spec.maxDepth = 8;
                spec.minChildWeight = 5;
            }
            XgbRegressor m(spec);
            m.fit(X, y, {});
            const Vector p = m.predict(Xt);
            QVERIFY((p.array() > 0).all() && (p.array() < 1).all());
            const double a = auc(p, yt);
            QVERIFY2(a > oracleAuc - 0.06,
                qPrintable(QString("%1 AUC %2 vs oracle %3").arg(spec.describe()).arg(a).arg(oracleAuc)));
            QVERIFY2(std::abs(p.mean() - yt.mean()) < 0.03,
                qPrintable(QString("mean %1 vs %2").arg(p.mean()).arg(yt.mean())));
            double ll = 0, llBase = 0;
            const double base = y.mean();
            for (Eigen::Index i = 0; i < 4000; ++i) {
                ll -= yt[i] * std::log(p[i]) + (1 - yt[i]) * std::log(1 - p[i]);
                llBase -= yt[i] * std::log(base) + (1 - yt[i]) * std::log(1 - base);
            }
            QVERIFY(ll < 0.9 * llBase);
        }
    }

    void xgbRandomForestRespectsDepthCap()
    {
        std::mt19937_64 rng(11);
        Matrix X = gaussianMatrix(8000, 5, rng);
        Vector y = nonlinearTruth(X) + 0.3 * gaussianMatrix(8000, 1, rng).col(0);
        LearnerSpec spec = xgbSpec(LearnerKind::XgbRf);
        spec.rounds = 50;
        spec.maxDepth = 30;
        XgbRegressor deep(spec);
        deep.fit(X, y, {});
        QCOMPARE(deep.boostedRounds(), 1);
        QVERIFY(deep.fittedMaxDepth() <= XgbRegressor::kMaxRfDepth);
        QVERIFY(deep.fittedMaxDepth() >= 10);
        QVERIFY(spec.describe().contains("depth=12"));
        spec.maxDepth = 6;
        XgbRegressor shallow(spec);
        shallow.fit(X, y, {});
        QCOMPARE(shallow.fittedMaxDepth(), 6);
        Matrix Xt = gaussianMatrix(1000, 5, rng);
        const double r2 = rSquared(nonlinearTruth(Xt), deep.predict(Xt));
        QVERIFY2(r2 > 0.6, qPrintable(QString("RF test R^2 = %1").arg(r2)));
    }

    void xgbEarlyStoppingStopsOnNoise()
    {
        std::mt19937_64 rng(12);
        Matrix X = gaussianMatrix(2000, 5, rng);
        // Mostly noise: held-out loss stops improving long before 500 rounds.
        Vector y = 0.3 * X.col(0) + gaussianMatrix(2000, 1, rng).col(0);
        LearnerSpec spec = xgbSpec(LearnerKind::XgbGbm);
        spec.rounds = 500;
        spec.eta = 0.3;
        spec.earlyStoppingRounds = 10;
        XgbRegressor m(spec);
        m.fit(X, y, {});
        QVERIFY2(m.boostedRounds() >= 1 && m.boostedRounds() < 100, qPrintable(QString::number(m.boostedRounds())));
        const auto back = roundTrip(m);
        QVERIFY(back->predict(X) == m.predict(X));
        Matrix Xt = gaussianMatrix(2000, 5, rng);
        const double r2 = rSquared(0.3 * Xt.col(0), m.predict(Xt));
        QVERIFY2(r2 > 0.5, qPrintable(QString("R^2 vs signal = %1").arg(r2)));
    }

    void specJsonRoundTrip()
    {
        LearnerSpec s;
        s.kind = LearnerKind::XgbGbmClassifier;
        s.rounds = 123;
        s.eta = 0.05;
        s.seed = 0xfedcba9876543210ULL;
        s.earlyStoppingRounds = 7;
        const LearnerSpec back = learnerSpecFromJson(learnerSpecToJson(s));
        QCOMPARE(back.seed, s.seed);
        QCOMPARE(back.rounds, 123);
        QCOMPARE(back.describe(), s.describe());
        QCOMPARE(s.describe(),
            QString("xgb-clf(rounds=123,depth=4,eta=0.05,subsample=0.8,colsample=0.8,l2=1,min_child=1,early_stop=7)"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, learnerKindFromName("svm"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(QJsonObject {}));
        QJsonObject broken = XgbRegressor(s).toJson();
        broken["fitted"] = true;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeRegressorFromJson(broken));
    }
};

QTEST_GUILESS_MAIN(TstLearners)
#include "tst_learners.moc"
