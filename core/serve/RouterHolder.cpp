#include "serve/RouterHolder.h"

#include "serve/ServeMetrics.h"

#include <QCryptographicHash>
#include <QFile>

namespace crw {

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw RouterFormatError(QStringLiteral("cannot open %1: %2").arg(path, f.errorString()).toStdString());
    return f.readAll();
}

} // namespace

RouterHolder::RouterHolder(const QString& path, const ServeRequirements& requirements, ServeMetrics* metrics)
    : m_path(path)
    , m_requirements(requirements)
    , m_metrics(metrics)
{
    m_current.store(ServedRouter::load(path, readAll(path), requirements, 1, metrics));
}

ReloadOutcome RouterHolder::reload(bool onlyIfChanged)
{
    std::lock_guard lock(m_reloadLock);
    const auto old = current();
    ReloadOutcome out;
    try {
        const QByteArray bytes = readAll(m_path);
        if (onlyIfChanged
            && QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()) == old->sha256) {
            out.result = ReloadOutcome::Result::Unchanged;
            out.message = QStringLiteral("router file unchanged (sha256 %1)").arg(old->sha256.left(12));
            return out;
        }
        auto next = ServedRouter::load(m_path, bytes, m_requirements, old->generation + 1, m_metrics);
        out.result = ReloadOutcome::Result::Swapped;
        out.message = QStringLiteral("reloaded %1: sha256 %2, generation %3 (was sha256 %4)")
                          .arg(next->path, next->sha256.left(12))
                          .arg(next->generation)
                          .arg(old->sha256.left(12));
        m_current.store(std::move(next), std::memory_order_release);
        if (m_metrics)
            m_metrics->recordReload(true);
    } catch (const std::exception& e) {
        out.result = ReloadOutcome::Result::Refused;
        out.message = QStringLiteral("refused the new router file %1: %2; still serving sha256 %3, generation %4")
                          .arg(m_path, QString::fromUtf8(e.what()), old->sha256.left(12))
                          .arg(old->generation);
        if (m_metrics)
            m_metrics->recordReload(false);
    }
    return out;
}

} // namespace crw
