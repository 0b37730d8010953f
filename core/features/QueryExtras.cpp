#include "features/QueryExtras.h"
#include "features/TextHashing.h"
#include "learn/JsonArrays.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crw {

QueryExtras::QueryExtras(bool lengthFeatures, bool taskOneHot)
    : m_length(lengthFeatures)
    , m_taskOneHot(taskOneHot)
{
}

void QueryExtras::fit(const QueryBatch& train)
{
    m_tasks.clear();
    if (!m_taskOneHot)
        return;
    for (const QString& t : train.tasks)
        if (!t.isEmpty())
            m_tasks.append(t);
    std::sort(m_tasks.begin(), m_tasks.end());
    m_tasks.erase(std::unique(m_tasks.begin(), m_tasks.end()), m_tasks.end());
}

int QueryExtras::count() const
{
    return (m_length ? 2 : 0) + int(m_tasks.size());
}

void QueryExtras::write(const QueryBatch& batch, qsizetype i, double* out, qsizetype wordCount) const
{
    int c = 0;
    if (m_length) {
        if (i >= batch.texts.size())
            throw std::invalid_argument("QueryExtras: length features need the query texts");
        const QString& text = batch.texts[i];
        qsizetype chars = 0; // code points: UTF-16 units minus the trailing halves of surrogate pairs
        for (const QChar ch : text)
            chars += ch.isLowSurrogate() ? 0 : 1;
        out[c++] = std::log1p(double(chars));
        out[c++] = std::log1p(double(wordCount >= 0 ? wordCount : qsizetype(tokenizeWords(text).size())));
    }
    if (!m_tasks.isEmpty()) {
        const QString task = i < batch.tasks.size() ? batch.tasks[i] : QString();
        const auto it = std::lower_bound(m_tasks.cbegin(), m_tasks.cend(), task);
        const qsizetype hit = (it != m_tasks.cend() && *it == task) ? it - m_tasks.cbegin() : -1;
        for (qsizetype t = 0; t < m_tasks.size(); ++t)
            out[c++] = t == hit ? 1.0 : 0.0;
    }
}

QStringList QueryExtras::names() const
{
    QStringList n;
    if (m_length)
        n << "log_chars"
          << "log_words";
    for (const QString& t : m_tasks)
        n << "task=" + t;
    return n;
}

QJsonObject QueryExtras::toJson() const
{
    QJsonObject o;
    o["length_features"] = m_length;
    o["task_one_hot"] = m_taskOneHot;
    o["tasks"] = QJsonArray::fromStringList(m_tasks);
    return o;
}

QueryExtras QueryExtras::fromJson(const QJsonObject& json)
{
    QueryExtras e(requireKey(json, "length_features").toBool(), requireKey(json, "task_one_hot").toBool());
    for (const auto& t : requireKey(json, "tasks").toArray())
        e.m_tasks.append(t.toString());
    if (!std::is_sorted(e.m_tasks.begin(), e.m_tasks.end()))
        throw std::runtime_error("QueryExtras: task list not sorted");
    return e;
}

} // namespace crw
