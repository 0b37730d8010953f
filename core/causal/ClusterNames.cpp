#include "causal/ClusterNames.h"

#include "features/TextHashing.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <map>

namespace crw {

namespace {
// Common English function words: never distinctive enough to name a cluster.
const QSet<QString>& stopWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char* w : { "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was",
                 "one", "our", "out", "has", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who",
                 "did", "get", "let", "put", "say", "she", "too", "use", "that", "with", "have", "this", "will", "your",
                 "from", "they", "know", "want", "been", "good", "much", "some", "time", "very", "when", "come", "here",
                 "just", "like", "long", "make", "many", "more", "only", "over", "such", "take", "than", "them", "well",
                 "were", "what", "which", "where", "while", "would", "there", "their", "these", "those", "about",
                 "after", "again", "could", "should", "other", "into", "each", "then", "also", "does", "being", "most",
                 "why", "because", "between", "both", "during", "before", "under", "above", "below", "same", "own",
                 "off", "once", "further", "few", "nor", "yes", "shall", "might", "must", "upon", "within", "without",
                 "whom", "whose", "yourself", "itself", "himself", "herself", "themselves", "following", "given",
                 "answer", "question", "please", "using", "use", "write", "provide", "explain" })
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}
}

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
            if (seen.contains(s) || stopWords().contains(s))
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
