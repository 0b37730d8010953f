#pragma once
// A file read in chunks with its SHA-256 computed on the way; never holds the whole file.
#include <QCryptographicHash>
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
    /// Hex SHA-256 of the bytes read so far (the whole file once read to the end).
    QString sha256Hex() const;
    const QString& path() const { return m_path; }

private:
    QString m_path;
    std::FILE* m_file = nullptr;
    qint64 m_size = 0, m_read = 0;
    QCryptographicHash m_hash { QCryptographicHash::Sha256 };
};

} // namespace crw
