#include "routing/ModelCosts.h"

#include "store/SqliteDb.h"

#include <cmath>

namespace crw {

bool parseCostOverrides(const QString& text, std::map<QString, double>* out)
{
    out->clear();
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.lastIndexOf(QLatin1Char('='));
        if (eq <= 0)
            return false;
        bool ok = false;
        const double v = part.mid(eq + 1).trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return false;
        (*out)[part.left(eq).trimmed()] = v;
    }
    return !out->empty();
}

std::vector<RouterModel> resolveModelCosts(const QString& projectPath, const QStringList& models,
    const QString& reference, const std::map<QString, double>& overrides)
{
    SqliteDb db(projectPath);
    std::vector<RouterModel> out;
    QStringList unpriced;
    for (const QString& name : models) {
        RouterModel m { name, std::nan(""), QString() };
        if (auto it = overrides.find(name); it != overrides.end()) {
            m.cost = it->second;
            m.costSource = QStringLiteral("given");
            out.push_back(m);
            continue;
        }
        auto st = db.prepare(
            "SELECT id, input_usd_per_mtok, output_usd_per_mtok, usd_per_query FROM models WHERE name = ?");
        st.bind(1, name.toUtf8());
        if (!st.step())
            throw std::runtime_error(QStringLiteral("unknown model '%1' in this project").arg(name).toStdString());
        const int64_t id = st.columnInt(0);
        const bool havePrices = !st.columnIsNull(1) && !st.columnIsNull(2);
        const double pin = havePrices ? st.columnDouble(1) : 0, pout = havePrices ? st.columnDouble(2) : 0;
        if (!st.columnIsNull(3)) {
            m.cost = st.columnDouble(3);
            m.costSource = QStringLiteral("usd_per_query");
        }
        if (!std::isfinite(m.cost) && havePrices) {
            auto t = db.prepare("SELECT AVG(input_tokens), AVG(output_tokens), COUNT(*) FROM gold_labels "
                                "WHERE model_id = ? AND input_tokens IS NOT NULL AND output_tokens IS NOT NULL");
            t.bind(1, id);
            if (t.step() && t.columnInt(2) > 0) {
                m.cost = (t.columnDouble(0) * pin + t.columnDouble(1) * pout) / 1e6;
                m.costSource = QStringLiteral("token_prices");
            }
        }
        if (!std::isfinite(m.cost)) {
            auto g = db.prepare("SELECT AVG(cost_usd), COUNT(cost_usd) FROM gold_labels WHERE model_id = ?");
            g.bind(1, id);
            if (g.step() && g.columnInt(1) > 0) {
                m.cost = g.columnDouble(0);
                m.costSource = QStringLiteral("mean_gold_cost");
            }
        }
        if (!std::isfinite(m.cost) && havePrices) {
            m.cost = (kNominalInputTokens * pin + kNominalOutputTokens * pout) / 1e6;
            m.costSource = QStringLiteral("token_prices_nominal");
        }
        if (!std::isfinite(m.cost))
            unpriced << name;
        out.push_back(m);
    }
    if (unpriced.size() == models.size()) {
        for (auto& m : out) {
            m.cost = m.name == reference ? 0.0 : 1.0;
            m.costSource = QStringLiteral("binary");
        }
    } else if (!unpriced.isEmpty()) {
        throw std::runtime_error(QStringLiteral("no price for %1 while other models have one: import prices or pass "
                                                "--costs name=usd_per_query,...")
                                     .arg(unpriced.join(", "))
                                     .toStdString());
    }
    return out;
}

} // namespace crw
