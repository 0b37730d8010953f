#include "learn/WeightCheck.h"

#include <stdexcept>
#include <string>

namespace crw {

void checkFitInputs(const Matrix& X, const Vector& y, const Vector& w, const char* who, bool allowMissingX)
{
    const std::string p = std::string(who) + ": ";
    if (y.size() != X.rows())
        throw std::invalid_argument(p + "target length differs from row count");
    if (w.size() != 0 && w.size() != X.rows())
        throw std::invalid_argument(p + "weight length differs from row count");
    if (X.rows() == 0)
        throw std::invalid_argument(p + "no rows to fit");
    if (w.size() && (!w.allFinite() || (w.array() < 0).any()))
        throw std::invalid_argument(p + "weights must be finite and non-negative");
    if (!y.allFinite())
        throw std::invalid_argument(p + "targets must be finite");
    if (!allowMissingX && !X.allFinite())
        throw std::invalid_argument(p + "features must be finite");
}

} // namespace crw
