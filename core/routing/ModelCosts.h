#pragma once
// Cost per query of each model of a router, from the project's price table (docs/router-format.md, "Costs").
#include "routing/RouterSpec.h"

#include <map>

namespace crw {

/// Resolves one cost per model, in this order per model:
///  1. `overrides` (source "given");
///  2. models.usd_per_query ("usd_per_query");
///  3. input/output USD per Mtok times the mean token counts of the model's gold rows that have them
///     ("token_prices");
///  4. the mean gold cost_usd of the model ("mean_gold_cost");
///  5. input/output USD per Mtok times a nominal query of 1,000 input + 1,000 output tokens ("token_prices_nominal");
/// when no model got a cost this way, every model but `reference` costs 1 and the reference 0 ("binary": the cost
/// unit is calls to a non-reference model). A mix of priced and unpriced models throws std::runtime_error naming the
/// unpriced ones.
std::vector<RouterModel> resolveModelCosts(const QString& projectPath, const QStringList& models,
    const QString& reference, const std::map<QString, double>& overrides = {});

/// Parses "a=0.001,b=0.0002" into overrides; false on a malformed list.
bool parseCostOverrides(const QString& text, std::map<QString, double>* out);

/// Nominal token counts of rule 5.
inline constexpr double kNominalInputTokens = 1000, kNominalOutputTokens = 1000;

} // namespace crw
