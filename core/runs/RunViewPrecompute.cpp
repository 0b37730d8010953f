#include "runs/RunViewPrecompute.h"

#include <algorithm>
#include <cmath>

namespace crw {

QVector<QueryBiasRow> queryBiasRows(const RunRecord& run)
{
    QVector<QueryBiasRow> rows;
    for (const RunQueryRow& r : run.rows)
        if (r.source == RowSource::Preference && std::isfinite(r.deltaHat)) {
            QString text = r.text;
            text.replace(QLatin1Char('\n'), QLatin1Char(' '));
            rows.push_back({ r.queryId, r.deltaHat, r.trueDelta, r.psiHat, r.task, text });
        }
    return rows;
}

void sortByDeltaHatDescending(QVector<QueryBiasRow>& rows)
{
    std::stable_sort(
        rows.begin(), rows.end(), [](const QueryBiasRow& a, const QueryBiasRow& b) { return a.deltaHat > b.deltaHat; });
}

QVector<QVector<double>> biasHistogramSamples(const RunRecord& run)
{
    QVector<double> est, truth;
    for (const RunQueryRow& r : run.rows)
        if (r.source == RowSource::Preference && std::isfinite(r.deltaHat)) {
            est << r.deltaHat;
            if (std::isfinite(r.trueDelta))
                truth << r.trueDelta;
        }
    QVector<QVector<double>> samples { est };
    if (!truth.isEmpty())
        samples << truth;
    return samples;
}

RunViewPrecompute precomputeRunViews(const RunRecord& run)
{
    RunViewPrecompute p;
    p.balance = computeBalance(run);
    p.propensityBins = histogram({ p.balance.propensityGold, p.balance.propensityPref });
    const QVector<QVector<double>> samples = biasHistogramSamples(run);
    p.biasEstimates = int(samples[0].size());
    p.biasTruths = samples.size() > 1 ? int(samples[1].size()) : 0;
    p.biasBins = histogram(samples);
    p.biasRows = queryBiasRows(run);
    sortByDeltaHatDescending(p.biasRows);
    p.biasHasTruth = std::any_of(
        p.biasRows.begin(), p.biasRows.end(), [](const QueryBiasRow& r) { return std::isfinite(r.trueDelta); });
    return p;
}

} // namespace crw
