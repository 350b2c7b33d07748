#pragma once

#include "result.h"
#include "tls/tlskeylog.h"

#include <QElapsedTimer>
#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope {

/// The TLS secrets a source decrypts with: key-log files (read again as a client appends to them during a live
/// capture, and from the start when one is replaced), and key-log text that arrived some other way (a pcapng
/// Decryption Secrets Block).
class TlsKeySource
{
public:
    /// Reads `path` now and remembers it. The error names the file and why it cannot be read. With
    /// `mayNotExistYet` (a live capture started before the client) a missing file is read once it appears.
    Status addFile(const QString& path, bool mayNotExistYet = false);
    /// Adds key-log text; `origin` names it in the key nodes ("capture.pcapng secrets block").
    void addText(QByteArrayView text, const QString& origin);

    /// Reads what was appended to the files since the last look, at most every `minIntervalMs`. True when that
    /// added secrets.
    bool refresh(int minIntervalMs = 20);

    const tls::KeyLog& keys() const { return m_keys; }
    /// No file and no text were given: connections are not decrypted for want of any key log.
    bool isEmpty() const { return m_files.empty() && !m_hadText; }
    QStringList files() const;

private:
    struct File
    {
        QString path;
        tls::KeyLogReader reader;
        qint64 offset = 0;
        quint64 inode = 0;
        quint64 device = 0;
    };
    Status read(File& file);

    tls::KeyLog m_keys;
    std::vector<File> m_files;
    bool m_hadText = false;
    QElapsedTimer m_sinceRefresh;
};

} // namespace rpcscope
