#pragma once
// Explicit routing features appended after the learned embedding: text length and task indicators.
#include "features/QueryBatch.h"

#include <QJsonObject>
#include <QStringList>

namespace crw {

class QueryExtras {
public:
    /// lengthFeatures: log(1+chars), log(1+words) of the text; taskOneHot: one 0/1 column per training task.
    QueryExtras(bool lengthFeatures = true, bool taskOneHot = true);

    /// Learns the task list (sorted distinct non-empty tasks of train; none when train has no tasks).
    void fit(const QueryBatch& train);
    /// Number of columns written by write().
    int count() const;
    /// Writes count() values for query i of batch at out. Unknown or missing tasks give all-zero indicators.
    /// wordCount >= 0 is the query's word count when the caller already tokenised it (saves a pass).
    void write(const QueryBatch& batch, qsizetype i, double* out, qsizetype wordCount = -1) const;
    QStringList names() const;
    bool usesText() const { return m_length; }

    QJsonObject toJson() const;
    static QueryExtras fromJson(const QJsonObject& json);

private:
    bool m_length;
    bool m_taskOneHot;
    QStringList m_tasks;
};

} // namespace crw
