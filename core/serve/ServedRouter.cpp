#include "serve/ServedRouter.h"

#include "serve/ServeMetrics.h"

#include <QCryptographicHash>
#include <QFileInfo>

namespace crw {

std::shared_ptr<const ServedRouter> ServedRouter::load(const QString& path, const QByteArray& bytes,
    const ServeRequirements& requirements, uint64_t generation, ServeMetrics* metrics)
{
    auto s = std::make_shared<ServedRouter>();
    s->router = std::make_unique<const Router>(parseRouterSpec(bytes));
    if (requirements.abstain) {
        if (s->router->spec().quality.size() != 1)
            throw RouterFormatError("--abstain needs a two-model router (primary and reference)");
        if (!s->router->hasUncertainty())
            throw RouterFormatError("--abstain needs a router with bootstrap replicates (train with --bootstrap N)");
    }
    s->path = QFileInfo(path).absoluteFilePath();
    s->sha256 = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    s->loadedAt = QDateTime::currentDateTimeUtc();
    s->generation = generation;
    for (const auto& m : s->router->spec().models)
        s->decisionCounters.push_back(metrics ? metrics->decisionCounter(m.name) : nullptr);
    return s;
}

} // namespace crw
