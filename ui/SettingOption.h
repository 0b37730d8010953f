#pragma once
// One persistent setting: its key, type and default are declared once (see Settings.h), read and written typed.
#include <QSettings>
#include <QVariant>

namespace crw::ui {

template <typename T> class SettingOption {
public:
    constexpr SettingOption(const char* key, T defaultValue)
        : m_key(key)
        , m_default(std::move(defaultValue))
    {
    }

    /// The stored value, or the declared default when the key is absent or holds another type.
    T get() const
    {
        const QVariant v = QSettings().value(QLatin1String(m_key));
        if (!v.isValid() || !v.canConvert<T>())
            return m_default;
        return v.value<T>();
    }
    /// Stores the value (QSettings writes it back to disk on its own schedule).
    void set(const T& value) const { QSettings().setValue(QLatin1String(m_key), QVariant::fromValue(value)); }
    /// Removes the key so get() returns the default again.
    void reset() const { QSettings().remove(QLatin1String(m_key)); }
    const char* key() const { return m_key; }
    const T& defaultValue() const { return m_default; }

private:
    const char* m_key;
    T m_default;
};

} // namespace crw::ui
