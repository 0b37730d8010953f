#include "runs/TrainingRemarks.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace crw {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("crw::ui::TrainingRemarks", text);
}

QString learnerName(const QString& router)
{
    if (router == QLatin1String("meta_r"))
        return tr("R-learner");
    if (router == QLatin1String("meta_dr"))
        return tr("DR-learner");
    if (router == QLatin1String("meta_t"))
        return tr("T-learner");
    if (router == QLatin1String("meta_r_overlap"))
        return tr("R-learner (overlap region)");
    if (router == QLatin1String("meta_dr_overlap"))
        return tr("DR-learner (overlap region)");
    return router;
}
}

QStringList trainingRemarks(const QJsonObject& summary)
{
    const QLocale l;
    const QJsonObject diag = summary.value(QStringLiteral("diagnostics")).toObject();
    QStringList out;
    for (const QJsonValue& w : diag.value(QStringLiteral("warnings")).toArray())
        if (!w.toString().isEmpty())
            out << w.toString();
    const QJsonValue clipped = diag.value(QStringLiteral("propensity_clipped_share"));
    if (clipped.isDouble() && clipped.toDouble() > kClippedShareLimit)
        out << tr("%1% of the propensities had to be clipped: gold and preference queries overlap poorly, so some "
                  "preference queries have almost no comparable gold queries. Treat the bias estimates for them "
                  "with caution, or add gold labels for such queries.")
                   .arg(l.toString(100.0 * clipped.toDouble(), 'f', 1));
    const QJsonObject cate = diag.value(QStringLiteral("cate")).toObject();
    for (auto it = cate.begin(); it != cate.end(); ++it) {
        const QJsonValue ess = it.value().toObject().value(QStringLiteral("ess_gold"));
        if (ess.isDouble() && ess.toDouble() < kEssGoldLimit)
            out << tr("%1: the gold labels count like only %2 independent rows (effective sample size below %3): "
                      "the bias correction rests on very little gold data and may be noisy.")
                       .arg(learnerName(it.key()), l.toString(ess.toDouble(), 'f', 1))
                       .arg(kEssGoldLimit);
    }
    return out;
}

} // namespace crw
