#pragma once
// The split stage of a training run: which gold-labelled queries are held out for testing, which gold queries are
// trained on, and which preference labels are used.
#include "pipeline/PairTable.h"
#include "pipeline/RouterSuite.h"

#include <vector>

namespace crw {

struct TrainingConfig;

/// PairTable rows of one run. A query with both kinds of label can be a gold row and a preference row.
struct TrainingRows {
    std::vector<int> test; ///< held out, in split order
    std::vector<int> gold; ///< trained on, ascending
    std::vector<int> pref; ///< trained on, ascending; never a test row
    /// gold then pref: the order of every pooled vector of the suite.
    std::vector<int> pooled() const;
};

/// Draws the rows of a run from config (seed, test size resolved for the table's gold queries, gold size). Throws
/// std::runtime_error naming the pair when the test set leaves nothing to train on, when there are no preference
/// labels, or when there are fewer than two gold rows per fold.
TrainingRows splitForTraining(const PairTable& table, const TrainingConfig& config);

/// The pooled training rows of `rows` as the suite takes them: features X of the table's rows, gold gains, raw
/// preference gains, the gold gain on the preference rows where every one is known, and one cluster id (the table
/// row) per pooled row, so a gold and a preference row of one query share their bootstrap draw.
SplitData pooledSplit(const PairTable& table, const Matrix& X, const TrainingRows& rows);

} // namespace crw
