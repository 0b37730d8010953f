#include "learn/JsonArrays.h"

#include <cmath>

#include <QByteArray>
#include <bit>
#include <cstring>
#include <stdexcept>

static_assert(std::endian::native == std::endian::little, "binary model encoding assumes a little-endian host");

namespace crw {

QJsonArray jsonArray(const Vector& v)
{
    QJsonArray a;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.append(std::isfinite(v[i]) ? QJsonValue(v[i]) : QJsonValue());
    return a;
}

QJsonArray jsonArray(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(std::isfinite(x) ? QJsonValue(x) : QJsonValue());
    return a;
}

namespace {
template <typename T> QString toBase64(const T* data, qsizetype count)
{
    const QByteArray raw(reinterpret_cast<const char*>(data), count * qsizetype(sizeof(T)));
    return QString::fromLatin1(raw.toBase64());
}

template <typename T> std::vector<T> fromBase64(const QJsonValue& value, qsizetype expectedCount)
{
    if (!value.isString())
        throw std::runtime_error("binary array: expected a base64 string");
    const auto decoded
        = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        throw std::runtime_error("binary array: invalid base64");
    const QByteArray& raw = *decoded;
    if (raw.size() != expectedCount * qsizetype(sizeof(T)))
        throw std::runtime_error("binary array: unexpected length");
    std::vector<T> out(static_cast<size_t>(expectedCount));
    if (expectedCount > 0)
        std::memcpy(out.data(), raw.constData(), size_t(raw.size()));
    return out;
}
} // namespace

QJsonArray vectorToJson(const Vector& v)
{
    QJsonArray a;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.append(v[i]);
    return a;
}

Vector vectorFromJson(const QJsonValue& value, qsizetype expectedSize)
{
    if (!value.isArray())
        throw std::runtime_error("expected a JSON array of numbers");
    const QJsonArray a = value.toArray();
    if (expectedSize >= 0 && a.size() != expectedSize)
        throw std::runtime_error("JSON array has an unexpected length");
    Vector v(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a[i].isDouble())
            throw std::runtime_error("JSON array holds a non-number");
        v[i] = a[i].toDouble();
    }
    return v;
}

QString doublesToBase64(const double* data, qsizetype count)
{
    return toBase64(data, count);
}
std::vector<double> doublesFromBase64(const QJsonValue& value, qsizetype expectedCount)
{
    return fromBase64<double>(value, expectedCount);
}
QString floatsToBase64(const float* data, qsizetype count)
{
    return toBase64(data, count);
}
std::vector<float> floatsFromBase64(const QJsonValue& value, qsizetype expectedCount)
{
    return fromBase64<float>(value, expectedCount);
}
QString intsToBase64(const int32_t* data, qsizetype count)
{
    return toBase64(data, count);
}
std::vector<int32_t> intsFromBase64(const QJsonValue& value, qsizetype expectedCount)
{
    return fromBase64<int32_t>(value, expectedCount);
}

QJsonObject matrixToJson(const Matrix& m)
{
    QJsonObject o;
    o["rows"] = double(m.rows());
    o["cols"] = double(m.cols());
    o["f64"] = doublesToBase64(m.data(), m.size());
    return o;
}

Matrix matrixFromJson(const QJsonValue& value)
{
    if (!value.isObject())
        throw std::runtime_error("matrix: expected an object");
    const QJsonObject o = value.toObject();
    const qint64 rows = requireKey(o, "rows").toInteger(-1);
    const qint64 cols = requireKey(o, "cols").toInteger(-1);
    if (rows < 0 || cols < 0)
        throw std::runtime_error("matrix: invalid shape");
    const auto data = doublesFromBase64(requireKey(o, "f64"), rows * cols);
    Matrix m(rows, cols);
    if (!data.empty())
        std::memcpy(m.data(), data.data(), data.size() * sizeof(double));
    return m;
}

QJsonValue requireKey(const QJsonObject& obj, const QString& key)
{
    const auto it = obj.constFind(key);
    if (it == obj.constEnd())
        throw std::runtime_error(("missing JSON key '" + key + "'").toStdString());
    return *it;
}

QString u64ToJson(uint64_t v)
{
    return QString::number(v);
}

uint64_t u64FromJson(const QJsonValue& value)
{
    if (value.isDouble())
        return uint64_t(value.toInteger());
    bool ok = false;
    const uint64_t v = value.toString().toULongLong(&ok);
    if (!ok)
        throw std::runtime_error("expected an unsigned 64-bit integer");
    return v;
}

} // namespace crw
