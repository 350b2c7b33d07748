#include "tlsconnection.h"

#include "tlsrecord.h"

namespace rpcscope::tls {

namespace {

// Bounds on what one connection records about itself, whatever a hostile peer sends.
constexpr int kMaxEvents = 32;
constexpr int kMaxKeys = 64;
// Protected handshake-phase records no key opens before we say no key fits (the handshake is a few records).
constexpr qint64 kMaxUndecryptableHandshakeRecords = 32;
// After lost records, how many sequence numbers further a record may be (the tag says which is right).
constexpr quint64 kSequenceWindow = 64;

QString alertText(QByteArrayView content)
{
    if (content.size() < 2)
        return QStringLiteral("a malformed alert");
    static const QHash<int, const char*> names = {
        {0, "close_notify"},
        {10, "unexpected_message"},
        {20, "bad_record_mac"},
        {22, "record_overflow"},
        {40, "handshake_failure"},
        {42, "bad_certificate"},
        {43, "unsupported_certificate"},
        {44, "certificate_revoked"},
        {45, "certificate_expired"},
        {46, "certificate_unknown"},
        {47, "illegal_parameter"},
        {48, "unknown_ca"},
        {50, "decode_error"},
        {51, "decrypt_error"},
        {70, "protocol_version"},
        {71, "insufficient_security"},
        {80, "internal_error"},
        {86, "inappropriate_fallback"},
        {90, "user_canceled"},
        {109, "missing_extension"},
        {110, "unsupported_extension"},
        {112, "unrecognized_name"},
        {116, "certificate_required"},
        {120, "no_application_protocol"},
    };
    const int level = quint8(content[0]);
    const int description = quint8(content[1]);
    const char* name = names.value(description, nullptr);
    return QStringLiteral("%1 alert %2")
        .arg(level == 2 ? QStringLiteral("fatal") : QStringLiteral("warning"),
             name ? QLatin1String(name) : QString::number(description));
}

} // namespace

TlsConnection::TlsConnection(Direction clientSide)
    : m_clientSide(clientSide)
{
    publish();
}

QString TlsConnection::who(Direction dir) const
{
    return isClient(dir) ? QStringLiteral("client") : QStringLiteral("server");
}

void TlsConnection::publish()
{
    m_session = std::make_shared<const SessionInfo>(m_info);
}

void TlsConnection::note(const QString& event)
{
    if (m_info.events.size() < kMaxEvents)
        m_info.events << event;
    else if (m_info.events.size() == kMaxEvents)
        m_info.events << QStringLiteral("(further events not listed)");
    publish();
}

void TlsConnection::fail(NotDecrypted kind, const QString& reason)
{
    if (m_failed)
        return;
    m_failed = true;
    m_info.notDecrypted = reason;
    m_info.notDecryptedKind = kind;
    publish();
}

int TlsConnection::addKey(const QString& label, const QString& origin)
{
    if (int(m_info.keys.size()) >= kMaxKeys)
        return int(m_info.keys.size()) - 1;
    m_info.keys.push_back({label, origin});
    publish();
    return int(m_info.keys.size()) - 1;
}

void TlsConnection::stopSide(Direction dir, const QString& reason, double ts, Output& out)
{
    Side& s = side(dir);
    s.stopped = true;
    m_lostRecords++;
    s.pending.clear();
    s.head = 0;
    note(reason);
    out.lost(dir, reason, ts);
}

void TlsConnection::feed(Direction dir, QByteArrayView bytes, double ts, const KeyLog& keys, Output& out)
{
    Side& s = side(dir);
    // Blocked or failed, the caller holds the bytes; stopped, they cannot be read any further.
    if (m_failed || blocked() || s.stopped || bytes.isEmpty())
        return;
    if (s.head > 0 && s.head >= s.pending.size() / 2) {
        s.pending.remove(0, s.head);
        s.head = 0;
    }
    if (s.pending.size() == s.head && !s.resync) {
        // Nothing held back: read whole records straight from the segment and keep only the partial one at its end.
        const qint64 used = processView(dir, bytes, ts, keys, out);
        if (m_failed || blocked() || s.stopped)
            return;
        bytes = bytes.sliced(used);
        if (bytes.isEmpty())
            return;
    }
    s.pending.append(bytes.data(), bytes.size());
    process(dir, ts, keys, out);
}

qint64 TlsConnection::processView(Direction dir, QByteArrayView view, double ts, const KeyLog& keys, Output& out)
{
    qint64 at = 0;
    while (!m_failed && !blocked() && !side(dir).stopped && !side(dir).resync) {
        const QByteArrayView rest = view.sliced(at);
        const std::optional<RecordHeader> header = readRecordHeader(rest);
        // A header TLS does not allow is left to process(), which says what is wrong with it.
        if (!header || !isPlausibleRecordHeader(*header) || rest.size() < header->wireLength())
            break;
        record(dir, rest.first(header->wireLength()), ts, keys, out);
        at += header->wireLength();
    }
    return at;
}

void TlsConnection::gap(Direction dir, qint64 missingBytes, double ts, Output& out)
{
    if (m_failed || blocked())
        return;
    if (!m_delivering) {
        fail(NotDecrypted::Incomplete, QStringLiteral("bytes are missing from the capture during the TLS handshake"));
        return;
    }
    Side& s = side(dir);
    if (s.stopped)
        return;
    s.pending.clear();
    s.head = 0;
    s.handshake.clear();
    s.resync = true;
    s.seqUncertain = true;
    const QString missing = missingBytes > 0 ? QStringLiteral("%1 bytes").arg(missingBytes)
                                             : QStringLiteral("an unknown number of bytes");
    out.lost(dir, QStringLiteral("%1 of the %2's TLS records are missing from the capture").arg(missing, who(dir)), ts);
}

void TlsConnection::end(Direction dir, double ts, Output& out)
{
    Side& s = side(dir);
    const QByteArrayView rest = QByteArrayView(s.pending).sliced(s.head);
    if (m_failed || blocked() || !m_delivering || s.stopped || s.resync || rest.isEmpty())
        return;
    const std::optional<RecordHeader> header = readRecordHeader(rest);
    m_lostRecords++;
    out.lost(
        dir,
        header
            ? QStringLiteral("the %1's stream ends %2 bytes into a TLS record of %3")
                  .arg(who(dir))
                  .arg(rest.size())
                  .arg(header->wireLength())
            : QStringLiteral("the %1's stream ends %2 bytes into a TLS record header").arg(who(dir)).arg(rest.size()),
        ts);
    s.pending.clear();
    s.head = 0;
    s.stopped = true;
}

void TlsConnection::process(Direction dir, double ts, const KeyLog& keys, Output& out)
{
    Side& s = side(dir);
    while (!m_failed && !blocked() && !s.stopped) {
        QByteArrayView view = QByteArrayView(s.pending).sliced(s.head);
        if (s.resync) {
            const qint64 at = findRecordStart(view);
            if (at < 0) {
                // Keep a header's worth, which may be the start of a record whose next bytes are still to come.
                s.head += std::max<qint64>(0, view.size() - kRecordHeaderBytes);
                return;
            }
            s.head += at;
            s.resync = false;
            continue;
        }
        const std::optional<RecordHeader> header = readRecordHeader(view);
        if (!header)
            return;
        if (const QString problem = recordHeaderProblem(*header); !problem.isEmpty()) {
            const QString reason
                = QStringLiteral("the %1 sent a record TLS does not allow (%2)").arg(who(dir), problem);
            if (m_delivering)
                stopSide(dir, reason + QStringLiteral("; the rest of this direction is not decrypted"), ts, out);
            else
                fail(NotDecrypted::Malformed, reason);
            return;
        }
        if (view.size() < header->wireLength())
            return;
        const QByteArrayView wire = view.first(header->wireLength());
        record(dir, wire, ts, keys, out);
        s.head += header->wireLength();
    }
}

void TlsConnection::record(Direction dir, QByteArrayView wire, double ts, const KeyLog& keys, Output& out)
{
    Side& s = side(dir);
    const RecordHeader header = *readRecordHeader(wire);
    const bool tls13 = m_suite && m_suite->tls13;
    if (s.phase == Phase::Plain) {
        plainRecord(dir, header, wire, ts, keys, out);
        return;
    }
    if (header.type == quint8(ContentType::ChangeCipherSpec)) {
        // TLS 1.3: a middlebox-compatibility dummy. TLS 1.2: a second handshake (renegotiation) on this side.
        if (!tls13)
            stopSide(
                dir,
                QStringLiteral("the %1 renegotiated; renegotiated TLS 1.2 sessions are not decrypted").arg(who(dir)),
                ts, out);
        return;
    }
    if (tls13 && header.type != quint8(ContentType::ApplicationData)) {
        if (header.type == quint8(ContentType::Alert))
            note(QStringLiteral("%1 sent an unencrypted %2").arg(who(dir), alertText(wire.sliced(kRecordHeaderBytes))));
        return;
    }
    protectedRecord(dir, wire, ts, keys, out);
}

void TlsConnection::plainRecord(Direction dir, const RecordHeader& header, QByteArrayView wire, double ts,
                                const KeyLog& keys, Output& out)
{
    Side& s = side(dir);
    const QByteArrayView fragment = wire.sliced(kRecordHeaderBytes);
    switch (ContentType(header.type)) {
    case ContentType::Handshake:
        s.handshake.add(fragment);
        handshakeMessages(dir, false, ts, keys, out);
        return;
    case ContentType::ChangeCipherSpec:
        if (m_suite && !m_suite->tls13 && s.next) {
            s.opener = std::move(s.next);
            s.next.reset();
            s.keyIndex = s.nextKeyIndex;
            s.seq = 0;
            s.phase = Phase::Application;
        }
        return;
    case ContentType::Alert:
        note(QStringLiteral("%1 sent a %2").arg(who(dir), alertText(fragment)));
        return;
    case ContentType::ApplicationData:
        if (isClient(dir) && m_earlyData && !m_sawServerHello) {
            note(QStringLiteral("0-RTT early data from the client is not decrypted"));
            out.lost(dir, QStringLiteral("the client's 0-RTT early data is not decrypted"), ts);
            return;
        }
        if (!m_delivering)
            fail(NotDecrypted::Malformed,
                 QStringLiteral("the %1 sent application data before the handshake set up keys").arg(who(dir)));
        else
            out.lost(dir, QStringLiteral("an application data record before the keys were known"), ts);
        return;
    case ContentType::Heartbeat:
        return;
    }
}

void TlsConnection::protectedRecord(Direction dir, QByteArrayView wire, double ts, const KeyLog& keys, Output& out)
{
    Side& s = side(dir);
    s.protectedSeen++;
    RecordOpener::Opened opened;
    quint64 usedSeq = s.seq;
    int usedKey = s.keyIndex;
    if (s.phase == Phase::Handshake) {
        if (s.opener)
            opened = s.opener->open(wire, s.seq, m_scratch);
        if (opened.outcome == RecordOpener::Outcome::Opened) {
            s.seq++;
        } else if (s.next) {
            // The handshake key is missing or does not fit (a lost Finished): the application key may already apply.
            opened = s.next->open(wire, 0, m_scratch);
            if (opened.outcome == RecordOpener::Outcome::Opened) {
                s.opener = std::move(s.next);
                s.next.reset();
                s.keyIndex = usedKey = s.nextKeyIndex;
                usedSeq = 0;
                s.seq = 1;
                s.phase = Phase::Application;
            }
        }
        if (opened.outcome != RecordOpener::Outcome::Opened) {
            s.undecryptable++;
            if (s.opener && s.protectedSeen == 1 && !m_delivering) {
                const SessionInfo::KeyUse& key = m_info.keys[s.keyIndex];
                fail(NotDecrypted::WrongKey,
                     QStringLiteral("the key log's %1 (%2) does not decrypt the %3's first encrypted record: the "
                                    "line is for another connection or the key log is wrong")
                         .arg(key.label, key.origin, who(dir)));
            } else if (s.undecryptable > kMaxUndecryptableHandshakeRecords && !m_delivering) {
                fail(NotDecrypted::WrongKey,
                     QStringLiteral("no key from the key log decrypts the %1's records").arg(who(dir)));
            } else if (isClient(dir) && m_earlyData && s.protectedSeen <= 1) {
                note(QStringLiteral("0-RTT early data from the client is not decrypted"));
            }
            return;
        }
    } else {
        const quint64 tries = s.seqUncertain ? kSequenceWindow : 1;
        for (quint64 k = 0; k < tries; ++k) {
            opened = s.opener->open(wire, s.seq + k, m_scratch);
            if (opened.outcome != RecordOpener::Outcome::BadTag) {
                usedSeq = s.seq + k;
                break;
            }
        }
        if (opened.outcome == RecordOpener::Outcome::Opened) {
            s.seq = usedSeq + 1;
            s.seqUncertain = false;
        } else {
            const SessionInfo::KeyUse& key = m_info.keys[s.keyIndex];
            if (!m_delivering && s.protectedSeen == 1) {
                fail(NotDecrypted::WrongKey,
                     QStringLiteral("the key log's %1 (%2) does not decrypt the %3's first encrypted record: the "
                                    "line is for another connection or the key log is wrong")
                         .arg(key.label, key.origin, who(dir)));
                return;
            }
            if (!m_delivering && s.seq == 0) {
                fail(NotDecrypted::WrongKey,
                     QStringLiteral("the key log's %1 (%2) does not decrypt the %3's application data")
                         .arg(key.label, key.origin, who(dir)));
                return;
            }
            m_lostRecords++;
            const QString why = opened.outcome == RecordOpener::Outcome::TooShort
                ? QStringLiteral("is too short to be an encrypted record")
                : opened.outcome == RecordOpener::Outcome::NoContentType
                ? QStringLiteral("decrypts to padding without a content type")
                : QStringLiteral("does not authenticate (bad tag): changed on the way, or keys out of step");
            out.lost(dir,
                     QStringLiteral("a TLS record of the %1 (sequence number %2) %3; its bytes are missing")
                         .arg(who(dir))
                         .arg(s.seq)
                         .arg(why),
                     ts);
            if (!s.seqUncertain)
                s.seq++;
            return;
        }
    }

    const QByteArrayView content = QByteArrayView(m_scratch).first(opened.contentLength);
    switch (ContentType(opened.type)) {
    case ContentType::ApplicationData: {
        DecryptedRecord r;
        r.direction = dir;
        r.wire = wire;
        r.content = content;
        r.sequence = usedSeq;
        r.keyIndex = usedKey;
        r.ts = ts;
        m_delivering = true;
        if (!content.isEmpty())
            out.applicationData(r);
        return;
    }
    case ContentType::Handshake: {
        // The content is copied into the reassembler before m_scratch is reused.
        s.handshake.add(content);
        handshakeMessages(dir, true, ts, keys, out);
        return;
    }
    case ContentType::Alert:
        note(QStringLiteral("%1 sent a %2").arg(who(dir), alertText(content)));
        return;
    default:
        return;
    }
}

void TlsConnection::handshakeMessages(Direction dir, bool encrypted, double ts, const KeyLog& keys, Output& out)
{
    Q_UNUSED(ts);
    Q_UNUSED(out);
    Side& s = side(dir);
    while (std::optional<HandshakeReassembler::Message> m = s.handshake.next()) {
        if (!m->kept && !encrypted
            && (m->type == quint8(HandshakeType::ClientHello) || m->type == quint8(HandshakeType::ServerHello))) {
            fail(
                NotDecrypted::Malformed,
                QStringLiteral("a %1 of %2 bytes is too large to read").arg(handshakeTypeName(m->type)).arg(m->length));
            return;
        }
        switch (HandshakeType(m->type)) {
        case HandshakeType::ClientHello: {
            if (encrypted)
                break; // TLS 1.2 renegotiation: the CCS that follows stops this side
            if (!isClient(dir)) {
                fail(NotDecrypted::Malformed, QStringLiteral("a ClientHello came from the server's side"));
                return;
            }
            Result<ClientHello> hello = parseClientHello(m->body);
            if (!hello) {
                fail(NotDecrypted::Malformed, QStringLiteral("the ClientHello is malformed (%1)").arg(hello.error()));
                return;
            }
            if (!m_sawClientHello) {
                m_sawClientHello = true;
                m_info.clientRandom = hello->random;
                m_info.serverName = hello->serverName;
                m_earlyData = hello->earlyData;
                publish();
            }
            break;
        }
        case HandshakeType::ServerHello: {
            if (encrypted || isClient(dir))
                break;
            Result<ServerHello> hello = parseServerHello(m->body);
            if (!hello) {
                fail(NotDecrypted::Malformed, QStringLiteral("the ServerHello is malformed (%1)").arg(hello.error()));
                return;
            }
            if (hello->helloRetryRequest) {
                m_info.helloRetryRequest = true;
                note(QStringLiteral("HelloRetryRequest: the client sent a second ClientHello"));
                break;
            }
            onServerHello(*hello, keys);
            if (m_failed || blocked())
                return;
            break;
        }
        case HandshakeType::Finished:
            // TLS 1.3: the side's next records are under its application key.
            if (encrypted && m_suite && m_suite->tls13 && s.phase == Phase::Handshake && s.next) {
                s.opener = std::move(s.next);
                s.next.reset();
                s.keyIndex = s.nextKeyIndex;
                s.seq = 0;
                s.phase = Phase::Application;
            }
            break;
        case HandshakeType::KeyUpdate: {
            if (!encrypted || !m_suite || !m_suite->tls13 || s.phase != Phase::Application || s.trafficSecret.isEmpty())
                break;
            Result<QByteArray> next = tls13NextTrafficSecret(*m_suite, s.trafficSecret);
            Result<TrafficKeys> trafficKeys = next ? tls13TrafficKeys(*m_suite, *next) : Error {next.error()};
            Result<RecordOpener> opener
                = trafficKeys ? RecordOpener::create(*m_suite, *trafficKeys) : Error {trafficKeys.error()};
            if (!opener) {
                stopSide(dir, QStringLiteral("the %1's KeyUpdate: %2").arg(who(dir), opener.error()), ts, out);
                return;
            }
            s.generation++;
            s.trafficSecret = *next;
            s.opener = std::move(opener).value();
            s.seq = 0;
            const QString label
                = isClient(dir) ? QStringLiteral("CLIENT_TRAFFIC_SECRET_0") : QStringLiteral("SERVER_TRAFFIC_SECRET_0");
            s.keyIndex = addKey(QStringLiteral("%1, updated %2×").arg(label).arg(s.generation),
                                QStringLiteral("derived (KeyUpdate)"));
            note(QStringLiteral("the %1 updated its traffic key (KeyUpdate %2)").arg(who(dir)).arg(s.generation));
            break;
        }
        default:
            break;
        }
    }
}

void TlsConnection::onServerHello(const ServerHello& hello, const KeyLog& keys)
{
    if (m_sawServerHello)
        return;
    m_sawServerHello = true;
    if (!m_sawClientHello) {
        fail(NotDecrypted::NoHandshake, QStringLiteral("the capture has a ServerHello but no ClientHello"));
        return;
    }
    m_serverRandom = hello.random;
    m_info.version = hello.version();
    m_info.cipherSuite = hello.cipherSuite;
    m_info.alpn = hello.alpn;
    publish();
    if (m_info.version != 0x0303 && m_info.version != 0x0304) {
        fail(NotDecrypted::UnsupportedVersion,
             QStringLiteral("%1 is not decrypted (only TLS 1.2 and 1.3 are)").arg(versionName(m_info.version)));
        return;
    }
    m_suite = findCipherSuite(hello.cipherSuite);
    if (!m_suite || m_suite->tls13 != (m_info.version == 0x0304)) {
        m_suite = nullptr;
        fail(NotDecrypted::UnsupportedSuite,
             QStringLiteral("the cipher suite %1 (0x%2) is not supported for decryption (RpcScope decrypts the "
                            "AES-GCM and ChaCha20-Poly1305 suites)")
                 .arg(cipherSuiteName(hello.cipherSuite))
                 .arg(hello.cipherSuite, 4, 16, QLatin1Char('0')));
        return;
    }
    if (m_info.version == 0x0304)
        setUpTls13(keys);
    else
        setUpTls12(keys);
}

bool TlsConnection::setUpTls12(const KeyLog& keys)
{
    const KeyLogSecret* master = keys.find(SecretLabel::ClientRandom, m_info.clientRandom);
    if (!master) {
        m_missing = QStringList {secretLabelName(SecretLabel::ClientRandom)};
        return false;
    }
    Result<Tls12KeyBlock> block = tls12KeyBlock(*m_suite, master->secret, m_info.clientRandom, m_serverRandom);
    if (!block) {
        fail(NotDecrypted::WrongKey,
             QStringLiteral("the key log's CLIENT_RANDOM (%1) cannot be used: %2").arg(master->origin, block.error()));
        return false;
    }
    Result<RecordOpener> client = RecordOpener::create(*m_suite, block->client);
    Result<RecordOpener> server = RecordOpener::create(*m_suite, block->server);
    if (!client || !server) {
        fail(NotDecrypted::WrongKey, client ? server.error() : client.error());
        return false;
    }
    const int key = addKey(secretLabelName(SecretLabel::ClientRandom), master->origin);
    Side& c = side(m_clientSide);
    Side& s = side(opposite(m_clientSide));
    c.next = std::move(client).value();
    s.next = std::move(server).value();
    c.nextKeyIndex = s.nextKeyIndex = key;
    return true;
}

bool TlsConnection::setUpTls13(const KeyLog& keys)
{
    const KeyLogSecret* clientApp = keys.find(SecretLabel::ClientTraffic0, m_info.clientRandom);
    const KeyLogSecret* serverApp = keys.find(SecretLabel::ServerTraffic0, m_info.clientRandom);
    if (!clientApp || !serverApp) {
        m_missing.clear();
        if (!clientApp)
            m_missing << secretLabelName(SecretLabel::ClientTraffic0);
        if (!serverApp)
            m_missing << secretLabelName(SecretLabel::ServerTraffic0);
        return false;
    }
    struct Plan
    {
        Direction dir;
        SecretLabel handshake;
        const KeyLogSecret* app;
        SecretLabel appLabel;
    };
    const Plan plans[] = {
        {m_clientSide, SecretLabel::ClientHandshakeTraffic, clientApp, SecretLabel::ClientTraffic0},
        {opposite(m_clientSide), SecretLabel::ServerHandshakeTraffic, serverApp, SecretLabel::ServerTraffic0},
    };
    for (const Plan& plan : plans) {
        Side& s = side(plan.dir);
        auto opener = [&](const KeyLogSecret& secret, SecretLabel label) -> std::optional<RecordOpener> {
            Result<TrafficKeys> trafficKeys = tls13TrafficKeys(*m_suite, secret.secret);
            Result<RecordOpener> o
                = trafficKeys ? RecordOpener::create(*m_suite, *trafficKeys) : Error {trafficKeys.error()};
            if (!o) {
                fail(NotDecrypted::WrongKey,
                     QStringLiteral("the key log's %1 (%2) cannot be used: %3")
                         .arg(secretLabelName(label), secret.origin, o.error()));
                return std::nullopt;
            }
            return std::move(o).value();
        };
        if (const KeyLogSecret* hs = keys.find(plan.handshake, m_info.clientRandom)) {
            s.opener = opener(*hs, plan.handshake);
            if (m_failed)
                return false;
            s.keyIndex = addKey(secretLabelName(plan.handshake), hs->origin);
        }
        s.next = opener(*plan.app, plan.appLabel);
        if (m_failed)
            return false;
        s.nextKeyIndex = addKey(secretLabelName(plan.appLabel), plan.app->origin);
        s.trafficSecret = plan.app->secret;
        s.phase = Phase::Handshake;
        s.seq = 0;
    }
    return true;
}

} // namespace rpcscope::tls
