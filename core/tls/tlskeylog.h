#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

namespace rpcscope::tls {

/// The NSS key-log labels a decryption uses (RFC 9850): the TLS 1.2 master secret and the TLS 1.3 traffic secrets.
enum class SecretLabel : quint8 {
    ClientRandom, ///< CLIENT_RANDOM: the TLS 1.2 master secret (48 bytes)
    ClientEarlyTraffic,
    ClientHandshakeTraffic,
    ServerHandshakeTraffic,
    ClientTraffic0,
    ServerTraffic0,
};
/// The label as written in a key log: "CLIENT_RANDOM", "SERVER_TRAFFIC_SECRET_0", ...
QString secretLabelName(SecretLabel label);

struct KeyLogSecret
{
    QByteArray secret;
    /// Where the line was: "keys.log line 5", "pcapng secrets block line 2".
    QString origin;
};

/// Secrets from key-log text, found by label and client random. Files, pcapng Decryption Secrets Blocks and text
/// given in tests all go through `addText`; lines that are not secrets we use (comments, other labels, junk) are
/// skipped. Hex may be upper or lower case; LF, CRLF and CR all end lines.
class KeyLog
{
public:
    /// Adds the lines of `text` (the last one may lack its line end); `source` names where they come from.
    void addText(QByteArrayView text, const QString& source);
    /// Adds one line (without its line end).
    void addLine(QByteArrayView line, const QString& source, int lineNumber);
    const KeyLogSecret* find(SecretLabel label, QByteArrayView clientRandom) const;
    void merge(const KeyLog& other);

    int size() const { return int(m_secrets.size()); }
    /// Lines that looked like secrets of a label we use but could not be read (bad hex, wrong random length).
    int malformedLines() const { return m_malformed; }
    /// Grows whenever a secret is added, so holders of a connection waiting for keys know to look again.
    quint64 revision() const { return m_revision; }

private:
    QHash<QByteArray, KeyLogSecret> m_secrets;
    int m_malformed = 0;
    quint64 m_revision = 0;
};

/// Feeds key-log text that arrives in pieces (a file a client is still writing) to a KeyLog: complete lines are
/// added, a partial last line waits for the rest.
class KeyLogReader
{
public:
    explicit KeyLogReader(QString source)
        : m_source(std::move(source))
    { }
    void feed(QByteArrayView text, KeyLog& log);
    /// The text ended (the end of a secrets block): a last line without its line end counts too.
    void finish(KeyLog& log);
    /// Starts over (the file was replaced or truncated).
    void reset();

private:
    QString m_source;
    QByteArray m_partial;
    int m_line = 1;
    bool m_afterCr = false;
};

} // namespace rpcscope::tls
