#include "store/PairCatalog.h"

#include "store/SqliteDb.h"

#include <QMap>
#include <QSet>
#include <algorithm>

namespace crw {

bool PairCatalog::defaultPair(QString* primary, QString* alternative) const
{
    if (pairs.isEmpty())
        return false;
    *primary = pairs.first().modelA;
    *alternative = pairs.first().modelB;
    return true;
}

PairCatalog scanPairCatalog(const QString& projectPath)
{
    SqliteDb db(projectPath);
    QMap<qint64, QString> names;
    {
        auto st = db.prepare("SELECT id, name FROM models");
        while (st.step())
            names.insert(st.columnInt(0), st.columnText(1));
    }
    QSet<qint64> used;
    {
        // One model per probe: EXISTS stops at the first label instead of scanning the whole table.
        auto gold = db.prepare("SELECT EXISTS(SELECT 1 FROM gold_labels WHERE model_id = ?)");
        for (auto it = names.cbegin(); it != names.cend(); ++it) {
            gold.bind(1, int64_t(it.key()));
            if (gold.step() && gold.columnInt(0))
                used.insert(it.key());
            gold.reset();
        }
    }
    // Unordered pairs: orientation as stored by the majority of the labels.
    struct Acc {
        qint64 forward = 0, backward = 0;
    };
    QMap<QPair<qint64, qint64>, Acc> acc;
    {
        auto st = db.prepare("SELECT model_a, model_b, count(*) FROM preference_labels GROUP BY model_a, model_b");
        while (st.step()) {
            const qint64 a = st.columnInt(0), b = st.columnInt(1), n = st.columnInt(2);
            used.insert(a);
            used.insert(b);
            if (a <= b)
                acc[{ a, b }].forward += n;
            else
                acc[{ b, a }].backward += n;
        }
    }
    PairCatalog out;
    for (qint64 id : used)
        out.models << names.value(id);
    out.models.sort(Qt::CaseInsensitive);
    for (auto it = acc.cbegin(); it != acc.cend(); ++it) {
        const bool forward = it->forward >= it->backward;
        const qint64 a = forward ? it.key().first : it.key().second, b = forward ? it.key().second : it.key().first;
        out.pairs.push_back({ names.value(a), names.value(b), it->forward + it->backward });
    }
    std::sort(out.pairs.begin(), out.pairs.end(), [](const PreferencePair& x, const PreferencePair& y) {
        if (x.labels != y.labels)
            return x.labels > y.labels;
        return std::tie(x.modelA, x.modelB) < std::tie(y.modelA, y.modelB);
    });
    return out;
}

qint64 countPairGoldQueries(const QString& projectPath, const QString& primary, const QString& alternative)
{
    SqliteDb db(projectPath);
    auto st
        = db.prepare("SELECT count(*) FROM (SELECT g.query_id FROM gold_labels g JOIN models m ON m.id = g.model_id "
                     "WHERE m.name IN (?1, ?2) GROUP BY g.query_id HAVING count(DISTINCT g.model_id) = 2)");
    st.bind(1, primary.toUtf8());
    st.bind(2, alternative.toUtf8());
    return st.step() ? st.columnInt(0) : 0;
}

} // namespace crw
