#include "views/TableExport.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace crw {

namespace {

QString cellText(const QAbstractItemModel* model, int row, int column)
{
    const QModelIndex i = model->index(row, column);
    const QVariant raw = model->data(i, Qt::UserRole);
    if (raw.isValid()) {
        if (raw.typeId() == QMetaType::Double)
            return std::isfinite(raw.toDouble()) ? QString::number(raw.toDouble(), 'g', 17) : QString();
        return raw.toString();
    }
    return model->data(i, Qt::DisplayRole).toString();
}

QString escape(QString s, QChar sep)
{
    if (sep == QLatin1Char('\t')) {
        s.replace(QLatin1Char('\t'), QLatin1Char(' '));
        s.replace(QLatin1Char('\r'), QLatin1Char(' '));
        s.replace(QLatin1Char('\n'), QLatin1Char(' '));
        return s;
    }
    if (s.contains(sep) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
        || s.contains(QLatin1Char('\r'))) {
        s.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

} // namespace

QString tableToText(const QAbstractItemModel* model, QChar separator, const QModelIndexList& selection)
{
    QList<int> rows, columns;
    if (selection.isEmpty()) {
        for (int r = 0; r < model->rowCount(); ++r)
            rows << r;
        for (int c = 0; c < model->columnCount(); ++c)
            columns << c;
    } else {
        QSet<int> rs, cs;
        for (const QModelIndex& i : selection) {
            rs.insert(i.row());
            cs.insert(i.column());
        }
        rows = rs.values();
        columns = cs.values();
        std::sort(rows.begin(), rows.end());
        std::sort(columns.begin(), columns.end());
    }
    QString out;
    QStringList line;
    for (int c : columns)
        line << escape(model->headerData(c, Qt::Horizontal).toString(), separator);
    out += line.join(separator) + QLatin1Char('\n');
    for (int r : rows) {
        line.clear();
        for (int c : columns)
            line << escape(cellText(model, r, c), separator);
        out += line.join(separator) + QLatin1Char('\n');
    }
    return out;
}

bool exportTableCsv(const QAbstractItemModel* model, const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(tableToText(model, QLatin1Char(',')).toUtf8());
    return true;
}

void copyTableToClipboard(const QAbstractItemModel* model, const QModelIndexList& selection)
{
    QApplication::clipboard()->setText(tableToText(model, QLatin1Char('\t'), selection));
}

} // namespace crw
