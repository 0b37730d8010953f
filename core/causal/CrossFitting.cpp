#include "causal/CrossFitting.h"

#include <algorithm>
#include <random>
#include <unordered_map>

namespace crw {

IntVector stratifiedFolds(const IntVector& t, int k, uint64_t seed)
{
    IntVector folds(t.size());
    std::mt19937_64 rng(seed);
    for (int source : { 0, 1 }) {
        std::vector<int> rows;
        for (int i = 0; i < t.size(); ++i)
            if ((t[i] != 0) == (source == 1))
                rows.push_back(i);
        std::shuffle(rows.begin(), rows.end(), rng);
        for (size_t j = 0; j < rows.size(); ++j)
            folds[rows[j]] = int(j % size_t(k));
    }
    return folds;
}

IntVector groupedStratifiedFolds(const IntVector& t, const IntVector& groups, int k, uint64_t seed)
{
    IntVector folds = stratifiedFolds(t, k, seed);
    if (groups.size() != t.size())
        return folds;
    std::unordered_map<int, int> foldOfGroup;
    for (int i = 0; i < t.size(); ++i)
        if (t[i] != 0)
            foldOfGroup.emplace(groups[i], folds[i]);
    for (int i = 0; i < t.size(); ++i)
        if (t[i] == 0)
            if (auto it = foldOfGroup.find(groups[i]); it != foldOfGroup.end())
                folds[i] = it->second;
    return folds;
}

std::vector<int> foldRows(const IntVector& folds, int f, bool inFold)
{
    std::vector<int> out;
    for (int i = 0; i < folds.size(); ++i)
        if ((folds[i] == f) == inFold)
            out.push_back(i);
    return out;
}

Matrix selectRows(const Matrix& X, const std::vector<int>& idx)
{
    Matrix out(Eigen::Index(idx.size()), X.cols());
    for (size_t i = 0; i < idx.size(); ++i)
        out.row(Eigen::Index(i)) = X.row(idx[i]);
    return out;
}

Vector selectRows(const Vector& v, const std::vector<int>& idx)
{
    Vector out(Eigen::Index(idx.size()));
    for (size_t i = 0; i < idx.size(); ++i)
        out[Eigen::Index(i)] = v[idx[i]];
    return out;
}

} // namespace crw
