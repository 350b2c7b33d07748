#include "pyro4connection.h"

#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroencoder.h"
#include "pyro/pyromessagedecoder.h"
#include "server/connectionclocks.h"
#include "server/pyro4daemon.h"
#include "server/servedcall.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

namespace rpcscope {

namespace {

DecodedMessage replyTo(const DecodedMessage& request)
{
    DecodedMessage m;
    m.protocol = request.protocol;
    m.kind = MessageKind::Response;
    m.method = request.method;
    m.object = request.object;
    m.pairKey = request.pairKey;
    return m;
}

void setReply(DecodedMessage& m, Pyro4Reply r)
{
    m.result = std::move(r.result);
    m.fault = std::move(r.fault);
    m.status = m.fault ? CallStatus::Exception : CallStatus::Ok;
}

} // namespace

Pyro4Connection::Pyro4Connection(QTcpSocket* socket, Pyro4Daemon* daemon, quint64 connectionId)
    : QObject(daemon)
    , m_socket(socket)
    , m_daemon(daemon)
    , m_version(daemon->protocolVersion())
    , m_clocks(new ConnectionClocks(daemon->limits(), this))
    , m_connectionId(connectionId)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(1024 * 1024);
    // Pyro has no message for a client that is too slow: the connection is closed, as Pyro's own daemon does
    // when its socket times out.
    connect(m_clocks, &ConnectionClocks::expired, this,
            [this](ConnectionClocks::Expiry, const QString& reason) { shutDown(reason); });
    connect(m_socket, &QTcpSocket::readyRead, this, &Pyro4Connection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    });
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &Pyro4Connection::onReadyRead);
}

Pyro4Connection::~Pyro4Connection()
{
    m_daemon->connectionClosed();
}

void Pyro4Connection::onReadyRead()
{
    if (m_closing)
        return;
    m_clocks->received();
    if (m_buffer.isEmpty() && m_daemon->wantsCalls())
        m_firstByteTime = servedNow();
    m_buffer += m_socket->readAll();
    qint64 consumed = 0;
    while (!m_closing) {
        const QByteArrayView pending = QByteArrayView(m_buffer).sliced(consumed);
        PyroFrame header;
        if (m_version == 5) {
            if (pending.size() < Pyro5Header::kSize)
                break;
            const std::optional<Pyro5Header> h = Pyro5Header::read(pending);
            if (!h || !h->hasTag() || h->version != Pyro5Header::kVersion || h->magic != Pyro5Header::kMagic)
                return shutDown(QStringLiteral("invalid data or unsupported protocol version (not a Pyro5 protocol "
                                               "502 header)"));
            header = h->frame();
        } else {
            if (pending.size() < Pyro4Header::kSize)
                break;
            if (!Pyro4Header::isValidAt(pending))
                return shutDown(QStringLiteral("invalid data or unsupported protocol version (not a Pyro4 protocol "
                                               "48 header)"));
            const Pyro4Header h = *Pyro4Header::read(pending);
            if (h.dataSize < 0)
                return shutDown(QStringLiteral("negative data size %1 in a Pyro4 header").arg(h.dataSize));
            header = h.frame();
        }
        if (header.frameLength() - header.headerSize > m_daemon->limits().maxMessageBytes) {
            return shutDown(QStringLiteral("message of %1 bytes is over the limit of %2")
                                .arg(header.frameLength())
                                .arg(m_daemon->limits().maxMessageBytes));
        }
        if (pending.size() < header.frameLength())
            break;
        const QByteArray message = pending.first(header.frameLength()).toByteArray();
        consumed += header.frameLength();
        m_clocks->requestDone();
        handleMessage(message, header, m_firstByteTime);
        m_firstByteTime = consumed < m_buffer.size() && m_daemon->wantsCalls() ? servedNow() : 0;
    }
    if (!m_closing) {
        m_buffer.remove(0, consumed);
        m_clocks->setRequestPending(!m_buffer.isEmpty());
    }
}

QVariantMap Pyro4Connection::encodeOptions(pyro::Serializer serializer, const PyroFrame& header) const
{
    // PING has no serializer: its type decides, the name only has to be valid.
    const QString name
        = serializer == pyro::Serializer::Ping ? QStringLiteral("serpent") : pyro::serializerName(serializer);
    QVariantMap options {{QStringLiteral("serializer"), name}, {QStringLiteral("seq"), header.seq}};
    if (m_version == 5) {
        // Pyro5's daemon answers with the request's correlation id, or makes one.
        options.insert(QStringLiteral("correlationId"),
                       header.correlationId.size() == 16 ? header.correlationId : QUuid::createUuid().toRfc4122());
    }
    return options;
}

bool Pyro4Connection::acceptedSerializer(pyro::Serializer serializer) const
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
    case pyro::Serializer::Json:
    case pyro::Serializer::Marshal:
        return true;
    case pyro::Serializer::Msgpack:
        return m_version == 5; // Pyro5's four; the Pyro4 daemon keeps to the three Pyro4 accepts by default
    default:
        return false;
    }
}

QString Pyro4Connection::errorClass(const char* name) const
{
    return m_daemon->objects().errorClass(name);
}

void Pyro4Connection::handleMessage(const QByteArray& bytes, const PyroFrame& header, double firstSeen)
{
    DecodeOptions options;
    options.buildTree = false;
    options.limits.maxDepth = m_daemon->limits().maxDepth;
    options.limits.maxMessageBytes = m_daemon->limits().maxMessageBytes;
    DecodeContext context;
    context.direction = Direction::ClientToServer;
    context.options = &options;
    auto request = std::make_shared<DecodedMessage>(PyroMessageDecoder::decode(bytes, context, m_version));
    request->firstSeen = firstSeen > 0 ? firstSeen : servedNow();
    request->lastSeen = request->firstSeen;
    m_request = request;

    if (!m_connected) {
        if (header.type != pyro::MsgConnect)
            return shutDown(QStringLiteral("expected CONNECT as the first message, got %1")
                                .arg(pyro::messageTypeName(header.type)));
        return handleConnect(*request, header);
    }
    switch (header.type) {
    case pyro::MsgInvoke:
        return handleInvoke(*request, header);
    case pyro::MsgPing: {
        DecodedMessage pong = replyTo(*request);
        pong.method = QStringLiteral("<ping>");
        return reply(*request, std::move(pong), encodeOptions(pyro::Serializer::Ping, header));
    }
    default:
        return shutDown(
            QStringLiteral("unexpected %1 message after the handshake").arg(pyro::messageTypeName(header.type)));
    }
}

void Pyro4Connection::handleConnect(const DecodedMessage& request, const PyroFrame& header)
{
    DecodedMessage answer = replyTo(request);
    answer.method = QStringLiteral("<connect>");
    auto fail = [&](const QString& why, pyro::Serializer serializer) {
        answer.fault = RpcFault {RpcValue::fromString(errorClass("ProtocolError")), why, {}};
        answer.status = CallStatus::Exception;
        QVariantMap options = encodeOptions(serializer, header);
        options.insert(QStringLiteral("type"), QStringLiteral("connectfail"));
        reply(request, std::move(answer), options);
        shutDown(QStringLiteral("handshake refused: %1").arg(why));
    };
    // Pyro answers a serializer it does not accept in marshal, since it cannot speak the client's.
    if (!acceptedSerializer(header.serializer))
        return fail(QStringLiteral("message used serializer that is not accepted: %1").arg(header.serializerId),
                    pyro::Serializer::Marshal);
    if (request.status == CallStatus::Malformed)
        return fail(QStringLiteral("cannot read the handshake: %1")
                        .arg(request.problems.empty() ? QString() : request.problems.front().text),
                    header.serializer);

    const RpcValue hello = RpcValue::fromString(QStringLiteral("hello"));
    // Pyro5 always sends the metadata; Pyro4 when the client's flag asks for it.
    if (m_version == 5 || (header.flags & pyro4::FlagMetaOnConnect)) {
        std::optional<RpcValue> meta = Pyro4Objects::metadata(request.object, m_version);
        if (!meta)
            return fail(QStringLiteral("unknown object"), header.serializer);
        answer.result = RpcValue::fromStruct({{QStringLiteral("handshake"), hello}, {QStringLiteral("meta"), *meta}});
    } else {
        answer.result = hello;
    }
    m_connected = true;
    reply(request, std::move(answer), encodeOptions(header.serializer, header));
}

void Pyro4Connection::handleInvoke(const DecodedMessage& request, const PyroFrame& header)
{
    DecodedMessage answer = replyTo(request);
    const bool oneway = header.oneway;
    if (!acceptedSerializer(header.serializer)) {
        setReply(answer,
                 Pyro4Objects::exception(
                     errorClass("SerializeError"),
                     QStringLiteral("message used serializer that is not accepted: %1").arg(header.serializerId),
                     request.method));
        return reply(request, std::move(answer), encodeOptions(pyro::Serializer::Marshal, header));
    }
    if (request.status == CallStatus::Malformed) {
        const QString why
            = request.problems.empty() ? QStringLiteral("malformed INVOKE message") : request.problems.front().text;
        setReply(answer, Pyro4Objects::exception(errorClass("ProtocolError"), why, request.method));
    } else if (header.batch) {
        for (const SubCall& call : request.subCalls) {
            Pyro4Reply r = m_daemon->objects().invoke(request.object, call.method, call.params.toArray(),
                                                      call.kwargs.toStruct());
            SubCall done = call;
            done.result = std::move(r.result);
            done.fault = std::move(r.fault);
            done.status = done.fault ? CallStatus::Exception : CallStatus::Ok;
            const bool failed = done.fault.has_value();
            answer.subCalls.push_back(std::move(done));
            if (failed)
                break; // Pyro stops a batch at its first failure
        }
        answer.method = QStringLiteral("<batch>");
    } else {
        setReply(answer,
                 m_daemon->objects().invoke(request.object, request.method, request.params.toArray(),
                                            request.kwargs.toStruct()));
    }
    if (oneway) {
        if (m_daemon->wantsCalls()) {
            Q_EMIT m_daemon->callServed(
                makeServedCall(m_request, nullptr, *m_socket, m_daemon->nextCallId(), m_connectionId));
        }
        return;
    }
    reply(request, std::move(answer), encodeOptions(header.serializer, header));
}

void Pyro4Connection::reply(const DecodedMessage& request, DecodedMessage answer, const QVariantMap& options)
{
    Q_UNUSED(request);
    Result<QByteArray> bytes = PyroEncoder::encode(answer, options, m_version);
    if (!bytes) {
        // The result cannot be serialized: say so to the client rather than leaving it waiting.
        DecodedMessage failure = answer;
        failure.subCalls.clear();
        setReply(failure,
                 Pyro4Objects::exception(errorClass("SerializeError"),
                                         QStringLiteral("cannot serialize the result: %1").arg(bytes.error()),
                                         answer.method));
        bytes = PyroEncoder::encode(failure, options, m_version);
        if (!bytes)
            return shutDown(bytes.error());
        answer = std::move(failure);
    }
    m_socket->write(*bytes);
    // Written now rather than from the next event loop turn: one wake-up less per reply.
    m_socket->flush();
    if (!m_daemon->wantsCalls())
        return;
    answer.firstSeen = answer.lastSeen = servedNow();
    answer.buffers = {*bytes};
    answer.bufferNames = {QStringLiteral("message")};
    if (!answer.subCalls.empty())
        answer.status = answer.subCalls.back().fault ? CallStatus::Exception : CallStatus::Ok;
    Q_EMIT m_daemon->callServed(makeServedCall(m_request, std::make_shared<DecodedMessage>(std::move(answer)),
                                               *m_socket, m_daemon->nextCallId(), m_connectionId));
}

void Pyro4Connection::shutDown(const QString& reason)
{
    if (m_closing)
        return;
    m_closing = true;
    Q_EMIT m_daemon->connectionRefused(
        QStringLiteral("%1 connection from %2 closed: %3")
            .arg(m_daemon->protocolName(),
                 Endpoint {m_socket->peerAddress().toString(), m_socket->peerPort()}.toString(), reason));
    m_socket->disconnectFromHost(); // lets a CONNECTFAIL already written reach the client
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
}

} // namespace rpcscope
