#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace rpcscope::tls {

/// Why a connection is not decrypted, for grouping in reports; SessionInfo::notDecrypted has the whole sentence.
enum class NotDecrypted : quint8 {
    No, ///< it is decrypted
    NoKeyLog, ///< no key log was given at all
    MissingKeys, ///< the key log has no lines for this connection
    WrongKey, ///< a key-log line does not open the records
    UnsupportedSuite, ///< a cipher suite we do not decrypt (CBC, CCM, ...)
    UnsupportedVersion, ///< SSL 3.0, TLS 1.0 or 1.1
    NoHandshake, ///< the capture started after the handshake
    Incomplete, ///< the handshake did not finish, or bytes of it are missing
    Malformed, ///< records or handshake messages TLS does not allow
};

/// What is known about one TLS connection: shown in the `tls` node of each of its messages, in jsonl and in the
/// report of connections that could not be decrypted. Shared between messages as an immutable snapshot: a
/// connection that learns more publishes a new one.
struct SessionInfo
{
    /// The negotiated version (0x0303, 0x0304); 0 before the ServerHello.
    quint16 version = 0;
    quint16 cipherSuite = 0;
    QString serverName;
    QString alpn;
    QByteArray clientRandom;
    bool helloRetryRequest = false;

    /// A secret a decryption used: the key-log line it came from, or how it was derived (KeyUpdate).
    struct KeyUse
    {
        QString label;
        QString origin;
    };
    std::vector<KeyUse> keys;
    /// Why the connection is not decrypted (missing key-log lines, a wrong key, an unsupported suite, no
    /// handshake); empty when it is.
    QString notDecrypted;
    NotDecrypted notDecryptedKind = NotDecrypted::No;
    /// Alerts, KeyUpdates and records that could not be decrypted, in order.
    QStringList events;

    bool decrypted() const { return notDecrypted.isEmpty(); }
    /// "TLS 1.3, TLS_AES_256_GCM_SHA384, localhost".
    QString summary() const;
};

} // namespace rpcscope::tls
