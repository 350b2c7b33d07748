#pragma once

#include "decodelimits.h"
#include "intercept/endpointrewrite.h"

#include <QByteArrayView>

namespace rpcscope {

/// Rewrites the endpoints of the remote stubs a JRMP Return message hands out (a registry lookup's stub, JMX
/// `newClient`'s RMIConnection, any remote object a method returns, as RemoteStub subclasses or dynamic proxies):
/// `map` is asked for each UnicastRef / UnicastRef2 endpoint (host, port), and where it answers the host's UTF
/// string and the port are written anew. The ref lies in the block data RemoteObject.writeObject wrote, so the
/// record's length (TC_BLOCKDATA, or TC_BLOCKDATALONG when it no longer fits in one byte) is written anew too;
/// every other byte of the message is kept. A stub with a client socket factory (UnicastRef2 format 1) is left as
/// written with a note: the factory decides how the client connects, which a TCP listener cannot stand in for.
///
/// `message` is one whole JRMP message as the server sent it (0x51 first); anything else is not rewritten.
EndpointRewrite rewriteJrmpEndpoints(QByteArrayView message, const EndpointMapper& map,
                                     const DecodeLimits& limits = {});

} // namespace rpcscope
