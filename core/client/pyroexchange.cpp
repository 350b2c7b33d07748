#include "pyroexchange.h"

#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroencoder.h"
#include "pyro/pyromessagedecoder.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QtEndian>

namespace rpcscope {

namespace {

double now()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

DecodedMessage decodeReply(const QByteArray& bytes, const DecodedMessage* request, int version)
{
    DecodeOptions options;
    options.buildTree = false;
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    context.request = request;
    context.options = &options;
    DecodedMessage m = PyroMessageDecoder::decode(bytes, context, version);
    m.firstSeen = m.lastSeen = now();
    return m;
}

// The protocol version named at offset 4 of a message (4 for Pyro4's 48, 5 for Pyro5's 502 and 501), 0 for others.
int versionAt(QByteArrayView bytes)
{
    const quint16 v = qFromBigEndian<quint16>(bytes.data() + 4);
    if (v == Pyro4Header::kVersion)
        return 4;
    if (v == Pyro5Header::kVersion || v == Pyro5Header::kVersion501)
        return 5;
    return 0;
}

// The length of the whole message at the start of `bytes` in `version`, or 0 while its header is incomplete.
qint64 frameLength(QByteArrayView bytes, int version)
{
    if (version == 5) {
        const std::optional<Pyro5Header> h = Pyro5Header::read(bytes);
        return h ? h->frameLength() : 0;
    }
    const std::optional<Pyro4Header> h = Pyro4Header::read(bytes);
    return h && h->dataSize >= 0 ? h->frameLength() : 0;
}

} // namespace

PyroExchange::PyroExchange(ComposedCall call, QObject* parent)
    : CallExchange(std::move(call), parent)
{ }

Status PyroExchange::checkSerializer() const
{
    const std::optional<pyro::Serializer> s = pyro::serializerFromName(m_call.serializer);
    const bool ok = s
        && (*s == pyro::Serializer::Serpent || *s == pyro::Serializer::Json || *s == pyro::Serializer::Marshal
            || (*s == pyro::Serializer::Msgpack && m_version == 5));
    if (ok)
        return Done {};
    return Error {
        m_version == 5
            ? QStringLiteral("unknown Pyro5 serializer \"%1\" (serpent, json, marshal or msgpack)")
                  .arg(m_call.serializer)
            : QStringLiteral("unknown Pyro4 serializer \"%1\" (serpent, json or marshal)").arg(m_call.serializer)};
}

void PyroExchange::begin()
{
    Result<PyroUri> uri = parseUri(m_call.endpoint);
    if (!uri)
        return fail(CallOutcomeKind::BadRequest, uri.error());
    if (m_call.pyroVersion != 0 && m_call.pyroVersion != 4 && m_call.pyroVersion != 5)
        return fail(CallOutcomeKind::BadRequest,
                    QStringLiteral("Pyro version %1 is not spoken (4 or 5)").arg(m_call.pyroVersion));
    m_versionChosen = m_call.pyroVersion != 0;
    m_version = m_versionChosen ? m_call.pyroVersion : 5;
    if (Status s = checkSerializer(); !s)
        return fail(CallOutcomeKind::BadRequest, s.error());
    m_target = *uri;
    if (uri->byName) {
        // The name server is a Pyro object like any other: Pyro.NameServer on its host and port.
        m_phase = Phase::LookUp;
        m_name = uri->object;
        m_target.object = QString(pyro::kNameServerObject);
        m_target.byName = false;
    }
    connectToTarget();
}

void PyroExchange::connectToTarget()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_received.clear();
    m_handshakeDone = false;
    connectTo(m_target.host, m_target.port, m_call.pyroTls);
}

bool PyroExchange::fallBackToPyro4()
{
    if (m_versionChosen || m_version != 5 || m_handshakeDone)
        return false;
    m_version = 4;
    m_fellBack = true;
    if (Status s = checkSerializer(); !s) {
        fail(CallOutcomeKind::BadRequest, QStringLiteral("%1 speaks Pyro4: %2").arg(m_peer, s.error()));
        return true;
    }
    connectToTarget();
    return true;
}

void PyroExchange::connected()
{
    DecodedMessage connect;
    connect.kind = MessageKind::Request;
    connect.method = QStringLiteral("<connect>");
    connect.object = m_target.object;
    connect.params = RpcValue::fromArray({RpcValue::fromString(QStringLiteral("hello"))});
    const QVariantMap options {{QStringLiteral("serializer"), m_call.serializer}, {QStringLiteral("seq"), 0}};
    Result<QByteArray> bytes = PyroEncoder::encode(connect, options, m_version);
    if (!bytes)
        return fail(CallOutcomeKind::BadRequest, bytes.error());
    m_socket->write(*bytes);
}

void PyroExchange::received(bool ended)
{
    while (true) {
        if (m_received.size() >= 6) {
            const int version = versionAt(m_received);
            if (!m_received.startsWith("PYRO") || version == 0)
                return fail(CallOutcomeKind::BadReply,
                            QStringLiteral("%1 does not answer in Pyro (neither Pyro4 nor Pyro5)").arg(m_peer));
            if (version != m_version) {
                // A Pyro4 daemon answers a Pyro5 CONNECT with a Pyro4-framed CONNECTFAIL.
                if (version == 4 && fallBackToPyro4())
                    return;
                return fail(
                    CallOutcomeKind::BadReply,
                    QStringLiteral("%1 answers in Pyro%2, not in Pyro%3").arg(m_peer).arg(version).arg(m_version));
            }
        }
        const qint64 length = m_received.size() >= 6 ? frameLength(m_received, m_version) : 0;
        if (length == 0 || m_received.size() < length) {
            if (ended) {
                // Our own Pyro4 daemon (and other strict servers) just close on a header they do not know.
                if (m_received.isEmpty() && fallBackToPyro4())
                    return;
                return fail(CallOutcomeKind::TransportError,
                            QStringLiteral("%1 closed the connection before replying").arg(m_peer));
            }
            return;
        }
        const QByteArray message = m_received.first(length);
        m_received.remove(0, length);
        const quint16 type = m_version == 5 ? Pyro5Header::read(message)->type : Pyro4Header::read(message)->type;
        const Phase before = m_phase;
        handleReply(message, type);
        // A finished look-up reconnects elsewhere: what is left belongs to the old connection.
        if (m_received.isEmpty() || m_phase != before)
            return;
    }
}

void PyroExchange::sendInvoke()
{
    DecodedMessage invoke;
    invoke.protocol = m_version == 5 ? QStringLiteral("pyro5") : QStringLiteral("pyro4");
    invoke.kind = MessageKind::Request;
    invoke.object = m_target.object;
    if (m_phase == Phase::LookUp) {
        invoke.method = QStringLiteral("lookup");
        invoke.params = RpcValue::fromArray({RpcValue::fromString(m_name)}, QStringLiteral("tuple"));
        invoke.kwargs = RpcValue::fromStruct({});
    } else {
        invoke.method = m_call.method;
        invoke.params = RpcValue::fromArray(m_call.params, QStringLiteral("tuple"));
        invoke.kwargs = RpcValue::fromStruct(m_call.kwargs);
    }
    invoke.pairKey = 1;
    const QVariantMap options {{QStringLiteral("serializer"), m_call.serializer}, {QStringLiteral("seq"), 1}};
    Result<QByteArray> request = PyroEncoder::encode(invoke, options, m_version);
    if (!request)
        return fail(CallOutcomeKind::BadRequest, request.error());
    invoke.buffers = {*request};
    invoke.bufferNames = {QStringLiteral("message")};
    invoke.firstSeen = invoke.lastSeen = now();
    m_request = std::make_shared<DecodedMessage>(std::move(invoke));
    m_socket->write(*request);
}

void PyroExchange::handleReply(const QByteArray& bytes, quint16 type)
{
    CallOutcome outcome;
    outcome.pyroVersion = m_version;
    outcome.pyroFellBack = m_fellBack;
    outcome.resolvedUri = m_resolved;
    const QString where = m_phase == Phase::LookUp ? QStringLiteral("the name server at %1").arg(m_peer) : m_peer;
    if (!m_handshakeDone) {
        if (type == pyro::MsgConnectFail) {
            const DecodedMessage reply = decodeReply(bytes, nullptr, m_version);
            outcome.kind = CallOutcomeKind::RemoteException;
            outcome.fault = reply.fault.value_or(RpcFault {{}, reply.result.toDisplayString(), {}});
            outcome.error = QStringLiteral("%1 refused the connection: %2").arg(where, outcome.fault->message);
            outcome.response = std::make_shared<DecodedMessage>(reply);
            return finish(std::move(outcome));
        }
        if (type != pyro::MsgConnectOk)
            return fail(CallOutcomeKind::BadReply,
                        QStringLiteral("expected CONNECTOK, got %1").arg(pyro::messageTypeName(type)));
        m_handshakeDone = true;
        const DecodedMessage reply = decodeReply(bytes, nullptr, m_version);
        if (m_phase == Phase::Call) {
            if (const RpcValue* meta = reply.result.member(u"meta"))
                m_metadata = *meta;
            if (m_call.method.isEmpty()) {
                outcome.kind = CallOutcomeKind::Ok;
                outcome.result = m_metadata;
                outcome.metadata = m_metadata;
                outcome.response = std::make_shared<DecodedMessage>(reply);
                return finish(std::move(outcome));
            }
        }
        return sendInvoke();
    }
    if (type != pyro::MsgResult)
        return fail(CallOutcomeKind::BadReply,
                    QStringLiteral("expected RESULT, got %1").arg(pyro::messageTypeName(type)));
    const DecodedMessage reply = decodeReply(bytes, m_request.get(), m_version);
    if (m_phase == Phase::LookUp && !reply.fault && reply.status != CallStatus::Malformed)
        return finishLookUp(reply);
    outcome.metadata = m_metadata;
    outcome.response = std::make_shared<DecodedMessage>(reply);
    if (reply.status == CallStatus::Malformed && !reply.fault) {
        outcome.kind = CallOutcomeKind::BadReply;
        outcome.error = QStringLiteral("unreadable Pyro%1 RESULT from %2: %3")
                            .arg(m_version)
                            .arg(where, reply.problems.empty() ? QString() : reply.problems.front().text);
        return finish(std::move(outcome));
    }
    if (reply.fault) {
        outcome.kind = CallOutcomeKind::RemoteException;
        outcome.fault = reply.fault;
        if (m_phase == Phase::LookUp)
            outcome.error = QStringLiteral("%1 cannot resolve \"%2\": %3").arg(where, m_name, reply.fault->message);
    } else {
        outcome.kind = CallOutcomeKind::Ok;
        outcome.result = reply.result;
    }
    finish(std::move(outcome));
}

void PyroExchange::finishLookUp(const DecodedMessage& reply)
{
    // lookup() answers a URI object (Pyro4.core.URI / Pyro5.core.URI); some name servers answer its text.
    const std::optional<QString> text
        = reply.result.isString() ? std::optional<QString>(reply.result.toString()) : PyroUri::textOf(reply.result);
    Result<PyroUri> uri = text ? PyroUri::parse(*text) : Result<PyroUri>(Error {QStringLiteral("no URI")});
    if (!text || !uri || uri->byName)
        return fail(CallOutcomeKind::BadReply,
                    QStringLiteral("the name server at %1 answered lookup(\"%2\") with %3, not a PYRO: URI")
                        .arg(m_peer, m_name, reply.result.toDisplayString(200)));
    m_resolved = *text;
    m_target = *uri;
    m_phase = Phase::Call;
    connectToTarget();
}

} // namespace rpcscope
