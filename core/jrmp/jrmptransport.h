#pragma once

#include "protocoldecoder.h"

#include <QByteArray>

namespace rpcscope {

/// Decoding of the JRMP transport messages that carry no serialization stream.
namespace jrmptransport {

/// The client's `JRMI` header: magic, version, protocol. A request "<handshake>" (oneway for the single-op
/// protocol, which gets no acknowledgement).
DecodedMessage decodeHeader(const QByteArray& message, const DecodeContext& context);
/// ProtocolAck (0x4E + the client's host and port as the server sees them) or ProtocolNack (0x4F).
DecodedMessage decodeAck(const QByteArray& message, const DecodeContext& context);
/// The client's EndpointIdentifier after the ack: an event.
DecodedMessage decodeClientEndpoint(const QByteArray& message, const DecodeContext& context);
/// Ping (0x52) as the request "<ping>", PingAck (0x53) as its response.
DecodedMessage decodePing(const QByteArray& message, const DecodeContext& context);
DecodedMessage decodePingAck(const QByteArray& message, const DecodeContext& context);
/// DgcAck (0x54 + UID): the oneway request "<dgc-ack>".
DecodedMessage decodeDgcAck(const QByteArray& message, const DecodeContext& context);
/// Bytes that are no JRMP message.
DecodedMessage decodeUnknown(const QByteArray& message, const DecodeContext& context);

} // namespace jrmptransport
} // namespace rpcscope
