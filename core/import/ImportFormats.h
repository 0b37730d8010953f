#pragma once
// The import format names offered for each data kind (the importers' stable names, see ImportTypes.h).
#include "import/ImportTypes.h"

#include <QMetaType>
#include <QStringList>

namespace crw {

/// Format names for kind, without "auto".
QStringList importFormatsFor(DataKind kind);
/// User-facing label of a kind ("Queries", "Gold labels", ...).
QString dataKindLabel(DataKind kind);

} // namespace crw

Q_DECLARE_METATYPE(crw::ImportResult)
