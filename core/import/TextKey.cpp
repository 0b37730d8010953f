#include "import/TextKey.h"

#include <QCryptographicHash>

namespace crw {

QString normalizeQueryText(const QString& text)
{
    return text.normalized(QString::NormalizationForm_C).simplified();
}

std::string textKey(std::string_view utf8Text)
{
    const QString norm = normalizeQueryText(QString::fromUtf8(utf8Text.data(), qsizetype(utf8Text.size())));
    if (norm.isEmpty())
        return {};
    const QByteArray hex = QCryptographicHash::hash(norm.toUtf8(), QCryptographicHash::Sha1).toHex();
    return std::string(hex.constData(), size_t(hex.size()));
}

} // namespace crw
