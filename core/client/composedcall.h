#pragma once

#include "http/httpwriter.h"
#include "message.h"
#include "rpcvalue.h"

#include <QString>

#include <memory>
#include <optional>

namespace rpcscope {

/// What the composer sends: an XML-RPC call to an http(s) URL, or a Pyro call to a `PYRO:object@host:port` URI (or
/// a `PYRONAME:name[@host:port]` the name server resolves).
struct ComposedCall
{
    /// "http://host:port/path", "https://…", "PYRO:object@host:port" or "PYRONAME:name[@host:port]".
    QString endpoint;
    QString method;
    RpcArray params;
    /// Pyro4 keyword arguments.
    RpcStruct kwargs;
    /// XML-RPC: when not empty, sent as the body instead of writing method and params.
    QByteArray rawBody;
    /// Pyro: "serpent", "json", "marshal" (or, Pyro5 only, "msgpack").
    QString serializer = QStringLiteral("serpent");
    /// Pyro: 4 or 5; 0 tries Pyro5 and falls back to Pyro4 when the server does not speak it.
    int pyroVersion = 0;
    int timeoutMs = 10000;
    /// Pyro4: connect with TLS (Pyro's SSL=True). https URLs always use TLS.
    bool pyroTls = false;
    /// TLS: trust the CAs in this PEM file instead of the system's (like curl --cacert); empty: the system's.
    QString caFile;
    /// TLS: do not verify the server's certificate.
    bool insecure = false;

    bool isPyro() const { return isPyroEndpoint(endpoint); }
    /// A PYRO: or PYRONAME: URI.
    static bool isPyroEndpoint(const QString& endpoint)
    {
        return endpoint.startsWith(QLatin1String("PYRO:"), Qt::CaseInsensitive)
            || endpoint.startsWith(QLatin1String("PYRONAME:"), Qt::CaseInsensitive);
    }
    /// Whether the call goes over TLS: an https URL, or a Pyro4 URI with pyroTls.
    bool usesTls() const
    {
        return isPyro() ? pyroTls : endpoint.startsWith(QLatin1String("https:"), Qt::CaseInsensitive);
    }
};

/// How a composed call ended.
enum class CallOutcomeKind {
    Ok, ///< a result came back
    Fault, ///< an XML-RPC fault
    RemoteException, ///< a Pyro4 exception result or a refused handshake (CONNECTFAIL)
    HttpError, ///< an HTTP status other than 200
    Refused, ///< the connection was refused
    Timeout, ///< no complete reply within the timeout
    TransportError, ///< any other network failure (host not found, reset, TLS)
    BadReply, ///< the reply could not be decoded
    BadRequest, ///< the call could not be written (bad URL, value XML cannot carry)
};

/// "ok", "fault", "exception", "http-error", "refused", "timeout", "transport-error", "bad-reply", "bad-request".
QString outcomeName(CallOutcomeKind kind);

/// The result of sending one composed call: outcome, values, the messages as sent and received, and timing.
struct CallOutcome
{
    CallOutcomeKind kind = CallOutcomeKind::TransportError;
    /// A sentence for everything that is not Ok, Fault or RemoteException ("connection refused by 127.0.0.1:9").
    QString error;
    RpcValue result;
    std::optional<RpcFault> fault;
    /// XML-RPC: the HTTP status and header fields of the reply.
    int httpStatus = 0;
    http::HeaderList responseHeaders;
    /// Pyro: the object's metadata from the handshake ({methods, oneway, attrs}), nil without it.
    RpcValue metadata;
    /// Pyro: the version the server answered in (4 or 5; 0 before any answer), and whether that is Pyro4 after a
    /// refused Pyro5 attempt.
    int pyroVersion = 0;
    bool pyroFellBack = false;
    /// PYRONAME: the URI the name server resolved the name to.
    QString resolvedUri;
    /// The request and reply as decoded messages (buffer 0 holds their bytes); reply is null without one.
    std::shared_ptr<const DecodedMessage> request;
    std::shared_ptr<const DecodedMessage> response;
    /// From connecting to the last byte of the reply.
    double elapsedMs = 0;
    /// TLS: the server's certificate was not accepted (`error` names the problem).
    bool certificateRejected = false;

    /// A fault or remote exception: the call reached the server, which said no.
    bool isRemoteError() const { return kind == CallOutcomeKind::Fault || kind == CallOutcomeKind::RemoteException; }
    bool isTransportError() const { return kind != CallOutcomeKind::Ok && !isRemoteError(); }
};

} // namespace rpcscope
