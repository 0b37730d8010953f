#include "active/GoldSuggestions.h"

#include "runs/RunKeys.h"
#include "runs/RunStore.h"

#include "routing/AbstainRule.h"
#include "store/ProjectStore.h"
#include "store/SqliteDb.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <stdexcept>

namespace crw {

namespace {

QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))
        && !s.contains(QLatin1Char('\r')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

SuggestionResult suggestGold(const QString& projectPath, const SuggestionRequest& req)
{
    if (!(req.primaryShare >= 0.0 && req.primaryShare <= 1.0))
        throw std::invalid_argument("the primary share must be in [0, 1]");
    SqliteDb db(projectPath);
    ProjectStore::migrate(db);
    SuggestionResult res;
    const RunHeader header = RunStore::header(db, req.runId);
    res.baseRate = header.summary.value(runkey::diagnostics).toObject().value(runkey::baseRate).toDouble();
    std::vector<GoldSuggestion> cands;
    bool clippedOnly = false;
    for (const RunQueryRow& r : RunStore::preferenceOnlyRows(db, req.runId)) {
        GoldSuggestion g;
        g.queryId = r.queryId;
        g.text = r.text;
        g.psi = r.psiHat;
        g.psiSe = r.psiSe;
        if (std::isfinite(r.propensityRaw))
            g.propensity = r.propensityRaw;
        else {
            g.propensity = r.propensity;
            clippedOnly = true;
        }
        cands.push_back(g);
    }
    res.candidates = int(cands.size());
    if (cands.empty())
        return res;
    AcquisitionInputs in;
    const auto N = Eigen::Index(cands.size());
    in.psi.resize(N);
    in.psiSe.resize(N);
    in.propensity.resize(N);
    bool haveSe = true;
    for (Eigen::Index i = 0; i < N; ++i) {
        const auto& g = cands[size_t(i)];
        in.psi[i] = std::isfinite(g.psi) ? g.psi : 0.0;
        haveSe = haveSe && std::isfinite(g.psiSe);
        in.psiSe[i] = std::isfinite(g.psiSe) ? g.psiSe : 0.0;
        in.propensity[i] = g.propensity;
    }
    if (req.strategy == AcquisitionStrategy::Uncertainty && !haveSe)
        throw std::invalid_argument(QStringLiteral("run %1 has no uncertainty for psi_hat: train it with --bootstrap N "
                                                   "(N >= 2), or use --strategy overlap")
                                        .arg(req.runId)
                                        .toStdString());
    in.baseRate = res.baseRate;
    in.threshold = thresholdForShare(in.psi, req.primaryShare);
    res.threshold = in.threshold;
    if (clippedOnly && req.strategy == AcquisitionStrategy::Overlap)
        res.note = QStringLiteral("this run stored only clipped propensities (trained before schema 3); overlap "
                                  "scores are coarse");
    for (const GoldCandidate& c : rankGoldCandidates(req.strategy, in, req.budget, req.seed)) {
        GoldSuggestion g = cands[size_t(c.index)];
        g.score = c.score;
        g.reason = c.reason;
        res.rows.push_back(g);
    }
    return res;
}

QString suggestionsCsv(const std::vector<GoldSuggestion>& rows)
{
    QString out = QStringLiteral("query_id,text,score,reason\n");
    for (const auto& r : rows)
        out += QString::number(r.queryId) + QLatin1Char(',') + csvField(r.text) + QLatin1Char(',')
            + QString::number(r.score, 'g', 10) + QLatin1Char(',') + csvField(r.reason) + QLatin1Char('\n');
    return out;
}

} // namespace crw
