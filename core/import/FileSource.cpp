#include "import/FileSource.h"

#include "import/ImportTypes.h"

#include <QFile>
#include <QFileInfo>

namespace crw {

FileSource::FileSource(const QString& path)
    : m_path(path)
{
    const QFileInfo fi(path);
    if (!fi.exists())
        throw ImportError(path, 0, 0, QStringLiteral("no such file"));
    if (!fi.isFile())
        throw ImportError(path, 0, 0, QStringLiteral("not a regular file"));
    m_file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!m_file)
        throw ImportError(path, 0, 0, QStringLiteral("cannot open file for reading"));
    m_size = fi.size();
}

FileSource::~FileSource()
{
    if (m_file)
        std::fclose(m_file);
}

size_t FileSource::read(char* dst, size_t n)
{
    const size_t got = std::fread(dst, 1, n, m_file);
    if (got == 0 && std::ferror(m_file))
        throw ImportError(m_path, 0, 0, QStringLiteral("read error"));
    if (got > 0) {
        m_hash.add(dst, got);
        m_read += qint64(got);
    }
    return got;
}

QString FileSource::sha256Hex()
{
    if (m_digest.isEmpty()) {
        char rest[1 << 16];
        while (read(rest, sizeof rest) > 0) { }
        m_digest = m_hash.hex();
    }
    return m_digest;
}

} // namespace crw
