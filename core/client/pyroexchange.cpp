#include "pyro4exchange.h"

#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"

#include <QDateTime>
#include <QTcpSocket>

namespace rpcscope {

namespace {

double now()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

DecodedMessage decodeReply(const QByteArray& bytes, const DecodedMessage* request)
{
    DecodeOptions options;
    options.buildTree = false;
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    context.request = request;
    context.options = &options;
    DecodedMessage m = Pyro4Decoder().decode(bytes, context);
    m.firstSeen = m.lastSeen = now();
    return m;
}

} // namespace

Pyro4Exchange::Pyro4Exchange(ComposedCall call, QObject* parent)
    : CallExchange(std::move(call), parent)
{ }

Result<PyroUri> Pyro4Exchange::parseUri(const QString& uri)
{
    if (uri.startsWith(QLatin1String("PYRONAME:"), Qt::CaseInsensitive))
        return Error {QStringLiteral("PYRONAME URIs need a name server lookup; give the PYRO:object@host:port URI")};
    if (!uri.startsWith(QLatin1String("PYRO:"), Qt::CaseInsensitive))
        return Error {QStringLiteral("not a Pyro4 URI (PYRO:object@host:port): \"%1\"").arg(uri)};
    const QString rest = uri.mid(5);
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at <= 0)
        return Error {QStringLiteral("the Pyro4 URI \"%1\" has no object@host:port part").arg(uri)};
    PyroUri out;
    out.object = rest.left(at);
    const QString location = rest.mid(at + 1);
    const qsizetype colon = location.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return Error {QStringLiteral("the Pyro4 URI \"%1\" has no port").arg(uri)};
    out.host = location.left(colon);
    if (out.host.startsWith(QLatin1Char('[')) && out.host.endsWith(QLatin1Char(']')))
        out.host = out.host.mid(1, out.host.size() - 2);
    bool ok = false;
    const uint port = location.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return Error {QStringLiteral("the Pyro4 URI \"%1\" has an invalid port").arg(uri)};
    out.port = quint16(port);
    return out;
}

void Pyro4Exchange::begin()
{
    Result<PyroUri> uri = parseUri(m_call.endpoint);
    if (!uri)
        return fail(CallOutcomeKind::BadRequest, uri.error());
    m_uri = *uri;
    m_serializer = pyro4::serializerIdFromName(m_call.serializer);
    if (m_serializer != pyro4::SerSerpent && m_serializer != pyro4::SerJson && m_serializer != pyro4::SerMarshal)
        return fail(
            CallOutcomeKind::BadRequest,
            QStringLiteral("unknown Pyro4 serializer \"%1\" (serpent, json or marshal)").arg(m_call.serializer));
    connectTo(m_uri.host, m_uri.port, m_call.pyroTls);
}

void Pyro4Exchange::connected()
{
    DecodedMessage connect;
    connect.protocol = QStringLiteral("pyro4");
    connect.kind = MessageKind::Request;
    connect.method = QStringLiteral("<connect>");
    connect.object = m_uri.object;
    connect.params = RpcValue::fromArray({RpcValue::fromString(QStringLiteral("hello"))});
    const QVariantMap options {{QStringLiteral("serializer"), m_call.serializer}, {QStringLiteral("seq"), 0}};
    Result<QByteArray> bytes = Pyro4Decoder().encode(connect, options);
    if (!bytes)
        return fail(CallOutcomeKind::BadRequest, bytes.error());
    m_socket->write(*bytes);
}

void Pyro4Exchange::received(bool ended)
{
    while (true) {
        if (m_received.size() >= Pyro4Header::kSize && !Pyro4Header::isValidAt(m_received))
            return fail(CallOutcomeKind::BadReply,
                        QStringLiteral("%1 does not answer in Pyro4 protocol 48").arg(m_peer));
        std::optional<Pyro4Header> header = Pyro4Header::read(m_received);
        if (!header || m_received.size() < header->frameLength()) {
            if (ended) {
                return fail(CallOutcomeKind::TransportError,
                            QStringLiteral("%1 closed the connection before replying").arg(m_peer));
            }
            return;
        }
        const QByteArray message = m_received.first(header->frameLength());
        m_received.remove(0, header->frameLength());
        handleReply(message, header->type);
        if (m_received.isEmpty())
            return;
    }
}

void Pyro4Exchange::handleReply(const QByteArray& bytes, quint16 type)
{
    CallOutcome outcome;
    if (!m_handshakeDone) {
        if (type == pyro4::MsgConnectFail) {
            const DecodedMessage reply = decodeReply(bytes, nullptr);
            outcome.kind = CallOutcomeKind::RemoteException;
            outcome.fault = reply.fault.value_or(RpcFault {{}, reply.result.toDisplayString(), {}});
            outcome.error = QStringLiteral("%1 refused the connection: %2").arg(m_peer, outcome.fault->message);
            outcome.response = std::make_shared<DecodedMessage>(reply);
            return finish(std::move(outcome));
        }
        if (type != pyro4::MsgConnectOk)
            return fail(CallOutcomeKind::BadReply,
                        QStringLiteral("expected CONNECTOK, got %1").arg(pyro4::messageTypeName(type)));
        m_handshakeDone = true;
        const DecodedMessage reply = decodeReply(bytes, nullptr);
        if (const RpcValue* meta = reply.result.member(u"meta"))
            m_metadata = *meta;
        if (m_call.method.isEmpty()) {
            outcome.kind = CallOutcomeKind::Ok;
            outcome.result = m_metadata;
            outcome.metadata = m_metadata;
            outcome.response = std::make_shared<DecodedMessage>(reply);
            return finish(std::move(outcome));
        }
        DecodedMessage invoke;
        invoke.protocol = QStringLiteral("pyro4");
        invoke.kind = MessageKind::Request;
        invoke.object = m_uri.object;
        invoke.method = m_call.method;
        invoke.params = RpcValue::fromArray(m_call.params, QStringLiteral("tuple"));
        invoke.kwargs = RpcValue::fromStruct(m_call.kwargs);
        invoke.pairKey = 1;
        const QVariantMap options {{QStringLiteral("serializer"), m_call.serializer}, {QStringLiteral("seq"), 1}};
        Result<QByteArray> request = Pyro4Decoder().encode(invoke, options);
        if (!request)
            return fail(CallOutcomeKind::BadRequest, request.error());
        invoke.buffers = {*request};
        invoke.bufferNames = {QStringLiteral("message")};
        invoke.firstSeen = invoke.lastSeen = now();
        m_request = std::make_shared<DecodedMessage>(std::move(invoke));
        m_socket->write(*request);
        return;
    }
    if (type != pyro4::MsgResult)
        return fail(CallOutcomeKind::BadReply,
                    QStringLiteral("expected RESULT, got %1").arg(pyro4::messageTypeName(type)));
    const DecodedMessage reply = decodeReply(bytes, m_request.get());
    outcome.metadata = m_metadata;
    outcome.response = std::make_shared<DecodedMessage>(reply);
    if (reply.status == CallStatus::Malformed && !reply.fault) {
        outcome.kind = CallOutcomeKind::BadReply;
        outcome.error = QStringLiteral("unreadable Pyro4 RESULT: %1")
                            .arg(reply.problems.empty() ? QString() : reply.problems.front().text);
        return finish(std::move(outcome));
    }
    if (reply.fault) {
        outcome.kind = CallOutcomeKind::RemoteException;
        outcome.fault = reply.fault;
    } else {
        outcome.kind = CallOutcomeKind::Ok;
        outcome.result = reply.result;
    }
    finish(std::move(outcome));
}

} // namespace rpcscope
