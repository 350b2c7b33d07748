#include "tlsdecoder.h"

#include "tlsciphersuite.h"
#include "tlshandshake.h"
#include "tlsrecord.h"

#include <QtEndian>

namespace rpcscope {

using namespace tls;

namespace {

class TlsRecordFramer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override
    {
        Q_UNUSED(dir);
        qint64 whole = 0;
        while (true) {
            const std::optional<RecordHeader> header = readRecordHeader(pending.sliced(whole));
            if (!header)
                break;
            if (const QString problem = recordHeaderProblem(*header); !problem.isEmpty()) {
                if (whole > 0)
                    return FrameCut::message(whole);
                return FrameCut::stop(QStringLiteral("not a TLS record: %1").arg(problem));
            }
            if (whole + header->wireLength() > pending.size())
                break;
            whole += header->wireLength();
            if (whole >= TlsDecoder::kMaxBurstBytes)
                return FrameCut::message(whole);
        }
        if (hints.ended && !pending.isEmpty())
            return FrameCut::message(pending.size()); // the decoder names the cut record
        if (whole > 0 && hints.peerSpoke)
            return FrameCut::message(whole);
        return FrameCut::needMore();
    }

    qint64 resync(Direction dir, QByteArrayView pending) override
    {
        Q_UNUSED(dir);
        return findRecordStart(pending);
    }
};

QString plural(qint64 n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

// A handshake record in the clear holds whole messages whose lengths add up; an encrypted one (a TLS 1.2 Finished
// after ChangeCipherSpec) almost never does.
bool looksLikePlainHandshake(QByteArrayView fragment)
{
    qint64 at = 0;
    while (at + kHandshakeHeaderBytes <= fragment.size()) {
        const auto* p = reinterpret_cast<const uchar*>(fragment.data() + at);
        const quint8 type = p[0];
        const qint64 length = (qint64(p[1]) << 16) | (qint64(p[2]) << 8) | p[3];
        if (handshakeTypeName(type).startsWith(QLatin1String("handshake type")))
            return false;
        at += kHandshakeHeaderBytes + length;
    }
    // A message may continue in the next record, so a last message longer than the record is fine.
    return at >= fragment.size() && fragment.size() >= kHandshakeHeaderBytes;
}

struct Burst
{
    QString method;
    QString serverName;
    QStringList summary;
};

void handshakeNodes(DecodeNode& record, QByteArrayView fragment, qint64 base, Burst& burst)
{
    qint64 at = 0;
    while (at + kHandshakeHeaderBytes <= fragment.size()) {
        const auto* p = reinterpret_cast<const uchar*>(fragment.data() + at);
        const quint8 type = p[0];
        const qint64 length = (qint64(p[1]) << 16) | (qint64(p[2]) << 8) | p[3];
        const qint64 available = std::min(length, fragment.size() - at - kHandshakeHeaderBytes);
        DecodeNode& message
            = record.add(handshakeTypeName(type), QStringLiteral("handshake message"),
                         QStringLiteral("%1 bytes").arg(length), base + at, kHandshakeHeaderBytes + available);
        message.add(QStringLiteral("msg_type"), QStringLiteral("uint8"), QString::number(type), base + at, 1);
        message.add(QStringLiteral("length"), QStringLiteral("uint24"), QString::number(length), base + at + 1, 3);
        const QByteArrayView body = fragment.sliced(at + kHandshakeHeaderBytes, available);
        if (available < length) {
            message.add(QStringLiteral("continued"), QStringLiteral("note"),
                        QStringLiteral("%1 of %2 bytes in this record").arg(available).arg(length), -1, 0);
        } else if (type == quint8(HandshakeType::ClientHello)) {
            Result<ClientHello> hello = parseClientHello(body, &message, base + at + kHandshakeHeaderBytes);
            burst.method = QStringLiteral("handshake");
            if (hello) {
                burst.serverName = hello->serverName;
                message.value = hello->serverName.isEmpty() ? QStringLiteral("no server name")
                                                            : QStringLiteral("for %1").arg(hello->serverName);
                burst.summary << QStringLiteral("ClientHello")
                        + (hello->serverName.isEmpty() ? QString() : QStringLiteral(" for %1").arg(hello->serverName));
            } else {
                message.addError(hello.error(), -1);
            }
        } else if (type == quint8(HandshakeType::ServerHello)) {
            Result<ServerHello> hello = parseServerHello(body, &message, base + at + kHandshakeHeaderBytes);
            if (hello) {
                message.value = hello->helloRetryRequest
                    ? QStringLiteral("HelloRetryRequest")
                    : QStringLiteral("%1, %2").arg(versionName(hello->version()), cipherSuiteName(hello->cipherSuite));
                burst.summary << (hello->helloRetryRequest ? QStringLiteral("HelloRetryRequest")
                                                           : QStringLiteral("ServerHello ") + message.value);
            } else {
                message.addError(hello.error(), -1);
            }
        }
        at += kHandshakeHeaderBytes + length;
    }
}

} // namespace

ProbeResult TlsDecoder::probe(const ProbeInput& input) const
{
    switch (sniffTls(input.client)) {
    case TlsSniff::ClientHello:
        return {100, false, false};
    case TlsSniff::NeedMore:
        if (!input.client.isEmpty() || input.startSeen)
            return {0, true, false};
        break;
    case TlsSniff::Records:
        return {input.startSeen ? 0 : 60, false, false};
    case TlsSniff::NotTls:
        return {};
    }
    // Joined mid-connection and only the server has spoken so far.
    const TlsSniff server = sniffTls(input.server);
    if (server == TlsSniff::Records)
        return {60, false, false};
    return {0, server == TlsSniff::NeedMore, false};
}

std::unique_ptr<StreamFramer> TlsDecoder::createFramer() const
{
    return std::make_unique<TlsRecordFramer>();
}

DecodedMessage TlsDecoder::decode(const QByteArray& message, const DecodeContext& context) const
{
    DecodedMessage m;
    m.protocol = id();
    m.kind = context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    m.status = CallStatus::Encrypted;
    m.buffers.push_back(message);
    m.bufferNames.push_back(QStringLiteral("TLS records"));
    const bool tree = context.buildTree();
    DecodeNode& root = m.tree;
    if (tree) {
        root.name = QStringLiteral("tls");
        root.type = QStringLiteral("TLS records");
        root.offset = 0;
        root.length = message.size();
        root.description = QStringLiteral("TLS records that were not decrypted: their headers and the handshake "
                                          "sent in the clear.");
    }
    Burst burst;
    burst.method = QStringLiteral("application data");
    qint64 at = 0;
    qint64 records = 0;
    qint64 encryptedBytes = 0;
    while (at < message.size()) {
        const QByteArrayView rest = QByteArrayView(message).sliced(at);
        const std::optional<RecordHeader> header = readRecordHeader(rest);
        if (!header) {
            m.addProblem(QStringLiteral("the stream ends %1 bytes into a TLS record header").arg(rest.size()), at,
                         tree ? &root : nullptr, rest.size());
            break;
        }
        if (const QString problem = recordHeaderProblem(*header); !problem.isEmpty()) {
            m.addProblem(QStringLiteral("not a TLS record: %1").arg(problem), at, tree ? &root : nullptr, rest.size());
            break;
        }
        const qint64 available = std::min<qint64>(header->length, rest.size() - kRecordHeaderBytes);
        records++;
        if (tree) {
            DecodeNode& record
                = root.add(QStringLiteral("record"), QStringLiteral("TLS record"),
                           QStringLiteral("%1, %2 bytes").arg(contentTypeName(header->type)).arg(header->length), at,
                           kRecordHeaderBytes + available);
            record.add(QStringLiteral("content_type"), QStringLiteral("uint8"),
                       QStringLiteral("%1 (%2)").arg(header->type).arg(contentTypeName(header->type)), at, 1);
            record.add(QStringLiteral("version"), QStringLiteral("uint16"),
                       QStringLiteral("0x%1 (%2)")
                           .arg(header->version, 4, 16, QLatin1Char('0'))
                           .arg(versionName(header->version)),
                       at + 1, 2);
            record.add(QStringLiteral("length"), QStringLiteral("uint16"), QString::number(header->length), at + 3, 2);
            const QByteArrayView fragment = rest.sliced(kRecordHeaderBytes, available);
            const qint64 base = at + kRecordHeaderBytes;
            if (header->type == quint8(ContentType::Handshake) && looksLikePlainHandshake(fragment)) {
                handshakeNodes(record, fragment, base, burst);
            } else if (header->type == quint8(ContentType::ChangeCipherSpec)) {
                record.add(QStringLiteral("change_cipher_spec"), QStringLiteral("bytes"),
                           QString::fromLatin1(fragment.toByteArray().toHex()), base, fragment.size());
            } else if (header->type == quint8(ContentType::Alert) && fragment.size() == 2) {
                record.add(QStringLiteral("level"), QStringLiteral("uint8"), QString::number(quint8(fragment[0])), base,
                           1);
                record.add(QStringLiteral("description"), QStringLiteral("uint8"), QString::number(quint8(fragment[1])),
                           base + 1, 1);
            } else {
                encryptedBytes += fragment.size();
                record.add(QStringLiteral("encrypted"), QStringLiteral("bytes"),
                           plural(fragment.size(), "byte", "bytes"), base, fragment.size(),
                           QStringLiteral("Encrypted: decrypt with the client's key log."));
            }
        } else if (header->type == quint8(ContentType::Handshake)) {
            const QByteArrayView fragment = rest.sliced(kRecordHeaderBytes, available);
            if (looksLikePlainHandshake(fragment)) {
                DecodeNode scratch;
                handshakeNodes(scratch, fragment, 0, burst);
            }
        }
        if (available < header->length) {
            m.addProblem(
                QStringLiteral("the stream ends %1 bytes into a TLS record of %2").arg(available).arg(header->length),
                at, tree ? &root : nullptr, kRecordHeaderBytes + available);
            break;
        }
        at += header->wireLength();
    }
    m.method = burst.method;
    burst.summary << plural(records, "record", "records");
    m.summary = burst.summary.join(QStringLiteral(", "));
    if (tree)
        root.value = m.summary;
    return m;
}

} // namespace rpcscope
