#pragma once

#include <QtGlobal>

namespace rpcscope::jrmp {

/// JRMP transport constants (sun.rmi.transport.TransportConstants; Java RMI spec ch. 10).
constexpr quint32 kMagic = 0x4A524D49; // "JRMI"
constexpr quint8 kStreamProtocol = 0x4B;
constexpr quint8 kSingleOpProtocol = 0x4C;
constexpr quint8 kMultiplexProtocol = 0x4D;
constexpr quint8 kProtocolAck = 0x4E;
constexpr quint8 kProtocolNack = 0x4F;
constexpr quint8 kCall = 0x50;
constexpr quint8 kReturn = 0x51;
constexpr quint8 kPing = 0x52;
constexpr quint8 kPingAck = 0x53;
constexpr quint8 kDgcAck = 0x54;
constexpr quint8 kNormalReturn = 0x01;
constexpr quint8 kExceptionalReturn = 0x02;

/// "JRMI", version (2 bytes), protocol (1 byte).
constexpr qint64 kHeaderSize = 7;
/// 0x54 and a 14-byte UID.
constexpr qint64 kDgcAckSize = 15;
/// ObjID (8 + 14), operation (4), hash (8).
constexpr qint64 kCallHeaderSize = 34;
/// Return type (1) and UID (14).
constexpr qint64 kReturnHeaderSize = 15;
/// Longest host name accepted in an EndpointIdentifier before the bytes are taken for something else.
constexpr quint16 kMaxHostLength = 1024;

} // namespace rpcscope::jrmp
