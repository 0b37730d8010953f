#include "views/GoldSuggestionModel.h"

#include <cmath>

namespace crw {

GoldSuggestionModel::GoldSuggestionModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void GoldSuggestionModel::setSuggestions(std::vector<GoldSuggestion> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int GoldSuggestionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GoldSuggestionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GoldSuggestionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GoldSuggestion& g = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case QueryId:
            return g.queryId;
        case Text: {
            QString t = g.text.left(kTextPreview).simplified();
            return g.text.size() > kTextPreview ? t + QChar(0x2026) : t;
        }
        case Score:
            return QString::number(g.score, 'g', 4);
        case Reason:
            return g.reason;
        }
        return {};
    case Qt::UserRole:
        switch (column) {
        case QueryId:
            return g.queryId;
        case Text:
            return g.text;
        case Score:
            return g.score;
        case Reason:
            return g.reason;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = g.text.left(2000);
        if (std::isfinite(g.psi))
            tip += QStringLiteral("\n\nψ̂ = %1").arg(g.psi, 0, 'g', 4)
                + (std::isfinite(g.psiSe) ? QStringLiteral(" ± %1 (se)").arg(g.psiSe, 0, 'g', 3) : QString());
        if (std::isfinite(g.propensity))
            tip += QStringLiteral(", propensity %1").arg(g.propensity, 0, 'g', 3);
        return tip;
    }
    case Qt::TextAlignmentRole:
        return column == QueryId || column == Score ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                    : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant GoldSuggestionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case QueryId:
        return tr("Query id");
    case Text:
        return tr("Text");
    case Score:
        return tr("Score");
    case Reason:
        return tr("Reason");
    }
    return {};
}

} // namespace crw
