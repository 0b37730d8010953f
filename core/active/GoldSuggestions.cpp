#include "active/GoldSuggestions.h"

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
    {
        auto st = db.prepare("SELECT summary_json FROM runs WHERE id = ?");
        st.bind(1, int64_t(req.runId));
        if (!st.step())
            throw StoreError(QStringLiteral("%1: no run %2").arg(projectPath).arg(req.runId).toStdString());
        const QJsonObject summary = QJsonDocument::fromJson(st.columnText(0).toUtf8()).object();
        res.baseRate = summary.value("diagnostics").toObject().value("base_rate").toDouble();
    }
    auto st = db.prepare(
        "SELECT rq.query_id, q.text, rq.psi_hat, rq.psi_se, rq.propensity_raw, rq.propensity FROM run_queries rq "
        "JOIN queries q ON q.id = rq.query_id WHERE rq.run_id = ? AND rq.source = 0 AND rq.query_id NOT IN "
        "(SELECT query_id FROM run_queries WHERE run_id = ? AND source IN (1, 2)) ORDER BY rq.query_id");
    st.bind(1, int64_t(req.runId));
    st.bind(2, int64_t(req.runId));
    std::vector<GoldSuggestion> cands;
    bool clippedOnly = false;
    while (st.step()) {
        GoldSuggestion g;
        g.queryId = st.columnInt(0);
        g.text = st.columnText(1);
        g.psi = st.columnIsNull(2) ? std::nan("") : st.columnDouble(2);
        g.psiSe = st.columnIsNull(3) ? std::nan("") : st.columnDouble(3);
        if (!st.columnIsNull(4))
            g.propensity = st.columnDouble(4);
        else {
            g.propensity = st.columnIsNull(5) ? std::nan("") : st.columnDouble(5);
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
