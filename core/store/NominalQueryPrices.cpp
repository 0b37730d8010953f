#include "store/NominalQueryPrices.h"

#include "store/SqliteDb.h"

#include <vector>

namespace crw {

QStringList fillNominalQueryPrices(const QString& projectPath, double inputTokens, double outputTokens)
{
    SqliteDb db(projectPath);
    db.beginImmediate();
    QStringList priced;
    try {
        std::vector<std::pair<int64_t, double>> updates;
        auto st = db.prepare(
            "SELECT m.id, m.name, m.input_usd_per_mtok, m.output_usd_per_mtok FROM models m "
            "WHERE m.input_usd_per_mtok IS NOT NULL AND m.output_usd_per_mtok IS NOT NULL AND m.usd_per_query IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM gold_labels g WHERE g.model_id = m.id AND (g.cost_usd IS NOT NULL OR "
            "(g.input_tokens IS NOT NULL AND g.output_tokens IS NOT NULL))) ORDER BY m.id");
        while (st.step()) {
            updates.emplace_back(st.columnInt(0), (inputTokens * st.columnDouble(2) + outputTokens * st.columnDouble(3)) / 1e6);
            priced << st.columnText(1);
        }
        auto up = db.prepare("UPDATE models SET usd_per_query = ? WHERE id = ?");
        for (const auto& [id, usd] : updates) {
            up.bind(1, usd);
            up.bind(2, id);
            up.run();
        }
        db.commit();
    } catch (...) {
        db.rollback();
        throw;
    }
    return priced;
}

} // namespace crw
