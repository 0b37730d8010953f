#pragma once
// RAII wrappers and checked calls for the XGBoost C API.
#include "learn/Types.h"

#include <string>
#include <xgboost/c_api.h>

namespace crw {

/// Throws std::runtime_error("xgboost <what>: <XGBGetLastError()>") when rc != 0.
void xgbCheck(int rc, const char* what);

/// JSON __array_interface__ of a row-major double array (no copy; the memory must outlive its use).
std::string denseArrayInterface(const double* data, Eigen::Index rows, Eigen::Index cols);

/// Owns a DMatrixHandle; move-only.
class XgbDMatrix {
public:
    XgbDMatrix() = default;
    explicit XgbDMatrix(DMatrixHandle h)
        : m_h(h)
    {
    }
    XgbDMatrix(XgbDMatrix&& o) noexcept
        : m_h(o.m_h)
    {
        o.m_h = nullptr;
    }
    XgbDMatrix& operator=(XgbDMatrix&& o) noexcept;
    XgbDMatrix(const XgbDMatrix&) = delete;
    XgbDMatrix& operator=(const XgbDMatrix&) = delete;
    ~XgbDMatrix() { reset(); }
    /// Frees the matrix now.
    void reset();
    DMatrixHandle get() const { return m_h; }

    /// A DMatrix read from X (double, row-major; NaN = missing) with labels y and optional weights w.
    static XgbDMatrix fromDense(const Matrix& X, const Vector& y, const Vector& w, int nthread);
    /// A quantised (hist-only) DMatrix built straight from X through XGBoost's iterator API: XGBoost keeps only
    /// the bin indices (about 1 byte per cell) instead of its own 8-byte-per-cell copy. Prediction still goes
    /// through in-place prediction on X. NaN = missing. maxBin must equal the booster's max_bin.
    static XgbDMatrix quantileFromDense(
        const Matrix& X, const Vector& y, const Vector& w, int nthread, int maxBin = 256);
    /// Sets a float info field ("label", "weight") from doubles.
    void setFloatInfo(const char* field, const Vector& values);

private:
    DMatrixHandle m_h = nullptr;
};

/// Owns a BoosterHandle; move-only.
class XgbBooster {
public:
    XgbBooster() = default;
    XgbBooster(XgbBooster&& o) noexcept
        : m_h(o.m_h)
    {
        o.m_h = nullptr;
    }
    XgbBooster& operator=(XgbBooster&& o) noexcept;
    XgbBooster(const XgbBooster&) = delete;
    XgbBooster& operator=(const XgbBooster&) = delete;
    ~XgbBooster() { reset(); }
    void reset();
    BoosterHandle get() const { return m_h; }
    explicit operator bool() const { return m_h != nullptr; }

    /// A booster caching the given matrices (count may be 0).
    static XgbBooster create(const DMatrixHandle* cache, bst_ulong count);
    /// Sets one parameter (checked).
    void setParam(const char* name, const std::string& value);

private:
    BoosterHandle m_h = nullptr;
};

} // namespace crw
