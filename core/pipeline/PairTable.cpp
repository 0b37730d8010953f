#include "pipeline/PairTable.h"

#include "store/SqliteDb.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

namespace crw {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Acc {
    double gp = 0, ga = 0, pref = 0, delta = 0, cp = 0, ca = 0;
    int ngp = 0, nga = 0, npref = 0, ndelta = 0, ncp = 0, nca = 0;
};

qint64 modelIdOf(SqliteDb& db, const QString& name)
{
    auto st = db.prepare("SELECT id FROM models WHERE name = ?");
    st.bind(1, name.toUtf8());
    if (!st.step())
        throw StoreError(QStringLiteral("unknown model '%1' in this project").arg(name).toStdString());
    return st.columnInt(0);
}

double perQueryPrice(SqliteDb& db, qint64 id)
{
    auto st = db.prepare("SELECT usd_per_query FROM models WHERE id = ?");
    st.bind(1, int64_t(id));
    return (st.step() && !st.columnIsNull(0)) ? st.columnDouble(0) : kNaN;
}

// USD per million input and output tokens of a model; NaN when the model has no token prices.
std::pair<double, double> tokenPrices(SqliteDb& db, qint64 id)
{
    auto st = db.prepare("SELECT input_usd_per_mtok, output_usd_per_mtok FROM models WHERE id = ?");
    st.bind(1, int64_t(id));
    if (st.step() && !st.columnIsNull(0) && !st.columnIsNull(1))
        return { st.columnDouble(0), st.columnDouble(1) };
    return { kNaN, kNaN };
}
}

int PairTable::goldCount() const
{
    int c = 0;
    for (Eigen::Index i = 0; i < gain.size(); ++i)
        c += std::isfinite(gain[i]);
    return c;
}

int PairTable::prefCount() const
{
    int c = 0;
    for (Eigen::Index i = 0; i < pref.size(); ++i)
        c += std::isfinite(pref[i]);
    return c;
}

PairTable loadPairTable(
    const QString& projectPath, const QString& primary, const QString& alternative, Progress& progress)
{
    SqliteDb db(projectPath);
    if (primary == alternative)
        throw StoreError("primary and alternative must be different models");
    const qint64 p = modelIdOf(db, primary), a = modelIdOf(db, alternative);
    std::map<qint64, Acc> acc;
    progress.report(0.0, QStringLiteral("loading labels"));
    {
        // A gold row's cost: its cost_usd, else its token counts times the model's token prices (docs/runs.md).
        const auto tokP = tokenPrices(db, p), tokA = tokenPrices(db, a);
        auto st = db.prepare("SELECT query_id, model_id, score, cost_usd, input_tokens, output_tokens FROM gold_labels "
                             "WHERE model_id IN (?, ?)");
        st.bind(1, int64_t(p));
        st.bind(2, int64_t(a));
        while (st.step()) {
            Acc& x = acc[st.columnInt(0)];
            const bool isP = st.columnInt(1) == p;
            (isP ? x.gp : x.ga) += st.columnDouble(2);
            ++(isP ? x.ngp : x.nga);
            double cost = kNaN;
            if (!st.columnIsNull(3))
                cost = st.columnDouble(3);
            else if (!st.columnIsNull(4) && !st.columnIsNull(5)) {
                const auto& tok = isP ? tokP : tokA;
                cost = (double(st.columnInt(4)) * tok.first + double(st.columnInt(5)) * tok.second) / 1e6;
            }
            if (std::isfinite(cost)) {
                (isP ? x.cp : x.ca) += cost;
                ++(isP ? x.ncp : x.nca);
            }
        }
    }
    progress.check();
    progress.report(0.3);
    {
        auto st = db.prepare("SELECT query_id, model_a, outcome, true_delta FROM preference_labels "
                             "WHERE (model_a = ?1 AND model_b = ?2) OR (model_a = ?2 AND model_b = ?1)");
        st.bind(1, int64_t(p));
        st.bind(2, int64_t(a));
        int64_t rows = 0;
        while (st.step()) {
            Acc& x = acc[st.columnInt(0)];
            const double sign = st.columnInt(1) == p ? 1.0 : -1.0;
            x.pref += sign * st.columnDouble(2);
            ++x.npref;
            if (!st.columnIsNull(3)) {
                x.delta += sign * st.columnDouble(3);
                ++x.ndelta;
            }
            if (++rows % 65536 == 0)
                progress.check();
        }
    }
    progress.report(0.6);
    PairTable t;
    t.primary = primary;
    t.alternative = alternative;
    std::map<qint64, int> rowOf;
    for (const auto& [qid, x] : acc)
        if ((x.ngp && x.nga) || x.npref) {
            rowOf[qid] = int(t.queryIds.size());
            t.queryIds.push_back(qid);
        }
    if (t.queryIds.isEmpty())
        throw StoreError(
            QStringLiteral("no gold or preference labels for %1 vs %2").arg(primary, alternative).toStdString());
    const int n = int(t.queryIds.size());
    t.texts.resize(n);
    t.tasks.resize(n);
    t.goldPrimary = t.goldAlternative = t.gain = t.pref = t.trueDelta = t.costPrimary = t.costAlternative
        = Vector::Constant(n, kNaN);
    // Queries without a costed gold row: the model's price per query, else its mean costed gold row.
    double priceP = perQueryPrice(db, p), priceA = perQueryPrice(db, a);
    {
        double sp = 0, sa = 0;
        int np = 0, na = 0;
        for (const auto& [qid, x] : acc) {
            sp += x.cp;
            np += x.ncp;
            sa += x.ca;
            na += x.nca;
        }
        if (!std::isfinite(priceP) && np > 0)
            priceP = sp / np;
        if (!std::isfinite(priceA) && na > 0)
            priceA = sa / na;
    }
    for (int i = 0; i < n; ++i) {
        const Acc& x = acc[t.queryIds[i]];
        if (x.ngp && x.nga) {
            t.goldPrimary[i] = x.gp / x.ngp;
            t.goldAlternative[i] = x.ga / x.nga;
            t.gain[i] = t.goldPrimary[i] - t.goldAlternative[i];
        }
        if (x.npref)
            t.pref[i] = x.pref / x.npref;
        if (x.ndelta)
            t.trueDelta[i] = x.delta / x.ndelta;
        t.costPrimary[i] = x.ncp ? x.cp / x.ncp : priceP;
        t.costAlternative[i] = x.nca ? x.ca / x.nca : priceA;
    }
    {
        auto st = db.prepare("SELECT id, text, task FROM queries ORDER BY id");
        while (st.step()) {
            auto it = rowOf.find(st.columnInt(0));
            if (it == rowOf.end())
                continue;
            t.texts[it->second] = st.columnText(1);
            t.tasks[it->second] = st.columnText(2);
        }
    }
    progress.report(0.8, QStringLiteral("loading embeddings"));
    {
        auto st
            = db.prepare("SELECT query_id, dim, vector FROM features WHERE featurizer = 'imported' ORDER BY query_id");
        int found = 0, dim = -1;
        Matrix E;
        while (st.step()) {
            auto it = rowOf.find(st.columnInt(0));
            if (it == rowOf.end())
                continue;
            const int d = int(st.columnInt(1));
            const QByteArray blob = st.columnBlob(2);
            if (dim < 0) {
                dim = d;
                E = Matrix::Zero(n, d);
            }
            if (d != dim || blob.size() != qsizetype(d * sizeof(double)))
                throw StoreError("imported embeddings have inconsistent dimensions");
            std::memcpy(E.row(it->second).data(), blob.constData(), size_t(blob.size()));
            ++found;
        }
        if (found == n && dim > 0)
            t.embeddings = std::move(E);
    }
    progress.report(1.0);
    return t;
}

} // namespace crw
