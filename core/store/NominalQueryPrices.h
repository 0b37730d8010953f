#pragma once
// A price per query for models that have token prices but no token counts (the bundled demo data).
#include <QString>
#include <QStringList>

namespace crw {

/// For every model with input and output USD per million tokens, no usd_per_query and no gold row carrying a cost or
/// token counts, sets usd_per_query = (inputTokens * input price + outputTokens * output price) / 10^6 (the nominal
/// query of docs/router-format.md "Costs", rule 5), in one transaction. Models whose gold rows carry tokens or costs
/// keep being costed from them. Returns the names of the models it priced. Throws StoreError.
QStringList fillNominalQueryPrices(const QString& projectPath, double inputTokens, double outputTokens);

} // namespace crw
