#pragma once
// Exact (bit-preserving) JSON encodings of numeric arrays for model serialisation.
#include "learn/Types.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace crw {

/// A JSON array of numbers; Qt writes doubles in shortest round-trip form, so values survive text round trips.
QJsonArray vectorToJson(const Vector& v);
/// The values of v in order with NaN and infinities as null (stored run results, where null means "missing").
QJsonArray jsonArray(const Vector& v);
/// The values of v in order with NaN and infinities as null.
QJsonArray jsonArray(const std::vector<double>& v);
/// Reads an array written by vectorToJson. Throws std::runtime_error if it is not an array of numbers
/// or (expectedSize >= 0) has another length.
Vector vectorFromJson(const QJsonValue& value, qsizetype expectedSize = -1);

/// Base64 of the little-endian IEEE bytes: compact and bit-exact for large arrays.
QString doublesToBase64(const double* data, qsizetype count);
/// Decodes doublesToBase64 output; throws std::runtime_error unless it holds exactly expectedCount values.
std::vector<double> doublesFromBase64(const QJsonValue& value, qsizetype expectedCount);
/// Same for 32-bit floats.
QString floatsToBase64(const float* data, qsizetype count);
std::vector<float> floatsFromBase64(const QJsonValue& value, qsizetype expectedCount);
/// Same for 32-bit signed integers.
QString intsToBase64(const int32_t* data, qsizetype count);
std::vector<int32_t> intsFromBase64(const QJsonValue& value, qsizetype expectedCount);

/// {"rows","cols","f64":base64} for a dense row-major matrix.
QJsonObject matrixToJson(const Matrix& m);
/// Reads matrixToJson output; throws std::runtime_error on malformed input.
Matrix matrixFromJson(const QJsonValue& value);

/// Required member access with a clear error: throws std::runtime_error when key is missing.
QJsonValue requireKey(const QJsonObject& obj, const QString& key);
/// A 64-bit unsigned integer stored as a decimal string (JSON numbers lose bits above 2^53).
QString u64ToJson(uint64_t v);
uint64_t u64FromJson(const QJsonValue& value);

} // namespace crw
