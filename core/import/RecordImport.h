#pragma once
// Formats read record by record into a JSON object (a CSV row or a JSON Lines line): Chatbot Arena / LMArena
// battles, MT-Bench judgments, UltraFeedback. See docs/formats.md.
#include "import/ImportTypes.h"

namespace crw {

struct ImportContext;

/// The record format whose keys the header (CSV header or the keys of the first JSON Lines objects) holds, for a
/// file imported as kind; empty when none matches.
QString detectRecordFormat(DataKind kind, bool csv, const QStringList& header);
/// True for the formats importRecords() reads (arena-*, mtbench-*, ultrafeedback-jsonl).
bool isRecordFormat(const QString& format);
/// Imports a record format. Row problems go through ctx.rowFailed (CSV: line and column of the key's column;
/// JSON Lines: line and JSON path); file problems throw ImportError.
void importRecords(ImportContext& ctx);

} // namespace crw
