#pragma once
// Public types of the importers: what kind of data, which format, the column mapping, errors and results.
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <stdexcept>

namespace crw {

/// What a file holds.
enum class DataKind { Queries, Gold, Preference, Prices };
QString dataKindName(DataKind k); // "queries", "gold", "preference", "prices"
bool parseDataKind(const QString& s, DataKind* out);

/// Format names (stable, used by `--format` and stored in datasets.format):
///   queries-csv, queries-jsonl, gold-long-csv, gold-long-jsonl, gold-wide-csv, gold-wide-json,
///   gold-routerarena-jsonl, preference-csv, preference-jsonl, alpacaeval-annotations,
///   prices-csv, prices-llmrouter-json, prices-routerarena-json,
///   arena-csv, arena-jsonl, mtbench-pairwise-jsonl, mtbench-single-jsonl, ultrafeedback-jsonl,
///   sprout-jsonl, sprout-csv, embedllm-csv, llmrouterbench-json, helpsteer3-jsonl, helpsteer2-csv, helpsteer2-jsonl
/// "auto" detects from the header or the JSON structure.

/// Which source column plays which role. Empty = not present. Detected automatically, overridable by the user.
struct ColumnMapping {
    QString queryId, text, task;
    QString model, score; // gold long
    QStringList modelColumns; // gold wide: one column per model
    QString modelA, modelB, outcome, judge; // preference
    QString outcomeKind; // gain | prob | winner | preference
    QStringList embeddingColumns; // queries: f1..fd / emb_1.. ; or one column "embedding" (JSON array)
    QString priceModel, inputPrice, outputPrice, perQueryPrice; // prices
    QMap<QString, QString> extra; // format-specific (e.g. cost columns)
};

/// s with line breaks, tabs and other control characters written as escapes (\n, \r, \t, \x01): messages quote
/// file content and must stay on one line.
QString singleLine(const QString& s);

/// A problem at a place in a file. what() reads "FILE:LINE:COLUMN: message" (or "FILE: JSON_PATH: message").
struct ImportError : std::runtime_error {
    ImportError(const QString& file, qint64 line, qint64 column, const QString& message);
    ImportError(const QString& file, const QString& jsonPath, const QString& message);
    /// A JSON value on a known line (JSON Lines, or the line where an array element starts): "FILE:LINE: PATH:
    /// message".
    ImportError(const QString& file, qint64 line, const QString& jsonPath, const QString& message);
    QString file, jsonPath, message;
    qint64 line = 0, column = 0;
};

/// What a preference import does with a repeated (query, model_a, model_b, judge).
///   Keep: every row is a label of its own (repeated votes of a crowd, e.g. Chatbot Arena).
///   Mean: one label per key, the mean of its outcomes (written at the end of the import).
///   Refuse: an equal repeat is stored once, a different one is a row error ("conflicting duplicate").
///   Auto: Keep when the file has no judge column, else Refuse.
enum class DuplicatePolicy { Auto, Keep, Mean, Refuse };
/// "auto", "keep", "mean", "refuse"; false for anything else.
bool parseDuplicatePolicy(const QString& s, DuplicatePolicy* out);

/// How the judges of a file with gold and preference judges are mapped: glob pattern -> kind, first match wins.
/// Parsed from "expert_*=gold,gpt4_pair=preference". A judge no pattern matches uses the format's default.
struct JudgeMap {
    QVector<QPair<QString, DataKind>> rules;
    /// The kind of judge, or `fallback` when no rule matches.
    DataKind kindOf(const QString& judge, DataKind fallback) const;
    bool isEmpty() const { return rules.isEmpty(); }
};
/// Parses "pattern=gold|preference,..." (patterns use * and ?); false with *error set on a bad spec.
bool parseJudgeMap(const QString& spec, JudgeMap* out, QString* error);

struct ImportOptions {
    DataKind kind = DataKind::Gold;
    QString format = QStringLiteral("auto");
    QString datasetName; // default: the file's base name (made unique)
    bool overrideMapping = false; // use `mapping` instead of the detected one
    ColumnMapping mapping;
    bool skipBadRows = false; // "skip and report" instead of failing on a row-level problem
    DuplicatePolicy duplicates = DuplicatePolicy::Auto; // repeated preference keys
    JudgeMap judgeMap; // formats with several judges (MT-Bench): which judge gives gold, which preference
    QString taskKey; // record formats (Arena, MT-Bench, UltraFeedback): the key whose value is the task, e.g. language
    // HelpSteer3: the model names of response1 and response2 (default "response1", "response2"). HelpSteer2: the
    // name of each prompt's k-th response (one name N: N, N_2, N_3, ...; default "response"). These name response
    // slots, not model identities (docs/formats.md).
    QStringList responseModels;
    QString scoreKey; // HelpSteer2: the attribute that is the gold score (default helpfulness)
};

struct SkippedRow {
    qint64 line = 0;
    QString reason;
};

/// The DataKind a format name holds; false for an unknown name.
bool formatKind(const QString& format, DataKind* out);
/// Every format name, in the order of the list above.
QStringList formatNames();

struct ImportResult {
    qint64 datasetId = 0;
    QString datasetName, format;
    qint64 rows = 0; // labels / queries / prices stored
    qint64 newQueries = 0, newModels = 0;
    QVector<SkippedRow> skipped;
    QStringList warnings;
};

struct ImportPreview {
    QString format; // detected (or forced) format name
    QStringList header;
    QVector<QStringList> rows; // first rows, as text
    ColumnMapping mapping;
    QStringList warnings;
};

} // namespace crw
