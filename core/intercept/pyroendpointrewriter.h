#pragma once

#include "decodelimits.h"
#include "intercept/endpointrewrite.h"

#include <QByteArrayView>

namespace rpcscope {

/// `message`: one whole Pyro4 or Pyro5 message (header + annotations + payload) as it travels from a server to
/// its client. Every endpoint it hands out is offered to `map`; see EndpointRewrite for the result.
///
/// Endpoints are `PYRO:object@host:port` URIs (IPv6 as `[addr]:port`; `map` gets the address without brackets)
/// wherever a str is exactly one (a name server's `list`, `yplookup`, a proxy's state), and URI objects
/// (`Pyro4.core.URI`, `Pyro5.core.URI`: a class dict in serpent, json, marshal and msgpack, a pickled object whose
/// state is (protocol, object, sockname, host, port)) anywhere in the payload. The serialized bytes are edited in
/// place: only the literals of the endpoints change (str lengths with them, marshal references and pickle memo
/// references split where a host or port is shared with something else, pickle FRAME lengths), then the header's
/// data size (and Pyro4's checksum). A compressed payload is inflated, edited and compressed again (zlib, at the
/// level the Pyro version uses), so its bytes all differ. URIs on Unix sockets, Pyro4 messages signed with an HMAC
/// and messages that cannot be read are left as written, with a note; a message whose payload holds no "PYRO" is
/// passed after looking at its header only. `map` is asked once per distinct endpoint of a message; `rewritten`
/// counts the URIs whose literals changed (a URI str that marshal or a pickle writes once and then by reference
/// counts once).
EndpointRewrite rewritePyroEndpoints(QByteArrayView message, const EndpointMapper& map);
/// The same under other bounds (the payload's size, nesting, value count).
EndpointRewrite rewritePyroEndpoints(QByteArrayView message, const EndpointMapper& map, const DecodeLimits& limits);

} // namespace rpcscope
