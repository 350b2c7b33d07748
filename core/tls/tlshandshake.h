#pragma once

#include "decodenode.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

#include <deque>
#include <optional>
#include <vector>

namespace rpcscope::tls {

/// Handshake message types (RFC 8446 §4, RFC 5246 §7.4).
enum class HandshakeType : quint8 {
    HelloRequest = 0,
    ClientHello = 1,
    ServerHello = 2,
    NewSessionTicket = 4,
    EndOfEarlyData = 5,
    EncryptedExtensions = 8,
    Certificate = 11,
    ServerKeyExchange = 12,
    CertificateRequest = 13,
    ServerHelloDone = 14,
    CertificateVerify = 15,
    ClientKeyExchange = 16,
    Finished = 20,
    KeyUpdate = 24,
};
/// "ClientHello", "Finished", ... or "handshake type N".
QString handshakeTypeName(quint8 type);

constexpr qint64 kHandshakeHeaderBytes = 4;
constexpr qint64 kRandomBytes = 32;

/// What we need from a ClientHello: the random (the key log's index), the name the client asked for and what it
/// offered.
struct ClientHello
{
    quint16 legacyVersion = 0;
    QByteArray random;
    std::vector<quint16> cipherSuites;
    QString serverName;
    QStringList alpn;
    std::vector<quint16> supportedVersions;
    /// The early_data extension: 0-RTT records may follow.
    bool earlyData = false;
};

/// What we need from a ServerHello: the negotiated version (supported_versions wins over legacy_version) and suite,
/// and whether it is really a HelloRetryRequest.
struct ServerHello
{
    quint16 legacyVersion = 0;
    QByteArray random;
    quint16 cipherSuite = 0;
    std::optional<quint16> selectedVersion;
    QString alpn;
    bool helloRetryRequest = false;

    quint16 version() const { return selectedVersion.value_or(legacyVersion); }
};

/// Parses a ClientHello body (after the 4-byte handshake header). When `tree` is given, its fields are added to it
/// as nodes whose offsets start at `base` (the body's offset in the message buffer).
Result<ClientHello> parseClientHello(QByteArrayView body, DecodeNode* tree = nullptr, qint64 base = 0);
Result<ServerHello> parseServerHello(QByteArrayView body, DecodeNode* tree = nullptr, qint64 base = 0);

/// Joins one direction's handshake bytes (the contents of its handshake records, decrypted or not) into messages:
/// a message may span records and a record may hold several. Messages longer than `maxBody` (certificate chains
/// can be large) are passed over without being kept; only their type and length are reported.
class HandshakeReassembler
{
public:
    struct Message
    {
        quint8 type = 0;
        quint32 length = 0;
        /// The body, empty when it was longer than the bound.
        QByteArray body;
        bool kept = true;
    };

    explicit HandshakeReassembler(qint64 maxBody = 256 * 1024)
        : m_maxBody(maxBody)
    { }
    void add(QByteArrayView bytes);
    /// The next complete message, if any.
    std::optional<Message> next();
    /// Bytes of an incomplete message waiting for the next record.
    bool hasPartial() const { return !m_buffer.isEmpty() || m_skipping > 0; }
    void clear();

private:
    qint64 m_maxBody;
    QByteArray m_buffer;
    std::deque<Message> m_ready;
    qint64 m_skipping = 0; // body bytes of an oversized message still to pass over
};

} // namespace rpcscope::tls
