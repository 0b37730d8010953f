#pragma once
// Incremental SHA-256. Uses the system's libcrypto (loaded at run time, ~8x faster than Qt's portable code)
// when it can be loaded, else QCryptographicHash. Both give the same digest.
#include <QCryptographicHash>
#include <QString>
#include <memory>

namespace crw {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const char* data, size_t n);
    /// Lower-case hex digest of everything added (call once).
    QString hex();
    /// True when the libcrypto path is in use (for the benchmark's notes).
    static bool accelerated();

private:
    void* m_ctx = nullptr; // EVP_MD_CTX* when accelerated
    std::unique_ptr<QCryptographicHash> m_qt;
};

} // namespace crw
