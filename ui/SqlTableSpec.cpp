#include "SqlTableSpec.h"

#include <QObject>

namespace crw::ui {

namespace {
// Query text is shown truncated: a table cell is no place for a 10 kB prompt.
const QString kQueryText = QStringLiteral("replace(replace(substr(q.text, 1, 160), char(10), ' '), char(13), ' ')");
}

SqlTableSpec SqlTableSpec::queries()
{
    return { QStringLiteral("queries q"), QStringLiteral("LEFT JOIN datasets d ON d.id = q.dataset_id"),
        { QStringLiteral("q.id") }, QStringLiteral("q.dataset_id"),
        {
            { QObject::tr("Id"), QStringLiteral("q.id"), true },
            { QObject::tr("External id"), QStringLiteral("q.external_id") },
            { QObject::tr("Task"), QStringLiteral("q.task") },
            { QObject::tr("Dataset"), QStringLiteral("d.name") },
            { QObject::tr("Text"), kQueryText },
        } };
}

SqlTableSpec SqlTableSpec::goldLabels()
{
    return { QStringLiteral("gold_labels g"),
        QStringLiteral("LEFT JOIN queries q ON q.id = g.query_id LEFT JOIN models m ON m.id = g.model_id "
                       "LEFT JOIN datasets d ON d.id = g.dataset_id"),
        { QStringLiteral("g.dataset_id"), QStringLiteral("g.query_id"), QStringLiteral("g.model_id") },
        QStringLiteral("g.dataset_id"),
        {
            { QObject::tr("Query"), QStringLiteral("coalesce(q.external_id, q.id)") },
            { QObject::tr("Model"), QStringLiteral("m.name") },
            { QObject::tr("Score"), QStringLiteral("g.score"), true },
            { QObject::tr("Cost (USD)"), QStringLiteral("g.cost_usd"), true },
            { QObject::tr("In tokens"), QStringLiteral("g.input_tokens"), true },
            { QObject::tr("Out tokens"), QStringLiteral("g.output_tokens"), true },
            { QObject::tr("Dataset"), QStringLiteral("d.name") },
            { QObject::tr("Query text"), kQueryText },
        } };
}

SqlTableSpec SqlTableSpec::preferenceLabels()
{
    return { QStringLiteral("preference_labels p"),
        QStringLiteral("LEFT JOIN queries q ON q.id = p.query_id LEFT JOIN models ma ON ma.id = p.model_a "
                       "LEFT JOIN models mb ON mb.id = p.model_b LEFT JOIN datasets d ON d.id = p.dataset_id"),
        { QStringLiteral("p.id") }, QStringLiteral("p.dataset_id"),
        {
            { QObject::tr("Id"), QStringLiteral("p.id"), true },
            { QObject::tr("Query"), QStringLiteral("coalesce(q.external_id, q.id)") },
            { QObject::tr("Model A"), QStringLiteral("ma.name") },
            { QObject::tr("Model B"), QStringLiteral("mb.name") },
            { QObject::tr("Outcome (A - B)"), QStringLiteral("p.outcome"), true },
            { QObject::tr("Judge"), QStringLiteral("p.judge") },
            { QObject::tr("True delta"), QStringLiteral("p.true_delta"), true },
            { QObject::tr("Dataset"), QStringLiteral("d.name") },
            { QObject::tr("Query text"), kQueryText },
        } };
}

SqlTableSpec SqlTableSpec::models()
{
    return { QStringLiteral("models m"), QString(), { QStringLiteral("m.id") }, QString(),
        {
            { QObject::tr("Id"), QStringLiteral("m.id"), true },
            { QObject::tr("Name"), QStringLiteral("m.name") },
            { QObject::tr("Input USD / Mtok"), QStringLiteral("m.input_usd_per_mtok"), true },
            { QObject::tr("Output USD / Mtok"), QStringLiteral("m.output_usd_per_mtok"), true },
            { QObject::tr("USD / query"), QStringLiteral("m.usd_per_query"), true },
        } };
}

} // namespace crw::ui
