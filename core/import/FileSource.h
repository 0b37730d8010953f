#pragma once
// A file read in chunks with its SHA-256 computed on the way; never holds the whole file.
#include "import/Sha256.h"

#include <QString>
#include <cstdio>
#include <string>

namespace crw {

class FileSource {
public:
    /// Opens path for reading; throws ImportError (line 0) if it cannot be opened.
    explicit FileSource(const QString& path);
    ~FileSource();
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    /// Reads up to n bytes into dst; returns the count (0 at end of file). Feeds the hash.
    size_t read(char* dst, size_t n);
    qint64 size() const { return m_size; }
    qint64 bytesRead() const { return m_read; }
    /// bytesRead / size, in [0,1].
    double fraction() const { return m_size > 0 ? double(m_read) / double(m_size) : 1.0; }
    /// Hex SHA-256 of the whole file: reads any unread rest first (so the digest never depends on how far a reader
    /// got).
    QString sha256Hex();
    const QString& path() const { return m_path; }

private:
    QString m_path;
    std::FILE* m_file = nullptr;
    qint64 m_size = 0, m_read = 0;
    Sha256 m_hash;
    QString m_digest;
};

} // namespace crw
