#pragma once

#include "client/callexchange.h"
#include "pyro/pyrouri.h"

namespace rpcscope {

/// One Pyro call, in Pyro5 or Pyro4: connects, performs the CONNECT handshake (which brings the object's metadata),
/// sends the INVOKE with the chosen serializer and reads the RESULT. With an empty method only the handshake is done
/// (the metadata is the result), which is how the composer lists an object's methods.
///
/// The version is the call's `pyroVersion`; with 0 the exchange speaks Pyro5 and, when the server answers in Pyro4
/// framing or closes the connection on the Pyro5 CONNECT, connects again in Pyro4 (`CallOutcome::pyroVersion` says
/// which one answered). A `PYRONAME:name[@host:port]` URI is first looked up on the name server (its `lookup(name)`
/// over a connection of its own, as Pyro's proxies do), then the URI it answers is called.
class PyroExchange : public CallExchange
{
    Q_OBJECT
public:
    PyroExchange(ComposedCall call, QObject* parent = nullptr);

    /// Parses `PYRO:object@host:port` (IPv6 as `[addr]:port`) or `PYRONAME:name[@host[:port]]`.
    static Result<PyroUri> parseUri(const QString& uri) { return PyroUri::parse(uri); }

protected:
    void begin() override;
    void connected() override;
    void received(bool ended) override;

private:
    enum class Phase { LookUp, Call };
    // Connects (again) to the current target, in the current version.
    void connectToTarget();
    // The Pyro5 attempt was not understood: connect again in Pyro4, if the version was left to us.
    bool fallBackToPyro4();
    Status checkSerializer() const;
    void sendInvoke();
    void handleReply(const QByteArray& bytes, quint16 type);
    void finishLookUp(const DecodedMessage& reply);

    Phase m_phase = Phase::Call;
    PyroUri m_target;
    QString m_name; // PYRONAME: the name looked up
    QString m_resolved; // PYRONAME: the URI the name server answered
    int m_version = 5;
    bool m_versionChosen = false; // the caller set the version: no fallback
    bool m_fellBack = false;
    bool m_handshakeDone = false;
    RpcValue m_metadata;
};

} // namespace rpcscope
