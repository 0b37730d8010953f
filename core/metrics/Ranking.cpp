#include "metrics/Ranking.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace crw {

std::vector<int> rankDescending(const Vector& score)
{
    for (Eigen::Index i = 0; i < score.size(); ++i) {
        if (std::isnan(score[i]))
            throw std::invalid_argument("rankDescending: score " + std::to_string(i) + " is NaN");
    }
    std::vector<int> order(static_cast<size_t>(score.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&score](int a, int b) { return score[a] > score[b]; });
    return order;
}

void requireSameLength(const Vector& a, const Vector& b, const char* what)
{
    if (a.size() != b.size())
        throw std::invalid_argument(std::string(what) + ": length mismatch (" + std::to_string(a.size()) + " vs "
            + std::to_string(b.size()) + ")");
}

} // namespace crw
