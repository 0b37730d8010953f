#pragma once
// The gold-suggestion list as a table: query id, text, score, reason (the columns of suggestionsCsv).
#include "active/GoldSuggestions.h"

#include <QAbstractTableModel>
#include <vector>

namespace crw {

class GoldSuggestionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { QueryId, Text, Score, Reason, ColumnCount };
    static constexpr int kTextPreview = 200; ///< characters of the query text shown (the tooltip and UserRole: all)

    explicit GoldSuggestionModel(QObject* parent = nullptr);

    /// Replaces the rows (a model reset).
    void setSuggestions(std::vector<GoldSuggestion> rows);
    const std::vector<GoldSuggestion>& suggestions() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: text shortened to one line, score with 4 significant digits; Qt::UserRole: the raw value (full
    /// text, full-precision score) for CSV export; ToolTipRole: the full text and psi_hat ± se, propensity.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<GoldSuggestion> m_rows;
};

} // namespace crw
