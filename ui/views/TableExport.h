#pragma once
// Tables out of the workbench: CSV files and tab-separated text for the clipboard.
#include <QModelIndexList>
#include <QString>

QT_BEGIN_NAMESPACE
class QAbstractItemModel;
QT_END_NAMESPACE

namespace crw {

/// The model as delimited text with a header line. Cells use Qt::UserRole when set (full precision), else
/// DisplayRole. With a non-empty `selection`, only the selected rows and columns (their bounding set) are written.
/// CSV (',' separator) quotes cells containing the separator, quotes or line breaks (RFC 4180); TSV (tab) replaces
/// tabs and line breaks inside cells with spaces.
QString tableToText(const QAbstractItemModel* model, QChar separator, const QModelIndexList& selection = {});

/// Writes the model as UTF-8 CSV. Returns false and sets *error when the file cannot be written.
bool exportTableCsv(const QAbstractItemModel* model, const QString& path, QString* error = nullptr);

/// Puts the model (or the selection) on the clipboard as TSV.
void copyTableToClipboard(const QAbstractItemModel* model, const QModelIndexList& selection = {});

} // namespace crw
