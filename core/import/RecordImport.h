#pragma once
// Formats read record by record into a JSON object (a CSV row, a JSON Lines line, an item of a JSON document's
// list): Chatbot Arena / LMArena battles, MT-Bench judgments, UltraFeedback, SPROUT, EmbedLLM, HelpSteer2/3,
// LLMRouterBench records. See docs/formats.md.
#include "import/ImportTypes.h"

namespace crw {

struct ImportContext;

/// The record format whose keys the header (CSV header or the keys of the first JSON Lines objects) holds, for a
/// file imported as kind; empty when none matches. sample: the first rows as text (SPROUT is told by its values).
QString detectRecordFormat(DataKind kind, bool csv, const QStringList& header, const QVector<QStringList>& sample);
/// Throws ImportError (line 1) for a known layout that names no models and so cannot give labels (UltraFeedback
/// binarized: prompt, chosen, rejected, score_chosen, score_rejected); returns otherwise.
void refuseNamelessLayout(const QString& file, const QStringList& header);
/// True for the formats importRecords() reads (arena-*, mtbench-*, ultrafeedback-jsonl, sprout-*, embedllm-csv,
/// helpsteer*, llmrouterbench-json).
bool isRecordFormat(const QString& format);
/// Imports a record format. Row problems go through ctx.rowFailed (CSV: line and column of the key's column;
/// JSON Lines: line and JSON path); file problems throw ImportError.
void importRecords(ImportContext& ctx);

} // namespace crw
