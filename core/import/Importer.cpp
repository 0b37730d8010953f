#include "import/Importer.h"

#include "import/FormatDetect.h"
#include "import/ImportContext.h"
#include "import/JsonFile.h"
#include "import/RecordImport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace crw {

namespace {

struct Detected {
    QString format;
    FileShape shape = FileShape::Csv;
    QStringList header;
    QVector<QStringList> rows;
    ColumnMapping mapping;
    QStringList warnings;
};

QString jsonText(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString();
}

// Header and first rows of a JSON document format (reads the file, within the JSON size limit).
void jsonDocumentHead(
    const QString& file, const QString& format, int maxRows, QStringList* header, QVector<QStringList>* rows)
{
    FileSource src(file);
    const JsonFile jf = readJsonFile(src);
    if (format.startsWith(QLatin1String("prices-"))) {
        const QJsonObject o = jf.doc.object();
        *header << QStringLiteral("model");
        for (auto it = o.begin(); it != o.end(); ++it)
            for (const QString& k : it.value().toObject().keys())
                if (!header->contains(k))
                    *header << k;
        for (auto it = o.begin(); it != o.end() && rows->size() < maxRows; ++it) {
            QStringList row { it.key() };
            for (int i = 1; i < header->size(); ++i)
                row << jsonText(it.value().toObject().value(header->at(i)));
            rows->push_back(row);
        }
        return;
    }
    const QJsonArray arr = format == QLatin1String("llmrouterbench-json")
        ? jf.doc.object().value(QStringLiteral("records")).toArray()
        : jf.doc.array();
    for (qsizetype i = 0; i < arr.size() && i < maxRows; ++i) {
        const QJsonObject o = arr.at(i).toObject();
        for (const QString& k : o.keys()) {
            if (k == QLatin1String("scores") && o.value(k).isObject()) {
                for (const QString& m : o.value(k).toObject().keys())
                    if (!header->contains(QStringLiteral("scores.") + m))
                        *header << QStringLiteral("scores.") + m;
            } else if (!header->contains(k)) {
                *header << k;
            }
        }
    }
    for (qsizetype i = 0; i < arr.size() && i < maxRows; ++i) {
        const QJsonObject o = arr.at(i).toObject();
        QStringList row;
        for (const QString& h : *header)
            row << (h.startsWith(QLatin1String("scores."))
                    ? jsonText(o.value(QStringLiteral("scores")).toObject().value(h.mid(7)))
                    : jsonText(o.value(h)));
        rows->push_back(row);
    }
}

// True when the JSON document is an object whose first 64 KB name "model_name" or "records" (an LLMRouterBench
// result); a gold-wide-json file is a list.
bool looksLikeBenchResult(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(1 << 16);
    const QByteArray t = head.startsWith("\xEF\xBB\xBF") ? head.mid(3).trimmed() : head.trimmed();
    return t.startsWith('{') && (t.contains("\"model_name\"") || t.contains("\"records\""));
}

Detected detect(const QString& file, DataKind kind, const QString& forced, int maxRows)
{
    Detected d;
    const bool auto_ = forced.isEmpty() || forced == QLatin1String("auto");
    if (!auto_) {
        DataKind fk;
        if (!formatKind(forced, &fk))
            throw ImportError(file, 0, 0,
                QStringLiteral("unknown format '%1' (known: auto, %2)")
                    .arg(forced, formatNames().join(QStringLiteral(", "))));
        // MT-Bench judgments hold gold and preference judges (--judge-map): either kind reads them.
        if (fk != kind && !(forced.startsWith(QLatin1String("mtbench-")) && kind != DataKind::Queries
                && kind != DataKind::Prices))
            throw ImportError(file, 0, 0,
                QStringLiteral("format %1 holds %2 data, not %3").arg(forced, dataKindName(fk), dataKindName(kind)));
        d.shape = formatShape(forced);
        // Fail early on empty files even when the format is forced.
        sniffShape(file);
    } else {
        d.shape = sniffShape(file);
    }
    if (d.shape == FileShape::JsonDocument) {
        if (!auto_) {
            d.format = forced;
        } else if (kind == DataKind::Gold) {
            // A list is RouterDC/LLMRouter's; an object is an LLMRouterBench result {model_name, records}.
            d.format = looksLikeBenchResult(file) ? QStringLiteral("llmrouterbench-json") : QStringLiteral("gold-wide-json");
        } else if (kind == DataKind::Preference) {
            d.format = QStringLiteral("alpacaeval-annotations");
        } else if (kind == DataKind::Prices) {
            FileSource src(file);
            const JsonFile jf = readJsonFile(src);
            const QJsonObject o = jf.doc.object();
            d.format = QStringLiteral("prices-llmrouter-json");
            if (!o.isEmpty() && o.begin().value().toObject().contains(QStringLiteral("input_token_price_per_million")))
                d.format = QStringLiteral("prices-routerarena-json");
        } else {
            throw ImportError(file, 1, 1,
                QStringLiteral("queries must be CSV or JSON Lines (one object per line), not a JSON document"));
        }
        jsonDocumentHead(file, d.format, maxRows, &d.header, &d.rows);
        return d;
    }
    if (d.shape == FileShape::JsonLines && kind == DataKind::Prices)
        throw ImportError(file, 1, 1, QStringLiteral("prices must be CSV or a JSON object, not JSON Lines"));
    readTabularHead(file, d.shape == FileShape::Csv, std::max(maxRows, 50), &d.header, &d.rows);
    refuseNamelessLayout(file, d.header);
    const QString record = auto_ ? detectRecordFormat(kind, d.shape == FileShape::Csv, d.header, d.rows)
                                 : (isRecordFormat(forced) ? forced : QString());
    if (!record.isEmpty()) {
        if (formatShape(record) != d.shape)
            throw ImportError(file, 1, 1,
                QStringLiteral("format %1 reads %2, but the file is %3")
                    .arg(record,
                        formatShape(record) == FileShape::Csv ? QStringLiteral("CSV") : QStringLiteral("JSON Lines"),
                        d.shape == FileShape::Csv ? QStringLiteral("CSV") : QStringLiteral("JSON Lines")));
        d.format = record;
        if (d.rows.size() > maxRows)
            d.rows.resize(maxRows);
        return d;
    }
    QString detectedFormat;
    d.mapping = detectTabularMapping(kind, d.shape, d.header, d.rows, &detectedFormat, &d.warnings);
    if (d.rows.size() > maxRows)
        d.rows.resize(maxRows);
    d.format = auto_ ? detectedFormat : forced;
    if (!auto_ && forced != detectedFormat && forced == QLatin1String("gold-wide-csv")) {
        // Forced wide layout on a file that also looks long: redo the wide detection.
        QStringList h = d.header;
        d.warnings.clear();
        ColumnMapping wide = detectTabularMapping(kind, d.shape, h, d.rows, &detectedFormat, &d.warnings);
        d.mapping = wide;
    }
    return d;
}

} // namespace

ImportPreview previewImport(const QString& file, DataKind kind, const QString& format, int maxRows)
{
    const Detected d = detect(file, kind, format, maxRows);
    ImportPreview p;
    p.format = d.format;
    p.header = d.header;
    p.rows = d.rows;
    p.mapping = d.mapping;
    p.warnings = d.warnings;
    return p;
}

ImportResult importFile(
    const QString& projectPath, const QString& file, const ImportOptions& options, Progress& progress)
{
    const QString stage = QStringLiteral("importing %1").arg(QFileInfo(file).fileName());
    progress.report(0.0, stage);
    Detected d = detect(file, options.kind, options.format, 50);
    ImportResult result;
    result.format = d.format;
    result.warnings = d.warnings;
    ColumnMapping mapping = options.overrideMapping ? options.mapping : d.mapping;
    if (d.format == QLatin1String("gold-wide-csv") && !mapping.extra.contains(QStringLiteral("default_task"))
        && mapping.task.isEmpty())
        mapping.extra[QStringLiteral("default_task")] = QFileInfo(file).completeBaseName();

    ProjectWriter writer(projectPath);
    DuplicatePolicy policy = options.duplicates;
    if (policy == DuplicatePolicy::Auto)
        policy = mapping.judge.isEmpty() && !formatHasJudges(d.format) ? DuplicatePolicy::Keep
                                                                         : DuplicatePolicy::Refuse;
    writer.setDuplicatePolicy(policy);
    FileSource source(file);
    const QString name
        = options.datasetName.trimmed().isEmpty() ? QFileInfo(file).completeBaseName() : options.datasetName.trimmed();
    result.datasetId
        = writer.createDataset(name, dataKindName(options.kind), d.format, QFileInfo(file).absoluteFilePath());
    ImportContext ctx { file, options, mapping, d.format, writer, source, progress, result };
    const bool json
        = formatShape(d.format) == FileShape::JsonDocument || d.format == QLatin1String("gold-routerarena-jsonl");
    if (isRecordFormat(d.format))
        importRecords(ctx);
    else if (json)
        importJsonFormat(ctx);
    else
        importTabular(ctx);
    progress.check();
    if (ctx.rows == 0)
        throw ImportError(file, 0, 0,
            result.skipped.isEmpty() ? QStringLiteral("no rows to import")
                                     : QStringLiteral("every row was skipped (%1 bad rows; first at line %2: %3)")
                                           .arg(result.skipped.size())
                                           .arg(result.skipped.first().line)
                                           .arg(result.skipped.first().reason));
    if (ctx.duplicates > 0)
        result.warnings << QStringLiteral("%1 exact duplicate rows were stored once").arg(ctx.duplicates);
    if (ctx.merged > 0)
        result.warnings << QStringLiteral("%1 repeated votes were averaged into earlier labels (--duplicates mean)")
                               .arg(ctx.merged);
    if (ctx.emptyCells > 0)
        result.warnings << QStringLiteral("%1 empty score cells (no label stored for them)").arg(ctx.emptyCells);
    if (!result.skipped.isEmpty())
        result.warnings << QStringLiteral("%1 bad rows skipped").arg(result.skipped.size());
    result.warnings << writer.warnings();
    writer.finishAndCommit(ctx.rows, source.sha256Hex());
    result.datasetName = writer.datasetName();
    result.rows = ctx.rows;
    result.newQueries = writer.newQueries();
    result.newModels = writer.newModels();
    progress.report(1.0);
    return result;
}

} // namespace crw
