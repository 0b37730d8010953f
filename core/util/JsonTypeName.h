#pragma once
// How error messages name the type of a JSON value.
#include <QJsonValue>
#include <QString>

namespace crw {

/// "null", "a boolean", "a number", "a string", "an array", "an object", or "missing" for an undefined value.
QString jsonTypeName(const QJsonValue& v);

} // namespace crw
