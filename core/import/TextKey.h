#pragma once
// Query identity by text: normalisation and the text_key stored in queries.text_key (see docs/identity.md).
#include <QByteArray>
#include <QString>
#include <string>
#include <string_view>

namespace crw {

/// NFC-normalised text, trimmed, with every run of whitespace collapsed to one space.
QString normalizeQueryText(const QString& text);
/// Lower-case hex SHA-1 of the UTF-8 of normalizeQueryText(text); empty when the normalised text is empty.
std::string textKey(std::string_view utf8Text);

} // namespace crw
