#include "tlscarrier.h"

#include "tlsciphersuite.h"
#include "tlsrecord.h"
#include "tlsrecordopener.h"

#include <QLocale>

namespace rpcscope::tls {

namespace {

// A message over megabytes of records lists its first records one by one and the rest as a count.
constexpr std::size_t kMaxRecordNodes = 2000;

void shiftBuffers(DecodeNode& node)
{
    node.buffer += 1;
    for (DecodeNode& child : node.children)
        shiftBuffers(child);
}

QString hex(QByteArrayView bytes, qsizetype max = 32)
{
    QString text = QString::fromLatin1(bytes.first(std::min(bytes.size(), max)).toByteArray().toHex());
    if (bytes.size() > max)
        text += QChar(0x2026);
    return text;
}

QString plural(qint64 n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

void addRecordNode(DecodeNode& parent, const TlsCarrier& carrier, const CarriedRecord& part, qint64 messageLength)
{
    const SessionInfo& session = *carrier.session;
    const QByteArrayView wire = QByteArrayView(carrier.records).sliced(part.wireOffset, part.wireLength);
    const RecordHeader header = *readRecordHeader(wire);
    const qint64 at = part.wireOffset;
    DecodeNode& record = parent.add(
        QStringLiteral("record"), QStringLiteral("TLS record"),
        QStringLiteral("application_data, %1 bytes, sequence number %2").arg(part.wireLength).arg(part.sequence), at,
        part.wireLength,
        QStringLiteral("A protected record: its header is sent in the clear, its content encrypted and "
                       "authenticated."));
    record.add(QStringLiteral("content_type"), QStringLiteral("uint8"),
               QStringLiteral("%1 (%2)").arg(header.type).arg(contentTypeName(header.type)), at, 1,
               session.version == 0x0304 ? QStringLiteral("Always application_data in TLS 1.3; the real type is "
                                                          "inside the encryption.")
                                         : QString());
    record.add(
        QStringLiteral("version"), QStringLiteral("uint16"),
        QStringLiteral("0x%1 (%2)").arg(header.version, 4, 16, QLatin1Char('0')).arg(versionName(header.version)),
        at + 1, 2);
    record.add(QStringLiteral("length"), QStringLiteral("uint16"), QString::number(header.length), at + 3, 2);
    const CipherSuite* suite = findCipherSuite(session.cipherSuite);
    const std::optional<ProtectedLayout> layout = suite ? protectedLayout(*suite, part.wireLength) : std::nullopt;
    if (layout) {
        if (layout->explicitNonceLength > 0)
            record.add(QStringLiteral("explicit_nonce"), QStringLiteral("bytes"),
                       hex(wire.sliced(layout->explicitNonceOffset, layout->explicitNonceLength)),
                       at + layout->explicitNonceOffset, layout->explicitNonceLength,
                       QStringLiteral("The record's part of the AES-GCM nonce (TLS 1.2)."));
        DecodeNode& encrypted = record.add(QStringLiteral("encrypted_content"), QStringLiteral("bytes"),
                                           QStringLiteral("%1 bytes").arg(layout->encryptedLength),
                                           at + layout->encryptedOffset, layout->encryptedLength);
        if (session.version == 0x0304) {
            // The cipher is a stream cipher: the byte after the content encrypts the inner content type.
            encrypted.add(QStringLiteral("inner_content_type"), QStringLiteral("uint8"),
                          QStringLiteral("23 (application_data)"), at + layout->encryptedOffset + part.contentLength, 1,
                          QStringLiteral("The real content type, encrypted after the content."));
            const qint64 padding = layout->encryptedLength - part.contentLength - 1;
            if (padding > 0)
                encrypted.add(QStringLiteral("padding"), QStringLiteral("bytes"),
                              plural(padding, "zero byte", "zero bytes"),
                              at + layout->encryptedOffset + part.contentLength + 1, padding);
        }
        record.add(QStringLiteral("authentication_tag"), QStringLiteral("bytes"),
                   hex(wire.sliced(layout->tagOffset, kAeadTagBytes)), at + layout->tagOffset, kAeadTagBytes,
                   QStringLiteral("Proves the record was not changed and was opened with the right key."));
    }
    record.add(QStringLiteral("sequence_number"), QStringLiteral("uint64"), QString::number(part.sequence), -1, 0,
               QStringLiteral("Counted per direction and key; part of the nonce, never sent."));
    if (part.keyIndex >= 0 && std::size_t(part.keyIndex) < session.keys.size()) {
        const SessionInfo::KeyUse& key = session.keys[part.keyIndex];
        record.add(QStringLiteral("key"), QStringLiteral("secret"), key.label, -1, 0,
                   QStringLiteral("Opened with the key derived from %1 (%2).").arg(key.label, key.origin));
    }
    const qint64 from = std::max<qint64>(0, part.contentStart);
    const qint64 to = std::min(messageLength, part.contentStart + part.contentLength);
    if (to > from) {
        DecodeNode& decrypted = record.add(
            QStringLiteral("decrypted"), QStringLiteral("bytes"),
            QStringLiteral("%1 of this message").arg(plural(to - from, "byte", "bytes")), from, to - from,
            to - from == part.contentLength
                ? QStringLiteral("The record's decrypted content, in the Decrypted buffer.")
                : QStringLiteral("Bytes %1–%2 of the record's %3 decrypted bytes belong to this message; the rest to "
                                 "the message before or after it.")
                      .arg(from - part.contentStart)
                      .arg(to - part.contentStart - 1)
                      .arg(part.contentLength));
        decrypted.buffer = 1;
    }
}

} // namespace

void addSessionNodes(DecodeNode& node, const SessionInfo& session)
{
    if (session.version != 0)
        node.add(
            QStringLiteral("version"), QStringLiteral("uint16"),
            QStringLiteral("%1 (0x%2)").arg(versionName(session.version)).arg(session.version, 4, 16, QLatin1Char('0')),
            -1, 0, QStringLiteral("The version the ServerHello chose (supported_versions for TLS 1.3)."));
    if (session.cipherSuite != 0)
        node.add(QStringLiteral("cipher_suite"), QStringLiteral("uint16"),
                 QStringLiteral("%1 (0x%2)")
                     .arg(cipherSuiteName(session.cipherSuite))
                     .arg(session.cipherSuite, 4, 16, QLatin1Char('0')),
                 -1, 0);
    if (!session.serverName.isEmpty())
        node.add(QStringLiteral("server_name"), QStringLiteral("string"), session.serverName, -1, 0,
                 QStringLiteral("The host name the client asked for (SNI, in the ClientHello)."));
    if (!session.alpn.isEmpty())
        node.add(QStringLiteral("alpn"), QStringLiteral("string"), session.alpn, -1, 0);
    if (!session.clientRandom.isEmpty())
        node.add(QStringLiteral("client_random"), QStringLiteral("bytes"), hex(session.clientRandom), -1, 0,
                 QStringLiteral("The key log names this connection's secrets by the client random."));
    if (!session.keys.empty()) {
        DecodeNode& keys = node.add(QStringLiteral("keys"), QStringLiteral("list"),
                                    plural(qint64(session.keys.size()), "secret", "secrets"), -1, 0,
                                    QStringLiteral("The key-log lines the decryption used."));
        for (const SessionInfo::KeyUse& key : session.keys)
            keys.add(key.label, QStringLiteral("secret"), key.origin, -1, 0);
    }
    if (session.helloRetryRequest)
        node.add(QStringLiteral("hello_retry_request"), QStringLiteral("bool"), QStringLiteral("true"), -1, 0,
                 QStringLiteral("The server asked for a second ClientHello (another key share)."));
    if (!session.decrypted())
        node.add(QStringLiteral("not_decrypted"), QStringLiteral("string"), session.notDecrypted, -1, 0,
                 QStringLiteral("Why these records are shown encrypted."));
    for (const QString& event : session.events)
        node.add(QStringLiteral("event"), QStringLiteral("string"), event, -1, 0);
}

void attachTls(DecodedMessage& message, std::shared_ptr<const TlsCarrier> carrier, bool buildTree)
{
    if (!carrier || !carrier->session)
        return;
    const TlsCarrier& c = *carrier;
    if (!c.decrypted()) {
        // The message is the records themselves (the TLS decoder read them): add what only the stage knew.
        if (buildTree && !message.tree.name.isEmpty()) {
            DecodeNode node;
            node.name = QStringLiteral("connection");
            node.type = QStringLiteral("TLS connection");
            node.value = c.session->summary();
            node.description = QStringLiteral("What RpcScope knows about this connection, and why it is not "
                                              "decrypted.");
            addSessionNodes(node, *c.session);
            message.tree.children.insert(message.tree.children.begin(), std::move(node));
        }
        message.tls = std::move(carrier);
        return;
    }
    if (!c.hasRecords()) {
        for (const QString& problem : c.problems)
            message.addProblem(problem, -1);
        message.tls = std::move(carrier);
        return;
    }
    const qint64 messageLength = message.buffers.empty() ? 0 : message.buffers.front().size();
    message.buffers.insert(message.buffers.begin(), c.records);
    if (message.bufferNames.empty())
        message.bufferNames.push_back(QStringLiteral("message"));
    message.bufferNames[0] = QLatin1String(kDecryptedBufferName);
    message.bufferNames.insert(message.bufferNames.begin(), QLatin1String(kRecordsBufferName));
    while (message.bufferNames.size() < message.buffers.size())
        message.bufferNames.push_back(QString());
    for (const QString& problem : c.problems)
        message.addProblem(problem, -1);
    if (buildTree && !message.tree.name.isEmpty()) {
        shiftBuffers(message.tree);
        DecodeNode node;
        node.name = QStringLiteral("tls");
        node.type = c.session->version ? versionName(c.session->version) : QStringLiteral("TLS");
        node.value
            = QStringLiteral("%1, %2").arg(c.session->summary(), plural(qint64(c.parts.size()), "record", "records"));
        node.offset = 0;
        node.length = c.records.size();
        node.description = QStringLiteral("The TLS records that carried this message, decrypted with keys from the "
                                          "key log; the decoded message below reads the Decrypted buffer.");
        addSessionNodes(node, *c.session);
        for (std::size_t i = 0; i < c.parts.size() && i < kMaxRecordNodes; ++i)
            addRecordNode(node, c, c.parts[i], messageLength);
        if (c.parts.size() > kMaxRecordNodes)
            node.add(QStringLiteral("more_records"), QStringLiteral("count"),
                     plural(qint64(c.parts.size() - kMaxRecordNodes), "record", "records"),
                     c.parts[kMaxRecordNodes].wireOffset, c.records.size() - c.parts[kMaxRecordNodes].wireOffset,
                     QStringLiteral("Records past the first %1 are not listed one by one.").arg(kMaxRecordNodes));
        for (const QString& problem : c.problems)
            node.addError(problem, -1);
        message.tree.children.insert(message.tree.children.begin(), std::move(node));
    }
    message.tls = std::move(carrier);
}

const QByteArray& decodedBytes(const DecodedMessage& message)
{
    if (message.tls && message.tls->hasRecords() && message.buffers.size() > 1)
        return message.buffers[1];
    return message.bytes();
}

} // namespace rpcscope::tls
