#include "causal/ClusterNames.h"

#include "features/TextHashing.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <map>

namespace crw {

QVector<QStringList> distinctiveTerms(const QVector<QString>& texts, const IntVector& label, int k, int terms)
{
    const int n = int(texts.size());
    std::vector<int> size(size_t(std::max(k, 0)), 0);
    std::map<QString, std::vector<int>> df; // word -> documents containing it, per cluster
    for (int i = 0; i < n; ++i) {
        const int c = label[i];
        if (c < 0 || c >= k)
            continue;
        ++size[size_t(c)];
        QSet<QString> seen;
        for (const std::u32string& w : tokenizeWords(texts[i])) {
            if (w.size() < 3 || std::all_of(w.begin(), w.end(), [](char32_t ch) { return ch >= U'0' && ch <= U'9'; }))
                continue;
            const QString s = QString::fromUcs4(w.data(), qsizetype(w.size()));
            if (seen.contains(s))
                continue;
            seen.insert(s);
            auto& v = df[s];
            if (v.empty())
                v.assign(size_t(k), 0);
            ++v[size_t(c)];
        }
    }
    int total = 0;
    for (int s : size)
        total += s;
    QVector<QStringList> out(k);
    for (int c = 0; c < k; ++c) {
        const int nc = size[size_t(c)], nr = total - nc;
        if (nc == 0)
            continue;
        const int minDf = nc < 4 ? 1 : 2;
        std::vector<std::pair<double, QString>> scored;
        for (const auto& [word, v] : df) {
            const int in = v[size_t(c)];
            if (in < minDf)
                continue;
            int all = 0;
            for (int x : v)
                all += x;
            const double a = double(in) / nc, b = nr > 0 ? double(all - in) / nr : 0.0;
            const double score = (a - b) * std::log(double(total) / all);
            if (score > 0)
                scored.emplace_back(-score, word);
        }
        std::sort(scored.begin(), scored.end());
        for (size_t j = 0; j < scored.size() && int(j) < terms; ++j)
            out[c] << scored[j].second;
    }
    return out;
}

QString clusterName(const QStringList& terms, int id)
{
    return terms.isEmpty() ? QStringLiteral("cluster %1").arg(id + 1) : terms.join(QStringLiteral(", "));
}

} // namespace crw
