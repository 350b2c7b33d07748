#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace rpcscope {

/// An endpoint that a message hands out to its reader: a Java RMI stub's UnicastRef (host, port), a Pyro URI's
/// location. `host` is what the message writes, a name or an address.
struct HandedOutEndpoint
{
    QString host;
    quint16 port = 0;

    bool operator==(const HandedOutEndpoint&) const = default;
};

/// Asked for each endpoint a message hands out: where its reader should connect instead (the recording proxy
/// answers with a listener of its own that forwards to the real endpoint), or nullopt to leave it as written.
using EndpointMapper = std::function<std::optional<HandedOutEndpoint>(const HandedOutEndpoint&)>;

/// What rewriting the endpoints of one whole message gave.
struct EndpointRewrite
{
    /// The whole message with its endpoints rewritten and every length and checksum that covers them corrected;
    /// empty when nothing was rewritten (the original goes on unchanged).
    QByteArray bytes;
    /// Endpoints changed.
    int rewritten = 0;
    /// Endpoints seen and left as written, each with the reason ("a stub with a custom client socket factory
    /// (example.SslFactory) cannot be followed"), and messages that could not be read far enough to tell.
    QStringList notes;
};

} // namespace rpcscope
