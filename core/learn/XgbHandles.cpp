#include "learn/XgbHandles.h"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace crw {

void xgbCheck(int rc, const char* what)
{
    if (rc == 0)
        return;
    // XGBoost's message: "[hh:mm:ss] src/file.cc:123: what went wrong" followed by context lines and a stack trace.
    // Keep the first line without the time stamp.
    std::string m = XGBGetLastError();
    if (const auto nl = m.find('\n'); nl != std::string::npos)
        m.resize(nl);
    if (!m.empty() && m[0] == '[')
        if (const auto close = m.find("] "); close != std::string::npos)
            m.erase(0, close + 2);
    throw std::runtime_error(std::string("xgboost ") + what + ": " + m);
}

std::string denseArrayInterface(const double* data, Eigen::Index rows, Eigen::Index cols)
{
    return "{\"data\":[" + std::to_string(reinterpret_cast<std::uintptr_t>(data)) + ",true],\"shape\":["
        + std::to_string(rows) + "," + std::to_string(cols) + "],\"typestr\":\"<f8\",\"version\":3}";
}

XgbDMatrix& XgbDMatrix::operator=(XgbDMatrix&& o) noexcept
{
    if (this != &o) {
        reset();
        m_h = o.m_h;
        o.m_h = nullptr;
    }
    return *this;
}

void XgbDMatrix::reset()
{
    if (m_h)
        XGDMatrixFree(m_h);
    m_h = nullptr;
}

XgbDMatrix XgbDMatrix::fromDense(const Matrix& X, const Vector& y, const Vector& w, int nthread)
{
    const std::string iface = denseArrayInterface(X.data(), X.rows(), X.cols());
    const std::string config = "{\"missing\":NaN,\"nthread\":" + std::to_string(std::max(nthread, 1)) + "}";
    DMatrixHandle h = nullptr;
    xgbCheck(XGDMatrixCreateFromDense(iface.c_str(), config.c_str(), &h), "create DMatrix");
    XgbDMatrix m(h);
    m.setFloatInfo("label", y);
    if (w.size())
        m.setFloatInfo("weight", w);
    return m;
}

namespace {
// One-batch data iterator over a dense matrix for XGQuantileDMatrixCreateFromCallback.
struct DenseBatchIterator {
    DMatrixHandle proxy = nullptr;
    std::string iface;
    std::vector<float> label, weight;
    bst_ulong rows = 0;
    bool consumed = false;
    int error = 0;
};

int denseBatchNext(DataIterHandle handle)
{
    auto* it = static_cast<DenseBatchIterator*>(handle);
    if (it->consumed)
        return 0;
    it->consumed = true;
    if (XGProxyDMatrixSetDataDense(it->proxy, it->iface.c_str()) != 0
        || XGDMatrixSetFloatInfo(it->proxy, "label", it->label.data(), it->rows) != 0
        || (!it->weight.empty() && XGDMatrixSetFloatInfo(it->proxy, "weight", it->weight.data(), it->rows) != 0)) {
        it->error = -1;
        return 0;
    }
    return 1;
}

void denseBatchReset(DataIterHandle handle)
{
    static_cast<DenseBatchIterator*>(handle)->consumed = false;
}

std::vector<float> toFloats(const Vector& v)
{
    std::vector<float> f(static_cast<size_t>(v.size()));
    for (Eigen::Index i = 0; i < v.size(); ++i)
        f[size_t(i)] = float(v[i]);
    return f;
}
} // namespace

XgbDMatrix XgbDMatrix::quantileFromDense(const Matrix& X, const Vector& y, const Vector& w, int nthread, int maxBin)
{
    DMatrixHandle proxyHandle = nullptr;
    xgbCheck(XGProxyDMatrixCreate(&proxyHandle), "create proxy DMatrix");
    XgbDMatrix proxy(proxyHandle);
    DenseBatchIterator it;
    it.proxy = proxyHandle;
    it.iface = denseArrayInterface(X.data(), X.rows(), X.cols());
    it.label = toFloats(y);
    it.weight = toFloats(w);
    it.rows = bst_ulong(X.rows());
    const std::string config = "{\"missing\":NaN,\"nthread\":" + std::to_string(std::max(nthread, 1))
        + ",\"max_bin\":" + std::to_string(maxBin) + "}";
    DMatrixHandle h = nullptr;
    const int rc = XGQuantileDMatrixCreateFromCallback(
        &it, proxyHandle, nullptr, denseBatchReset, denseBatchNext, config.c_str(), &h);
    if (it.error != 0)
        xgbCheck(it.error, "set proxy batch");
    xgbCheck(rc, "create quantile DMatrix");
    return XgbDMatrix(h);
}

void XgbDMatrix::setFloatInfo(const char* field, const Vector& values)
{
    std::vector<float> f(size_t(values.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i)
        f[size_t(i)] = float(values[i]);
    xgbCheck(XGDMatrixSetFloatInfo(m_h, field, f.data(), bst_ulong(f.size())), "set DMatrix info");
}

XgbBooster& XgbBooster::operator=(XgbBooster&& o) noexcept
{
    if (this != &o) {
        reset();
        m_h = o.m_h;
        o.m_h = nullptr;
    }
    return *this;
}

void XgbBooster::reset()
{
    if (m_h)
        XGBoosterFree(m_h);
    m_h = nullptr;
}

XgbBooster XgbBooster::create(const DMatrixHandle* cache, bst_ulong count)
{
    XgbBooster b;
    xgbCheck(XGBoosterCreate(cache, count, &b.m_h), "create booster");
    return b;
}

void XgbBooster::setParam(const char* name, const std::string& value)
{
    xgbCheck(XGBoosterSetParam(m_h, name, value.c_str()), name);
}

} // namespace crw
