#pragma once
// State shared by the format readers during one importFile() call.
#include "import/FileSource.h"
#include "import/ImportTypes.h"
#include "import/ProjectWriter.h"
#include "util/Progress.h"

namespace crw {

struct ImportContext {
    QString file; // as given by the caller (used in messages)
    const ImportOptions& options;
    ColumnMapping mapping; // detected or overridden
    QString format;
    ProjectWriter& writer;
    FileSource& source;
    Progress& progress;
    ImportResult& result;
    qint64 rows = 0; // labels / queries / prices stored
    qint64 duplicates = 0; // exact duplicate rows not stored
    qint64 emptyCells = 0; // blank score cells in wide files
    qint64 merged = 0; // preference votes averaged into an earlier label (DuplicatePolicy::Mean)
    qint64 sinceTick = 0;

    /// A row-level problem at line (column / JSON path from e): skipped and listed when skipBadRows, else thrown
    /// as ImportError. columnName names the CSV column (for skipped-row reasons).
    void rowFailed(qint64 line, const RowError& e, bool csvColumns, const QString& columnName = {});
    /// Counts what ProjectWriter::preference() did with one label.
    void countPreference(ProjectWriter::Stored s)
    {
        if (s == ProjectWriter::Stored::New)
            ++rows;
        else if (s == ProjectWriter::Stored::Duplicate)
            ++duplicates;
        else
            ++merged;
    }
    /// Called once per source row: every 4096 rows reports the fraction read and polls the cancel flag.
    void tick()
    {
        if (++sinceTick >= 4096) {
            sinceTick = 0;
            progress.report(source.fraction());
            progress.check();
        }
    }
};

/// Imports CSV and JSON Lines files of the tabular formats (queries, gold long/wide, preference, prices).
void importTabular(ImportContext& ctx);
/// Imports JSON documents (gold-wide-json, alpacaeval-annotations, prices-*-json) and gold-routerarena-jsonl.
void importJsonFormat(ImportContext& ctx);
/// Reads the header (CSV) or first object keys (JSONL) and up to maxRows rows as text, for detection and preview.
void readTabularHead(const QString& file, bool csv, int maxRows, QStringList* header, QVector<QStringList>* rows);

} // namespace crw
