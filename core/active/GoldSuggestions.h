#pragma once
// `causal-router suggest-gold` and the GUI's gold-suggestion list: ranked unlabelled queries of a stored run.
#include "active/GoldAcquisition.h"

#include <QString>
#include <vector>

namespace crw {

struct SuggestionRequest {
    qint64 runId = 0;
    AcquisitionStrategy strategy = AcquisitionStrategy::Uncertainty;
    int budget = 100;
    double primaryShare = 0.5; // operating point: the threshold sends this share of the candidates to the primary
    uint64_t seed = 1;
};

struct GoldSuggestion {
    qint64 queryId = 0;
    QString text;
    double score = 0;
    QString reason;
    double psi = 0, psiSe = 0, propensity = 0;
};

struct SuggestionResult {
    std::vector<GoldSuggestion> rows;
    int candidates = 0; // preference-only queries of the run (neither gold nor test rows)
    double threshold = 0; // on psi_hat
    double baseRate = 0;
    QString note; // e.g. that an older run stored only clipped propensities
};

/// Ranks the run's preference-only queries (preference training rows that are neither gold training nor test rows
/// of the run) by the strategy and returns the top `budget`. Reads through its own SQLite connection (usable from
/// a worker thread). Throws StoreError for an unknown run, std::invalid_argument when the strategy lacks inputs
/// (uncertainty needs a run trained with --bootstrap).
SuggestionResult suggestGold(const QString& projectPath, const SuggestionRequest& request);

/// CSV with the header query_id,text,score,reason (RFC 4180 quoting).
QString suggestionsCsv(const std::vector<GoldSuggestion>& rows);

} // namespace crw
