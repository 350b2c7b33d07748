#include "tlshandshake.h"

#include "bytecursor.h"
#include "tlsciphersuite.h"
#include "tlsrecord.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace rpcscope::tls {

namespace {

// SHA-256("HelloRetryRequest"): the random of a ServerHello that is a HelloRetryRequest (RFC 8446 §4.1.3).
const QByteArray& helloRetryRandom()
{
    static const QByteArray random
        = QCryptographicHash::hash(QByteArrayLiteral("HelloRetryRequest"), QCryptographicHash::Sha256);
    return random;
}

enum ExtensionType : quint16 {
    ServerName = 0,
    SupportedGroups = 10,
    Alpn = 16,
    EarlyData = 42,
    SupportedVersions = 43,
    KeyShare = 51,
};

QString extensionName(quint16 type)
{
    switch (type) {
    case ServerName:
        return QStringLiteral("server_name");
    case SupportedGroups:
        return QStringLiteral("supported_groups");
    case Alpn:
        return QStringLiteral("application_layer_protocol_negotiation");
    case 13:
        return QStringLiteral("signature_algorithms");
    case 23:
        return QStringLiteral("extended_master_secret");
    case 35:
        return QStringLiteral("session_ticket");
    case 41:
        return QStringLiteral("pre_shared_key");
    case EarlyData:
        return QStringLiteral("early_data");
    case SupportedVersions:
        return QStringLiteral("supported_versions");
    case 45:
        return QStringLiteral("psk_key_exchange_modes");
    case KeyShare:
        return QStringLiteral("key_share");
    case 0xff01:
        return QStringLiteral("renegotiation_info");
    }
    return QStringLiteral("extension %1").arg(type);
}

// Adds a node when building a tree; returns it (or a scratch node) so callers can add children unconditionally.
// A field that a cut message does not hold gets no node: every node lies within the message's bytes.
struct TreeBuilder
{
    DecodeNode* tree;
    qint64 base;
    qint64 size;
    DecodeNode scratch;

    DecodeNode& add(DecodeNode& parent, const QString& name, const QString& type, const QString& value, qint64 at,
                    qint64 length, const QString& description = {})
    {
        if (!tree || &parent == &scratch || at < 0 || length < 0 || at + length > size)
            return scratch;
        return parent.add(name, type, value, base + at, length, description);
    }
    DecodeNode& root() { return tree ? *tree : scratch; }
};

QString hexOf(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

// Reads a vector with a `width`-byte length prefix; fails the cursor when it does not fit.
QByteArrayView vector(ByteCursor& c, int width)
{
    const quint32 n = width == 1 ? c.u8() : (width == 2 ? c.u16be() : 0);
    return c.bytes(n);
}

// The extensions block of a hello: calls `each(type, data, offsetOfData)` per extension. False when malformed.
template<typename F>
bool readExtensions(ByteCursor& c, TreeBuilder& t, F&& each)
{
    if (c.atEnd())
        return true; // extensions are optional before TLS 1.3
    const qint64 listAt = c.index();
    const QByteArrayView list = vector(c, 2);
    if (c.failed())
        return false;
    DecodeNode& node = t.add(t.root(), QStringLiteral("extensions"), QStringLiteral("list"),
                             QStringLiteral("%1 bytes").arg(list.size()), listAt, list.size() + 2);
    ByteCursor e(list, listAt + 2);
    while (!e.atEnd()) {
        const qint64 at = e.pos();
        const quint16 type = e.u16be();
        const QByteArrayView data = vector(e, 2);
        if (e.failed())
            return false;
        DecodeNode& ext = t.add(node, extensionName(type), QStringLiteral("extension"),
                                QStringLiteral("%1 bytes").arg(data.size()), at, data.size() + 4);
        if (!each(type, data, at + 4, ext))
            return false;
    }
    return true;
}

} // namespace

QString handshakeTypeName(quint8 type)
{
    switch (HandshakeType(type)) {
    case HandshakeType::HelloRequest:
        return QStringLiteral("HelloRequest");
    case HandshakeType::ClientHello:
        return QStringLiteral("ClientHello");
    case HandshakeType::ServerHello:
        return QStringLiteral("ServerHello");
    case HandshakeType::NewSessionTicket:
        return QStringLiteral("NewSessionTicket");
    case HandshakeType::EndOfEarlyData:
        return QStringLiteral("EndOfEarlyData");
    case HandshakeType::EncryptedExtensions:
        return QStringLiteral("EncryptedExtensions");
    case HandshakeType::Certificate:
        return QStringLiteral("Certificate");
    case HandshakeType::ServerKeyExchange:
        return QStringLiteral("ServerKeyExchange");
    case HandshakeType::CertificateRequest:
        return QStringLiteral("CertificateRequest");
    case HandshakeType::ServerHelloDone:
        return QStringLiteral("ServerHelloDone");
    case HandshakeType::CertificateVerify:
        return QStringLiteral("CertificateVerify");
    case HandshakeType::ClientKeyExchange:
        return QStringLiteral("ClientKeyExchange");
    case HandshakeType::Finished:
        return QStringLiteral("Finished");
    case HandshakeType::KeyUpdate:
        return QStringLiteral("KeyUpdate");
    }
    return QStringLiteral("handshake type %1").arg(type);
}

Result<ClientHello> parseClientHello(QByteArrayView body, DecodeNode* tree, qint64 base)
{
    TreeBuilder t {tree, base, body.size(), {}};
    ClientHello hello;
    ByteCursor c(body);
    hello.legacyVersion = c.u16be();
    t.add(t.root(), QStringLiteral("legacy_version"), QStringLiteral("uint16"), versionName(hello.legacyVersion), 0, 2);
    hello.random = c.bytes(kRandomBytes).toByteArray();
    t.add(t.root(), QStringLiteral("random"), QStringLiteral("bytes"), hexOf(hello.random), 2, kRandomBytes,
          QStringLiteral("The client random: the key log names this connection's secrets by it."));
    const qint64 sessionAt = c.index();
    const QByteArrayView session = vector(c, 1);
    t.add(t.root(), QStringLiteral("session_id"), QStringLiteral("bytes"), hexOf(session), sessionAt,
          session.size() + 1);
    const qint64 suitesAt = c.index();
    const QByteArrayView suites = vector(c, 2);
    if (c.failed() || suites.size() % 2 != 0)
        return Error {QStringLiteral("ClientHello ends inside its fixed fields")};
    DecodeNode& suiteList = t.add(t.root(), QStringLiteral("cipher_suites"), QStringLiteral("list"),
                                  QStringLiteral("%1 suites").arg(suites.size() / 2), suitesAt, suites.size() + 2);
    for (qsizetype i = 0; i < suites.size(); i += 2) {
        const quint16 id = qFromBigEndian<quint16>(suites.data() + i);
        hello.cipherSuites.push_back(id);
        t.add(suiteList, QStringLiteral("suite"), QStringLiteral("uint16"),
              QStringLiteral("%1 (0x%2)").arg(cipherSuiteName(id)).arg(id, 4, 16, QLatin1Char('0')), suitesAt + 2 + i,
              2);
    }
    const qint64 compressionAt = c.index();
    const QByteArrayView compression = vector(c, 1);
    t.add(t.root(), QStringLiteral("compression_methods"), QStringLiteral("bytes"), hexOf(compression), compressionAt,
          compression.size() + 1);
    if (c.failed())
        return Error {QStringLiteral("ClientHello ends inside its fixed fields")};
    const bool ok = readExtensions(c, t, [&](quint16 type, QByteArrayView data, qint64 at, DecodeNode& ext) {
        ByteCursor e(data, at);
        switch (type) {
        case ServerName: {
            ByteCursor list(vector(e, 2), at + 2);
            while (!list.atEnd() && !list.failed()) {
                const qint64 nameAt = list.pos();
                const quint8 kind = list.u8();
                const QByteArrayView name = vector(list, 2);
                if (kind == 0 && hello.serverName.isEmpty() && !list.failed()) {
                    hello.serverName = QString::fromUtf8(name);
                    t.add(ext, QStringLiteral("host_name"), QStringLiteral("string"), hello.serverName, nameAt + 3,
                          name.size());
                }
            }
            return !list.failed() && !e.failed();
        }
        case Alpn: {
            ByteCursor list(vector(e, 2), at + 2);
            while (!list.atEnd() && !list.failed())
                hello.alpn << QString::fromLatin1(vector(list, 1));
            ext.value = hello.alpn.join(QStringLiteral(", "));
            return !list.failed() && !e.failed();
        }
        case SupportedVersions: {
            const QByteArrayView list = vector(e, 1);
            if (e.failed() || list.size() % 2 != 0)
                return false;
            QStringList names;
            for (qsizetype i = 0; i < list.size(); i += 2) {
                hello.supportedVersions.push_back(qFromBigEndian<quint16>(list.data() + i));
                names << versionName(hello.supportedVersions.back());
            }
            ext.value = names.join(QStringLiteral(", "));
            return true;
        }
        case EarlyData:
            hello.earlyData = true;
            return true;
        default:
            return true;
        }
    });
    if (!ok)
        return Error {QStringLiteral("ClientHello extensions are malformed")};
    return hello;
}

Result<ServerHello> parseServerHello(QByteArrayView body, DecodeNode* tree, qint64 base)
{
    TreeBuilder t {tree, base, body.size(), {}};
    ServerHello hello;
    ByteCursor c(body);
    hello.legacyVersion = c.u16be();
    t.add(t.root(), QStringLiteral("legacy_version"), QStringLiteral("uint16"), versionName(hello.legacyVersion), 0, 2);
    hello.random = c.bytes(kRandomBytes).toByteArray();
    hello.helloRetryRequest = hello.random == helloRetryRandom();
    t.add(t.root(), QStringLiteral("random"), QStringLiteral("bytes"),
          hello.helloRetryRequest ? QStringLiteral("HelloRetryRequest") : hexOf(hello.random), 2, kRandomBytes,
          hello.helloRetryRequest ? QStringLiteral("This random marks a HelloRetryRequest: the client sends a second "
                                                   "ClientHello and the real ServerHello follows.")
                                  : QStringLiteral("The server random (TLS 1.2 derives the keys from both randoms)."));
    const qint64 sessionAt = c.index();
    const QByteArrayView session = vector(c, 1);
    t.add(t.root(), QStringLiteral("session_id"), QStringLiteral("bytes"), hexOf(session), sessionAt,
          session.size() + 1);
    const qint64 suiteAt = c.index();
    hello.cipherSuite = c.u16be();
    t.add(t.root(), QStringLiteral("cipher_suite"), QStringLiteral("uint16"),
          QStringLiteral("%1 (0x%2)")
              .arg(cipherSuiteName(hello.cipherSuite))
              .arg(hello.cipherSuite, 4, 16, QLatin1Char('0')),
          suiteAt, 2);
    const qint64 compressionAt = c.index();
    const quint8 compression = c.u8();
    t.add(t.root(), QStringLiteral("compression_method"), QStringLiteral("uint8"), QString::number(compression),
          compressionAt, 1);
    if (c.failed())
        return Error {QStringLiteral("ServerHello ends inside its fixed fields")};
    const bool ok = readExtensions(c, t, [&](quint16 type, QByteArrayView data, qint64 at, DecodeNode& ext) {
        Q_UNUSED(at);
        ByteCursor e(data);
        if (type == SupportedVersions) {
            hello.selectedVersion = e.u16be();
            ext.value = versionName(*hello.selectedVersion);
            return e.ok();
        }
        if (type == Alpn) {
            ByteCursor list(vector(e, 2));
            hello.alpn = QString::fromLatin1(vector(list, 1));
            ext.value = hello.alpn;
            return list.ok() && e.ok();
        }
        return true;
    });
    if (!ok)
        return Error {QStringLiteral("ServerHello extensions are malformed")};
    return hello;
}

void HandshakeReassembler::add(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        if (m_skipping > 0) {
            const qint64 n = std::min<qint64>(m_skipping, bytes.size());
            m_skipping -= n;
            bytes = bytes.sliced(n);
            continue;
        }
        m_buffer.append(bytes.data(), bytes.size());
        bytes = {};
        while (m_buffer.size() >= kHandshakeHeaderBytes) {
            const auto* p = reinterpret_cast<const uchar*>(m_buffer.constData());
            const quint32 length = (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3];
            Message m;
            m.type = p[0];
            m.length = length;
            if (length > m_maxBody) {
                // Pass over the body without keeping it; what follows it in this buffer is fed again.
                m.kept = false;
                m_ready.push_back(m);
                const QByteArray rest = m_buffer.mid(kHandshakeHeaderBytes);
                m_buffer.clear();
                m_skipping = length;
                bytes = rest;
                break;
            }
            if (m_buffer.size() < kHandshakeHeaderBytes + qint64(length))
                break;
            m.body = m_buffer.mid(kHandshakeHeaderBytes, length);
            m_buffer.remove(0, kHandshakeHeaderBytes + length);
            m_ready.push_back(std::move(m));
        }
    }
}

std::optional<HandshakeReassembler::Message> HandshakeReassembler::next()
{
    if (m_ready.empty())
        return std::nullopt;
    Message m = std::move(m_ready.front());
    m_ready.pop_front();
    return m;
}

void HandshakeReassembler::clear()
{
    m_buffer.clear();
    m_ready.clear();
    m_skipping = 0;
}

} // namespace rpcscope::tls
