#pragma once
// Recognises the shape of a file (CSV, JSON Lines, JSON document), its format and its column mapping.
#include "import/ImportTypes.h"

namespace crw {

enum class FileShape { Csv, JsonLines, JsonDocument };

/// Looks at the first bytes of path (after a BOM and blanks): '[' or a multi-line '{' document => JsonDocument,
/// a first line that is a complete JSON object => JsonLines, anything else => Csv.
/// Throws ImportError for a missing or empty file.
FileShape sniffShape(const QString& path);
/// True for the formats whose records always name a judge (AlpacaEval annotations, MT-Bench judgments): their
/// repeated keys are refused by default (DuplicatePolicy::Auto).
bool formatHasJudges(const QString& format);
/// The shape a named format reads.
FileShape formatShape(const QString& format);

/// The role columns found in a tabular header (CSV header or the keys of the first JSON Lines object), for kind.
/// sample holds the first data rows (used to tell model columns from text columns in wide gold files).
/// Sets *format (for CSV gold: long or wide); appends notes (ignored columns) to warnings.
ColumnMapping detectTabularMapping(DataKind kind, FileShape shape, const QStringList& header,
    const QVector<QStringList>& sample, QString* format, QStringList* warnings);

/// Names that identify columns (lower-case match), exposed for the docs and the import dialog.
QStringList idColumnNames();
QStringList textColumnNames();
QStringList taskColumnNames();

} // namespace crw
