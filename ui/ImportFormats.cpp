#include "ImportFormats.h"

#include <QObject>

namespace crw::ui {

QStringList importFormatsFor(DataKind kind)
{
    switch (kind) {
    case DataKind::Queries:
        return { "queries-csv", "queries-jsonl" };
    case DataKind::Gold:
        return { "gold-long-csv", "gold-long-jsonl", "gold-wide-csv", "gold-wide-json", "gold-routerarena-jsonl" };
    case DataKind::Preference:
        return { "preference-csv", "preference-jsonl", "alpacaeval-annotations" };
    case DataKind::Prices:
        return { "prices-csv", "prices-llmrouter-json", "prices-routerarena-json" };
    }
    return {};
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

} // namespace crw::ui
