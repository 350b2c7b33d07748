#pragma once

#include "client/callexchange.h"

namespace rpcscope {

/// Where a `PYRO:object@host:port` URI points.
struct PyroUri
{
    QString object;
    QString host;
    quint16 port = 0;
};

/// One Pyro4 call: connects, performs the CONNECT handshake (asking for the object's metadata), sends the INVOKE
/// with the chosen serializer and reads the RESULT. With an empty method only the handshake is done (the metadata
/// is the result), which is how the composer lists an object's methods.
class Pyro4Exchange : public CallExchange
{
    Q_OBJECT
public:
    Pyro4Exchange(ComposedCall call, QObject* parent = nullptr);

    /// Parses `PYRO:object@host:port` (IPv6 as `[addr]:port`); PYRONAME URIs are refused with a reason.
    static Result<PyroUri> parseUri(const QString& uri);

protected:
    void begin() override;
    void connected() override;
    void received(bool ended) override;

private:
    void handleReply(const QByteArray& bytes, quint16 type);

    PyroUri m_uri;
    quint16 m_serializer = 1;
    bool m_handshakeDone = false;
    RpcValue m_metadata;
};

} // namespace rpcscope
