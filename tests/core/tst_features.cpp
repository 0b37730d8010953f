// Featurizers: stable hashing, tokenisation, TF-IDF+SVD geometry and determinism, PCA on known low-rank data,
// bit-identical serialisation round trips.
#include "features/EmbeddingPcaFeaturizer.h"
#include "features/RandomizedSvd.h"
#include "features/TextHashing.h"
#include "features/TfidfSvdFeaturizer.h"

#include <QJsonDocument>
#include <QtTest>
#include <cmath>
#include <random>

using namespace crw;

namespace {

const QStringList kMath = { "integral", "derivative", "matrix", "eigenvalue", "prove", "theorem", "equation",
    "polynomial", "limit", "vector", "probability", "lemma", "solve", "algebra", "geometry" };
const QStringList kCooking = { "recipe", "bake", "oven", "flour", "sugar", "butter", "simmer", "garlic", "onion",
    "roast", "salt", "pepper", "dough", "sauce", "chicken" };
const QStringList kCode = { "python", "function", "compile", "segfault", "pointer", "class", "debug", "stack",
    "exception", "thread", "async", "library", "import", "variable", "loop" };
const QStringList kFiller = { "the", "a", "how", "do", "i", "what", "is", "please", "explain", "with", "my" };

// Synthetic queries: topic t in {0,1,2}, 6-14 topic words mixed with filler words.
QueryBatch corpus(int n, std::mt19937_64& rng, std::vector<int>* topics = nullptr)
{
    const QStringList* vocab[3] = { &kMath, &kCooking, &kCode };
    const char* taskNames[3] = { "math", "cooking", "code" };
    QueryBatch b;
    for (int i = 0; i < n; ++i) {
        const int t = int(rng() % 3);
        const int words = 6 + int(rng() % 9);
        QStringList parts;
        for (int w = 0; w < words; ++w)
            parts << ((rng() % 3 == 0) ? kFiller[int(rng() % kFiller.size())]
                                       : (*vocab[t])[int(rng() % vocab[t]->size())]);
        b.texts << parts.join(rng() % 2 ? " " : ", ");
        b.tasks << taskNames[t];
        if (topics)
            topics->push_back(t);
    }
    return b;
}

double cosine(const Eigen::VectorXd& a, const Eigen::VectorXd& b)
{
    return a.dot(b) / (a.norm() * b.norm());
}

QJsonObject viaText(const QJsonObject& o)
{
    return QJsonDocument::fromJson(QJsonDocument(o).toJson(QJsonDocument::Compact)).object();
}

} // namespace

class TstFeatures : public QObject {
    Q_OBJECT
private slots:
    void hashIsStableFnv1a()
    {
        // Reference values computed independently (Python) for tag 'w' + UTF-32LE "ab" and tag 'c' + " é".
        const std::u32string ab = U"ab", se = U" \u00e9";
        QCOMPARE(fnv1a64('w', ab.data(), ab.data() + 2), 0xceb7928f0b1f8a15ULL);
        QCOMPARE(fnv1a64('c', se.data(), se.data() + 2), 0xabda2728877f404bULL);
        TextHashingOptions o;
        o.wordBigrams = false;
        o.charMax = 0; // unigrams only
        std::vector<uint32_t> buckets;
        QCOMPARE(hashTerms("AB", o, buckets), size_t(1));
        QCOMPARE(buckets, std::vector<uint32_t> { 6298u });
    }

    void tokenizesUnicodeWords()
    {
        const auto w = tokenizeWords(QString::fromUtf8("Hello, WORLD! Ça-va 42x \xF0\x9D\x90\x80z"));
        QCOMPARE(w.size(), size_t(6));
        QVERIFY(w[0] == U"hello");
        QVERIFY(w[1] == U"world");
        QVERIFY(w[2] == U"\u00e7a");
        QVERIFY(w[3] == U"va");
        QVERIFY(w[4] == U"42x");
        QVERIFY(w[5] == U"\U0001d400z"); // mathematical bold A (outside the BMP) is a letter
        TextHashingOptions o; // words 1+2-grams, char 3-5-grams of " ab " (4 chars: 2+1+0)
        std::vector<uint32_t> buckets;
        hashTerms("ab cd", o, buckets);
        QCOMPARE(buckets.size(), size_t(2 + 1 + 2 * 3));
    }

    void svdRecoversKnownSpectrum()
    {
        // A = U diag(10, 5, 1) V' exactly rank 3: singular values and the row space must be recovered.
        std::mt19937_64 rng(1);
        PortableGaussian g(7);
        Eigen::MatrixXd U(200, 3), V(40, 3);
        for (Eigen::Index i = 0; i < U.size(); ++i)
            U.data()[i] = g.next();
        for (Eigen::Index i = 0; i < V.size(); ++i)
            V.data()[i] = g.next();
        U = Eigen::HouseholderQR<Eigen::MatrixXd>(U).householderQ() * Eigen::MatrixXd::Identity(200, 3);
        V = Eigen::HouseholderQR<Eigen::MatrixXd>(V).householderQ() * Eigen::MatrixXd::Identity(40, 3);
        const Eigen::Vector3d s(10, 5, 1);
        const Eigen::MatrixXd A = U * s.asDiagonal() * V.transpose();
        RandomizedSvdOptions o;
        o.rank = 3;
        const TruncatedSvd r = randomizedSvd(A, o, 3);
        QVERIFY((r.singularValues - s).cwiseAbs().maxCoeff() < 1e-9);
        for (int j = 0; j < 3; ++j)
            QVERIFY(std::abs(std::abs(r.rightVectors.col(j).dot(V.col(j))) - 1.0) < 1e-9);
        SparseRowMatrix S = A.sparseView();
        const TruncatedSvd rs = randomizedSvd(S, o, 3);
        QVERIFY((rs.singularValues - s).cwiseAbs().maxCoeff() < 1e-9);
    }

    void tfidfSeparatesTopics()
    {
        std::mt19937_64 rng(2);
        std::vector<int> topic;
        const QueryBatch train = corpus(600, rng, &topic);
        TfidfSvdOptions o;
        o.dim = 10;
        o.taskOneHot = false;
        o.lengthFeatures = false;
        TfidfSvdFeaturizer f(o);
        f.fit(train, 11);
        QCOMPARE(f.dim(), Eigen::Index(10));
        QVERIFY(f.vocabularySize() > 100);
        QVERIFY(f.singularValues().size() == 10);
        std::vector<int> testTopic;
        const QueryBatch test = corpus(90, rng, &testTopic);
        const Matrix Z = f.transform(test);
        double within = 0, between = 0;
        int nw = 0, nb = 0;
        for (int i = 0; i < 90; ++i)
            for (int j = i + 1; j < 90; ++j) {
                const double c = cosine(Z.row(i).transpose(), Z.row(j).transpose());
                (testTopic[size_t(i)] == testTopic[size_t(j)] ? within : between) += c;
                (testTopic[size_t(i)] == testTopic[size_t(j)] ? nw : nb) += 1;
            }
        within /= nw;
        between /= nb;
        qInfo("mean cosine within topic %.3f, between topics %.3f", within, between);
        QVERIFY2(within > between + 0.3, qPrintable(QString("%1 vs %2").arg(within).arg(between)));
        // A paraphrase (same words, reordered) is closer than a text of another topic.
        QueryBatch probe;
        probe.texts = QStringList { "how do i compute the eigenvalue of a matrix",
            "matrix eigenvalue: how do i compute", "how do i bake bread with flour and butter" };
        const Matrix P = f.transform(probe);
        QVERIFY(cosine(P.row(0).transpose(), P.row(1).transpose())
            > cosine(P.row(0).transpose(), P.row(2).transpose()) + 0.3);
    }

    void tfidfDeterministicAndRoundTripExact()
    {
        std::mt19937_64 rng(3);
        const QueryBatch train = corpus(400, rng);
        TfidfSvdOptions o;
        o.dim = 8;
        TfidfSvdFeaturizer a(o), b(o);
        a.fit(train, 5);
        b.fit(train, 5);
        const QueryBatch test = corpus(50, rng);
        const Matrix Za = a.transform(test);
        QCOMPARE(Za.cols(), Eigen::Index(8 + 2 + 3));
        QVERIFY(Za == b.transform(test));
        QVERIFY(QJsonDocument(a.toJson()).toJson() == QJsonDocument(b.toJson()).toJson());
        // Training columns are standardised.
        const Matrix Zt = a.transform(train);
        QVERIFY(Zt.colwise().mean().cwiseAbs().maxCoeff() < 1e-9);
        // Round trip through JSON text: bitwise identical rows; a query alone equals its row in the batch.
        const auto back = makeFeaturizerFromJson(viaText(a.toJson()));
        QCOMPARE(back->dim(), a.dim());
        QCOMPARE(back->featureNames(), a.featureNames());
        QVERIFY(back->transform(test) == Za);
        QueryBatch one;
        one.texts << test.texts[7];
        one.tasks << test.tasks[7];
        QVERIFY(back->transform(one).row(0) == Za.row(7));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, makeFeaturizerFromJson(QJsonObject { { "family", "nope" } }));
    }

    void tfidfExtraColumns()
    {
        std::mt19937_64 rng(4);
        QueryBatch train = corpus(200, rng);
        TfidfSvdOptions o;
        o.dim = 4;
        o.standardize = false;
        TfidfSvdFeaturizer f(o);
        f.fit(train, 1);
        QCOMPARE(f.featureNames(),
            (QStringList {
                "svd1", "svd2", "svd3", "svd4", "log_chars", "log_words", "task=code", "task=cooking", "task=math" }));
        QueryBatch q;
        q.texts << QString::fromUtf8("Bake the dough, \xC3\xA9t\xC3\xA9!") << "zzz unknownword";
        q.tasks << "cooking"
                << "unseen-task";
        const Matrix Z = f.transform(q);
        QCOMPARE(Z(0, 4), std::log1p(20.0)); // 20 code points (é is one)
        QCOMPARE(Z(0, 5), std::log1p(4.0));
        QCOMPARE(Z(0, 6), 0.0);
        QCOMPARE(Z(0, 7), 1.0);
        QCOMPARE(Z(0, 8), 0.0);
        QCOMPARE(Z.row(1).segment(6, 3).sum(), 0.0); // unknown task: no indicator
        QCOMPARE(Z.row(1).head(4).cwiseAbs().sum(), 0.0); // no known term: zero embedding
        // The SVD part of a row has norm <= 1 (projection of a unit TF-IDF row onto orthonormal axes).
        QVERIFY(Z.row(0).head(4).norm() <= 1.0 + 1e-6);
    }

    void pcaRecoversLowRankStructure()
    {
        // 3 latent factors with variances 9, 4, 1 spread over 20 columns + small isotropic noise.
        PortableGaussian g(5);
        const Eigen::Index n = 3000, D = 20;
        Eigen::MatrixXd W(3, D);
        for (Eigen::Index i = 0; i < W.size(); ++i)
            W.data()[i] = g.next();
        Eigen::MatrixXd Wq = Eigen::HouseholderQR<Eigen::MatrixXd>(W.transpose()).householderQ()
            * Eigen::MatrixXd::Identity(D, 3); // orthonormal loadings, D x 3
        const Eigen::Vector3d sd(3, 2, 1);
        QueryBatch b;
        b.embeddings.resize(n, D);
        for (Eigen::Index i = 0; i < n; ++i) {
            Eigen::Vector3d f(sd[0] * g.next(), sd[1] * g.next(), sd[2] * g.next());
            Eigen::VectorXd row = Wq * f;
            for (Eigen::Index k = 0; k < D; ++k)
                row[k] += 0.05 * g.next() + 4.0; // noise + offset
            b.embeddings.row(i) = row.transpose();
        }
        EmbeddingPcaOptions o;
        o.dim = 3;
        o.taskOneHot = false;
        EmbeddingPcaFeaturizer pca(o);
        pca.fit(b, 1);
        // Expected share: 14 / (14 + 20 * 0.0025) = 0.99644.
        QVERIFY2(std::abs(pca.explainedVarianceRatio() - 14.0 / 14.05) < 0.01,
            qPrintable(QString::number(pca.explainedVarianceRatio())));
        const Eigen::MatrixXd L = pca.loadings();
        // Each recovered axis matches a true axis (same order: variances are distinct).
        for (int j = 0; j < 3; ++j)
            QVERIFY2(std::abs(L.col(j).dot(Wq.col(j))) > 0.99, qPrintable(QString("axis %1").arg(j)));
        // The randomised path agrees.
        EmbeddingPcaOptions ro = o;
        ro.randomizedAbove = 5;
        EmbeddingPcaFeaturizer rpca(ro);
        rpca.fit(b, 1);
        QVERIFY(std::abs(rpca.explainedVarianceRatio() - pca.explainedVarianceRatio()) < 1e-6);
        QVERIFY((rpca.loadings() - L).cwiseAbs().maxCoeff() < 1e-6);
        // Outputs standardised; round trip bit-identical; a lone row equals its batch row.
        const Matrix Z = pca.transform(b);
        QVERIFY(Z.colwise().mean().cwiseAbs().maxCoeff() < 1e-9);
        const auto back = makeFeaturizerFromJson(viaText(pca.toJson()));
        QVERIFY(back->transform(b) == Z);
        QueryBatch one;
        one.embeddings = b.embeddings.row(123);
        QVERIFY(back->transform(one).row(0) == Z.row(123));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, back->transform(QueryBatch { {}, {}, Matrix::Zero(2, 3) }));
    }

    void pcaTaskColumnsAndNoRotation()
    {
        QueryBatch b;
        b.embeddings = Matrix(4, 2);
        b.embeddings << 1, 2, 3, 4, 5, 6, 7, 9;
        b.tasks = QStringList { "x", "y", "x", "" };
        EmbeddingPcaOptions o;
        o.dim = 0;
        o.standardize = false;
        EmbeddingPcaFeaturizer f(o);
        f.fit(b, 0);
        QCOMPARE(f.featureNames(), (QStringList { "emb1", "emb2", "task=x", "task=y" }));
        const Matrix Z = f.transform(b);
        QCOMPARE(Z(0, 0), 1.0 - 4.0);
        QCOMPARE(Z(3, 1), 9.0 - 5.25);
        QCOMPARE(Z(1, 3), 1.0);
        QCOMPARE(Z(3, 2) + Z(3, 3), 0.0);
    }
};

QTEST_GUILESS_MAIN(TstFeatures)
#include "tst_features.moc"
