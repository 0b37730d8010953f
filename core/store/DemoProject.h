#pragma once
// The demo project created on first start from the bundled data (resources/demo/manifest.json).
#include "util/Progress.h"

#include <QString>

namespace crw {

/// Where the bundled demo data lives (a Qt resource folder).
inline constexpr const char* kBundledDemoDir = ":/demo";

/// Default location of the demo project: AppDataLocation/demo.crw.
QString defaultDemoProjectPath();

/// Creates a new project at path and imports every file listed in manifestDir/manifest.json
/// ({"files":[{"kind":"gold","path":"...","format":"auto","name":"..."}...]}), in order, through importFile.
/// Then runs every simulator entry of the manifest ("simulate": [{primary, alternative, bias, strength, scale, noise,
/// seed}]) to give the demo its preference side. With "nominal_query_tokens": {"input": I, "output": O}, models with
/// token prices and no token counts get a price per query of a nominal I + O token query (fillNominalQueryPrices). Resource files are copied to a temporary folder first.
/// Returns the number of files imported.
/// On any error or cancel the partly created project file is removed and the exception (StoreError,
/// ImportError, Cancelled, or std::runtime_error for a bad manifest) propagates.
int createDemoProject(
    const QString& path, Progress& progress, const QString& manifestDir = QString::fromLatin1(kBundledDemoDir));

} // namespace crw
