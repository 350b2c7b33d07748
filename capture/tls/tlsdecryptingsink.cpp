#include "tlsdecryptingsink.h"

#include "tlskeysource.h"

#include "tls/tlsrecord.h"

#include <QFileInfo>

namespace rpcscope {

namespace {
// Bytes looked at before a connection that does not look like TLS yet is passed on as it is.
constexpr qint64 kSniffBytes = 6;
constexpr qint64 kMaxSniffHeldBytes = 64 * 1024;
} // namespace

struct TlsDecryptingSink::Connection
{
    quint64 id = 0;
    Endpoint client;
    Endpoint server;
    bool startSeen = true;
    Mode mode = Mode::Sniffing;
    Direction tlsClient = Direction::ClientToServer;
    std::optional<Direction> firstSpeaker;
    QByteArray first;
    std::vector<Event> held;
    qint64 heldBytes = 0;
    std::unique_ptr<tls::TlsConnection> tls;
    std::shared_ptr<TlsRecordCarrier> carrier;
    quint64 keyRevision = 0;
    double blockedSince = -1;
};

class TlsDecryptingSink::Output : public tls::TlsConnection::Output
{
public:
    Output(ByteStreamSink& next, Connection& c)
        : m_next(next)
        , m_c(c)
    { }
    void applicationData(const tls::DecryptedRecord& record) override
    {
        // The carrier learns of the record before its plaintext can complete a message that asks for it.
        m_c.carrier->setSession(m_c.tls->session());
        m_c.carrier->addRecord(record);
        m_next.streamData(m_c.id, record.direction, record.content, record.ts);
    }
    void lost(Direction dir, const QString& reason, double ts) override
    {
        m_c.carrier->addProblem(dir, reason);
        if (m_c.tls->delivering())
            m_next.streamGap(m_c.id, dir, -1, ts);
    }

private:
    ByteStreamSink& m_next;
    Connection& m_c;
};

TlsDecryptingSink::TlsDecryptingSink(ByteStreamSink& next, TlsKeySource& keys, Options options)
    : m_next(next)
    , m_keys(keys)
    , m_options(options)
{ }

TlsDecryptingSink::~TlsDecryptingSink() = default;

TlsDecryptingSink::Connection* TlsDecryptingSink::find(quint64 id)
{
    auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

int TlsDecryptingSink::heldConnections() const
{
    int n = 0;
    for (const auto& [id, c] : m_connections)
        n += c->mode == Mode::Sniffing || c->mode == Mode::Following;
    return n;
}

void TlsDecryptingSink::streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts,
                                     bool startSeen)
{
    auto c = std::make_unique<Connection>();
    c->id = id;
    c->client = client;
    c->server = server;
    c->startSeen = startSeen;
    m_connections[id] = std::move(c);
    m_next.streamOpened(id, client, server, ts, startSeen);
}

void TlsDecryptingSink::streamData(quint64 id, Direction dir, QByteArrayView data, double ts)
{
    Connection* c = find(id);
    // The common cases first, without copying: a connection that is not TLS, and one being decrypted.
    if (!c || c->mode == Mode::PassThrough) {
        m_next.streamData(id, dir, data, ts);
        return;
    }
    if (c->mode == Mode::Decrypting) {
        Output out(m_next, *c);
        c->tls->feed(dir, data, ts, m_keys.keys(), out);
        return;
    }
    handle(*c, Event {Event::Kind::Data, dir, false, 0, ts, data.toByteArray()});
}

void TlsDecryptingSink::streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts)
{
    Connection* c = find(id);
    if (!c || c->mode == Mode::PassThrough) {
        m_next.streamGap(id, dir, missingBytes, ts);
        return;
    }
    handle(*c, Event {Event::Kind::Gap, dir, false, missingBytes, ts, {}});
}

void TlsDecryptingSink::streamEnded(quint64 id, Direction dir, double ts, bool reset)
{
    Connection* c = find(id);
    if (!c || c->mode == Mode::PassThrough) {
        m_next.streamEnded(id, dir, ts, reset);
        return;
    }
    handle(*c, Event {Event::Kind::End, dir, reset, 0, ts, {}});
}

void TlsDecryptingSink::handle(Connection& c, const Event& event)
{
    switch (c.mode) {
    case Mode::PassThrough:
        passOn(c, event);
        return;
    case Mode::Decrypting: {
        Output out(m_next, c);
        if (event.kind == Event::Kind::Data)
            c.tls->feed(event.dir, event.bytes, event.ts, m_keys.keys(), out);
        else if (event.kind == Event::Kind::Gap)
            c.tls->gap(event.dir, event.missing, event.ts, out);
        else {
            c.tls->end(event.dir, event.ts, out);
            m_next.streamEnded(c.id, event.dir, event.ts, event.reset);
        }
        return;
    }
    case Mode::Sniffing: {
        c.held.push_back(event);
        c.heldBytes += event.bytes.size();
        if (event.kind != Event::Kind::Data) {
            // A gap or an end before the first bytes told anything: not a connection we can follow.
            giveUp(c, tls::NotDecrypted::No, {});
            return;
        }
        if (!c.firstSpeaker)
            c.firstSpeaker = event.dir;
        if (event.dir == *c.firstSpeaker && c.first.size() < kSniffBytes)
            c.first.append(event.bytes.first(std::min<qint64>(event.bytes.size(), kSniffBytes - c.first.size())));
        switch (tls::sniffTls(c.first)) {
        case tls::TlsSniff::ClientHello:
            follow(c, *c.firstSpeaker);
            return;
        case tls::TlsSniff::Records:
            if (!c.startSeen) {
                m_stats.connections++;
                giveUp(c, tls::NotDecrypted::NoHandshake,
                       QStringLiteral("the capture started after the TLS handshake: without the ClientHello the "
                                      "key log cannot name this connection's keys"));
                return;
            }
            giveUp(c, tls::NotDecrypted::No, {});
            return;
        case tls::TlsSniff::NotTls:
            giveUp(c, tls::NotDecrypted::No, {});
            return;
        case tls::TlsSniff::NeedMore:
            if (c.heldBytes > kMaxSniffHeldBytes)
                giveUp(c, tls::NotDecrypted::No, {});
            return;
        }
        return;
    }
    case Mode::Following: {
        c.held.push_back(event);
        c.heldBytes += event.bytes.size();
        Output out(m_next, c);
        if (event.kind == Event::Kind::Data)
            c.tls->feed(event.dir, event.bytes, event.ts, m_keys.keys(), out);
        else if (event.kind == Event::Kind::Gap)
            c.tls->gap(event.dir, event.missing, event.ts, out);
        check(c, event.ts);
        return;
    }
    }
}

void TlsDecryptingSink::follow(Connection& c, Direction tlsClient)
{
    c.mode = Mode::Following;
    c.tlsClient = tlsClient;
    c.carrier = std::make_shared<TlsRecordCarrier>(m_options.limits.maxStreamBuffer + tls::kMaxRecordBytes,
                                                   m_options.keepRecords);
    m_next.streamCarrier(c.id, c.carrier);
    m_stats.connections++;
    restart(c);
}

void TlsDecryptingSink::restart(Connection& c)
{
    // From the first byte again, with the keys there are now: the simplest way to be sure nothing was missed.
    std::vector<Event> events = std::move(c.held);
    c.held.clear();
    c.heldBytes = 0;
    c.tls = std::make_unique<tls::TlsConnection>(c.tlsClient);
    c.carrier->setSession(c.tls->session());
    c.keyRevision = m_keys.keys().revision();
    c.blockedSince = -1;
    for (const Event& e : events)
        handle(c, e);
}

void TlsDecryptingSink::check(Connection& c, double ts)
{
    if (c.mode != Mode::Following)
        return;
    if (c.tls->delivering()) {
        c.mode = Mode::Decrypting;
        c.held.clear();
        c.held.shrink_to_fit();
        c.heldBytes = 0;
        m_stats.decrypted++;
        return;
    }
    if (c.tls->failed()) {
        giveUp(c, c.tls->session()->notDecryptedKind, c.tls->session()->notDecrypted);
        return;
    }
    if (c.tls->blocked()) {
        if (m_keys.isEmpty()) {
            giveUp(c, tls::NotDecrypted::NoKeyLog, QStringLiteral("no key log was given"));
            return;
        }
        if (m_options.live)
            m_keys.refresh();
        if (m_keys.keys().revision() != c.keyRevision) {
            restart(c);
            return;
        }
        if (!m_options.live) {
            giveUp(c, tls::NotDecrypted::MissingKeys, missingKeysReason(c));
            return;
        }
        if (c.blockedSince < 0)
            c.blockedSince = ts;
    }
    if (c.heldBytes > m_options.maxHeldBytes) {
        giveUp(c, c.tls->blocked() ? tls::NotDecrypted::MissingKeys : tls::NotDecrypted::Incomplete,
               c.tls->blocked()
                   ? missingKeysReason(c)
                       + QStringLiteral(" (none came while %1 bytes were held)").arg(m_options.maxHeldBytes)
                   : QStringLiteral("nothing was decrypted in the first %1 bytes").arg(m_options.maxHeldBytes));
    }
}

QString TlsDecryptingSink::missingKeysReason(const Connection& c) const
{
    const QStringList missing = c.tls ? c.tls->missing() : QStringList();
    const QByteArray random = c.tls ? c.tls->session()->clientRandom : QByteArray();
    QStringList files = m_keys.files();
    for (QString& f : files)
        f = QFileInfo(f).fileName();
    return QStringLiteral("the key log%1 has no %2 %3 for client random %4")
        .arg(files.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(files.join(QStringLiteral(", "))),
             missing.join(QStringLiteral(" and ")),
             missing.size() == 1 ? QStringLiteral("line") : QStringLiteral("lines"),
             QString::fromLatin1(random.toHex()));
}

void TlsDecryptingSink::giveUp(Connection& c, tls::NotDecrypted kind, const QString& reason)
{
    if (kind != tls::NotDecrypted::No) {
        tls::SessionInfo session = c.tls ? *c.tls->session() : tls::SessionInfo {};
        session.notDecrypted = reason;
        session.notDecryptedKind = kind;
        if (!c.carrier) {
            c.carrier = std::make_shared<TlsRecordCarrier>(0);
            m_next.streamCarrier(c.id, c.carrier);
        }
        c.carrier->setUndecrypted(std::make_shared<const tls::SessionInfo>(session));
        m_stats.addUndecrypted({c.client, c.server, session.serverName, kind, reason});
    }
    c.mode = Mode::PassThrough;
    c.tls.reset();
    std::vector<Event> events = std::move(c.held);
    c.held.clear();
    c.heldBytes = 0;
    for (const Event& e : events)
        passOn(c, e);
}

void TlsDecryptingSink::passOn(Connection& c, const Event& event)
{
    switch (event.kind) {
    case Event::Kind::Data:
        m_next.streamData(c.id, event.dir, event.bytes, event.ts);
        return;
    case Event::Kind::Gap:
        m_next.streamGap(c.id, event.dir, event.missing, event.ts);
        return;
    case Event::Kind::End:
        m_next.streamEnded(c.id, event.dir, event.ts, event.reset);
        return;
    }
}

void TlsDecryptingSink::streamClosed(quint64 id, double ts)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end()) {
        m_next.streamClosed(id, ts);
        return;
    }
    Connection& c = *it->second;
    if (c.mode == Mode::Following && c.tls->blocked() && m_options.live) {
        m_keys.refresh(0);
        if (m_keys.keys().revision() != c.keyRevision)
            restart(c);
    }
    if (c.mode == Mode::Sniffing) {
        giveUp(c, tls::NotDecrypted::No, {});
    } else if (c.mode == Mode::Following) {
        if (c.tls->blocked())
            giveUp(c, m_keys.isEmpty() ? tls::NotDecrypted::NoKeyLog : tls::NotDecrypted::MissingKeys,
                   m_keys.isEmpty() ? QStringLiteral("no key log was given") : missingKeysReason(c));
        else if (!c.tls->session()->version)
            giveUp(c, tls::NotDecrypted::Incomplete,
                   QStringLiteral("the connection ended before the TLS handshake finished"));
        else
            giveUp(c, tls::NotDecrypted::Incomplete,
                   QStringLiteral("the connection ended before any application data"));
    } else if (c.mode == Mode::Decrypting) {
        m_stats.lostRecords += c.tls->lostRecords();
    }
    m_next.streamClosed(id, ts);
    m_connections.erase(it);
}

void TlsDecryptingSink::poll(double now)
{
    if (!m_options.live)
        return;
    const bool fresh = m_keys.refresh();
    std::vector<Connection*> waiting;
    for (auto& [id, c] : m_connections) {
        if (c->mode == Mode::Following && c->tls->blocked())
            waiting.push_back(c.get());
    }
    for (Connection* c : waiting) {
        if (fresh || m_keys.keys().revision() != c->keyRevision)
            restart(*c);
        if (c->mode == Mode::Following && c->tls->blocked() && c->blockedSince >= 0
            && now - c->blockedSince > m_options.maxWaitSeconds)
            giveUp(*c, tls::NotDecrypted::MissingKeys,
                   missingKeysReason(*c) + QStringLiteral(" (waited %1 s for it)").arg(m_options.maxWaitSeconds));
    }
}

} // namespace rpcscope
