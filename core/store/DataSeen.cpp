#include "store/DataSeen.h"

#include "store/SqliteDb.h"

namespace crw {

QJsonObject dataSeen(SqliteDb& db)
{
    // Fixed SQL, no input: (key, statement) pairs.
    static const std::pair<const char*, const char*> kItems[] = {
        { "datasets", "SELECT count(*) FROM datasets" },
        { "max_dataset_id", "SELECT coalesce(max(id), 0) FROM datasets" },
        { "queries", "SELECT count(*) FROM queries" },
        { "max_query_id", "SELECT coalesce(max(id), 0) FROM queries" },
        { "models", "SELECT count(*) FROM models" },
        { "max_model_id", "SELECT coalesce(max(id), 0) FROM models" },
        { "gold_labels", "SELECT count(*) FROM gold_labels" },
        { "preference_labels", "SELECT count(*) FROM preference_labels" },
        { "max_preference_label_id", "SELECT coalesce(max(id), 0) FROM preference_labels" },
        { "embeddings", "SELECT count(*) FROM features" },
    };
    QJsonObject o;
    for (const auto& [key, sql] : kItems) {
        auto st = db.prepare(sql);
        st.step();
        o[QLatin1String(key)] = double(st.columnInt(0));
    }
    return o;
}

} // namespace crw
