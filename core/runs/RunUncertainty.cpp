#include "runs/RunUncertainty.h"

#include <QMap>
#include <cmath>

namespace crw {

namespace {

double number(const QJsonValue& v)
{
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

const CoverageRow* RunUncertainty::at(double level) const
{
    for (const CoverageRow& r : coverage)
        if (std::abs(r.level - level) < 1e-9)
            return &r;
    return nullptr;
}

RunUncertainty parseRunUncertainty(const QJsonObject& u)
{
    RunUncertainty out;
    if (u.isEmpty())
        return out;
    out.present = true;
    out.router = u["router"].toString();
    out.replicates = u["replicates"].toInt();
    out.calibration = u["calibration"].toString();
    out.residualSd = number(u["residual_sd"]);
    out.oobRmse = number(u["oob_rmse"]);
    out.oobRows = u["oob_rows"].toInt();
    out.meanSeTest = number(u["mean_se_test"]);
    const QJsonObject zs = u["interval_z"].toObject(), conformal = u["coverage_test"].toObject(),
                      normal = u["coverage_test_normal"].toObject();
    QMap<double, CoverageRow> rows; // keyed by level: ascending
    auto rowOf = [&rows](const QString& key) -> CoverageRow* {
        bool ok = false;
        const double level = key.toDouble(&ok);
        if (!ok || !(level > 0 && level < 1))
            return nullptr;
        CoverageRow& r = rows[level];
        r.level = level;
        return &r;
    };
    for (auto it = conformal.begin(); it != conformal.end(); ++it)
        if (CoverageRow* r = rowOf(it.key())) {
            const QJsonObject o = it.value().toObject();
            r->coverage = number(o["coverage"]);
            r->meanHalfWidth = number(o["mean_half_width"]);
            r->rows = o["rows"].toInt();
        }
    for (auto it = normal.begin(); it != normal.end(); ++it)
        if (CoverageRow* r = rowOf(it.key())) {
            const QJsonObject o = it.value().toObject();
            r->coverageNormal = number(o["coverage"]);
            r->meanHalfWidthNormal = number(o["mean_half_width"]);
            if (r->rows == 0)
                r->rows = o["rows"].toInt();
        }
    // Levels with only a z (no test set) carry no calibration check and are not listed.
    for (auto it = zs.begin(); it != zs.end(); ++it) {
        bool ok = false;
        const double level = it.key().toDouble(&ok);
        if (ok && rows.contains(level))
            rows[level].z = number(it.value());
    }
    out.coverage = QVector<CoverageRow>(rows.begin(), rows.end());
    return out;
}

bool coverageConsistent(const CoverageRow& row)
{
    if (row.rows <= 0 || !std::isfinite(row.coverage))
        return false;
    const double se = std::sqrt(row.level * (1 - row.level) / row.rows);
    return std::abs(row.coverage - row.level) <= 2 * se;
}

} // namespace crw
