#include "import/ImportFormats.h"

#include <QObject>

namespace crw {

QStringList importFormatsFor(DataKind kind)
{
    QStringList out;
    for (const QString& f : formatNames()) {
        DataKind k;
        if (formatKind(f, &k) && k == kind)
            out << f;
    }
    return out;
}

QString dataKindLabel(DataKind kind)
{
    switch (kind) {
    case DataKind::Queries:
        return QObject::tr("Queries");
    case DataKind::Gold:
        return QObject::tr("Gold labels");
    case DataKind::Preference:
        return QObject::tr("Preference labels");
    case DataKind::Prices:
        return QObject::tr("Model prices");
    }
    return {};
}

} // namespace crw
