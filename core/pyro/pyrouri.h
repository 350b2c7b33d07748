#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QString>

#include <optional>

namespace rpcscope {

/// A Pyro URI as Pyro4 and Pyro5 write it: `PYRO:object@host:port` (IPv6 as `[addr]:port`) for an object on a
/// daemon, or `PYRONAME:name[@host[:port]]` for a name the name server resolves (its port is 9090 unless given; no
/// host means the name server on localhost, where Pyro looks first). Unix-socket locations (`./u:path`) and
/// PYROMETA are not supported.
struct PyroUri
{
    static constexpr quint16 kNameServerPort = 9090;

    /// True for PYRONAME: `object` is then the name to look up and host/port are the name server's.
    bool byName = false;
    QString object;
    QString host;
    quint16 port = 0;

    /// Reads a URI; the error says what is wrong with it.
    static Result<PyroUri> parse(const QString& text);
    /// `PYRO:object@host:port` or `PYRONAME:name@host:port`.
    QString toString() const;

    /// The URI a decoded value stands for, when it is a Pyro URI object: a dict tagged Pyro4.core.URI or
    /// Pyro5.core.URI whose state is (protocol, object, sockname, host, port), as a name server's lookup returns it.
    static std::optional<QString> textOf(const RpcValue& value);
};

} // namespace rpcscope
