#pragma once
// Entry points of the import layer. Every import streams its file and runs in one transaction.
#include "import/ImportTypes.h"
#include "util/Progress.h"

namespace crw {

/// Detects the format (unless options force one) and returns the first maxRows rows with the detected mapping.
/// Throws ImportError if the file cannot be read or recognised.
ImportPreview previewImport(
    const QString& file, DataKind kind, const QString& format = QStringLiteral("auto"), int maxRows = 20);

/// Imports file into the project at projectPath in one transaction as one new dataset.
/// On any error or cancel (Progress::check throws Cancelled) the project is left exactly as it was.
/// Throws ImportError (bad input), StoreError (database) or Cancelled.
ImportResult importFile(
    const QString& projectPath, const QString& file, const ImportOptions& options, Progress& progress);

} // namespace crw
