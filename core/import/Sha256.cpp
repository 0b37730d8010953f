#include "import/Sha256.h"

#include <dlfcn.h>

namespace crw {

namespace {
struct Crypto {
    void* (*ctxNew)() = nullptr;
    void (*ctxFree)(void*) = nullptr;
    const void* (*sha256)() = nullptr;
    int (*init)(void*, const void*, void*) = nullptr;
    int (*update)(void*, const void*, size_t) = nullptr;
    int (*final)(void*, unsigned char*, unsigned int*) = nullptr;
    bool ok = false;

    Crypto()
    {
        void* lib = nullptr;
        for (const char* name : { "libcrypto.so.3", "libcrypto.so" })
            if ((lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)))
                break;
        if (!lib)
            return;
        ctxNew = reinterpret_cast<void* (*)()>(dlsym(lib, "EVP_MD_CTX_new"));
        ctxFree = reinterpret_cast<void (*)(void*)>(dlsym(lib, "EVP_MD_CTX_free"));
        sha256 = reinterpret_cast<const void* (*)()>(dlsym(lib, "EVP_sha256"));
        init = reinterpret_cast<int (*)(void*, const void*, void*)>(dlsym(lib, "EVP_DigestInit_ex"));
        update = reinterpret_cast<int (*)(void*, const void*, size_t)>(dlsym(lib, "EVP_DigestUpdate"));
        final = reinterpret_cast<int (*)(void*, unsigned char*, unsigned int*)>(dlsym(lib, "EVP_DigestFinal_ex"));
        ok = ctxNew && ctxFree && sha256 && init && update && final;
    }
};

const Crypto& crypto()
{
    static const Crypto c;
    return c;
}
}

bool Sha256::accelerated()
{
    return crypto().ok;
}

Sha256::Sha256()
{
    const Crypto& c = crypto();
    if (c.ok) {
        m_ctx = c.ctxNew();
        if (m_ctx && c.init(m_ctx, c.sha256(), nullptr) == 1)
            return;
        if (m_ctx)
            c.ctxFree(m_ctx);
        m_ctx = nullptr;
    }
    m_qt = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
}

Sha256::~Sha256()
{
    if (m_ctx)
        crypto().ctxFree(m_ctx);
}

void Sha256::add(const char* data, size_t n)
{
    if (m_ctx)
        crypto().update(m_ctx, data, n);
    else
        m_qt->addData(QByteArrayView(data, qsizetype(n)));
}

QString Sha256::hex()
{
    if (m_ctx) {
        unsigned char md[32];
        unsigned int len = 0;
        crypto().final(m_ctx, md, &len);
        return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(md), int(len)).toHex());
    }
    return QString::fromLatin1(m_qt->result().toHex());
}

} // namespace crw
