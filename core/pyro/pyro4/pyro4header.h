#pragma once

#include "message.h"
#include "pyro/pyroframe.h"
#include "pyro/pyroprotocol.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

namespace rpcscope {

/// Pyro4's numbers: flag bits and serializer ids (Pyro4/message.py and util.py, protocol 48). The message types are
/// the same in both versions (pyro::MessageType).
namespace pyro4 {
using pyro::MessageType;
using pyro::messageTypeName;
using pyro::MsgConnect;
using pyro::MsgConnectFail;
using pyro::MsgConnectOk;
using pyro::MsgInvoke;
using pyro::MsgPing;
using pyro::MsgResult;
enum Flag : quint16 {
    FlagException = 0x01,
    FlagCompressed = 0x02,
    FlagOneway = 0x04,
    FlagBatch = 0x08,
    FlagMetaOnConnect = 0x10,
    FlagItemStreamResult = 0x20,
    FlagKeepSerialized = 0x40,
};
enum SerializerId : quint16 {
    SerSerpent = 1,
    SerJson = 2,
    SerMarshal = 3,
    SerPickle = 4,
    SerDill = 5,
    SerMsgpack = 6,
    SerCloudpickle = 7,
    SerPing = 42, ///< PING messages: the payload is the raw text "ping"/"pong"
};

/// "serpent", "json", "marshal", "pickle", "dill", "msgpack", "cloudpickle", "none (ping)"; "serializer N" if unknown.
QString serializerName(quint16 id);
/// The serializer id for a name ("serpent" → 1), or 0.
quint16 serializerIdFromName(QStringView name);
/// The serializer Pyro4 numbers `id` (Unknown for ids it does not define).
pyro::Serializer serializerFor(quint16 id);
/// Pyro4's id of `serializer`.
quint16 serializerId(pyro::Serializer serializer);
/// "EXCEPTION", "COMPRESSED", "ONEWAY", "BATCH", "META_ON_CONNECT", "ITEMSTREAMRESULT", "KEEPSERIALIZED".
QString flagName(quint16 bit);
/// The names of the set bits joined with '|', or "none".
QString flagNames(quint16 flags);
} // namespace pyro4

/// The fixed 24-byte header that starts every Pyro4 message (struct format '!4sHHHHiHHHH', big-endian).
struct Pyro4Header
{
    static constexpr int kSize = 24;
    static constexpr quint16 kVersion = 48;
    static constexpr quint16 kChecksumMagic = 0x34E9;

    char magic[4] = {'P', 'Y', 'R', 'O'};
    quint16 version = kVersion;
    quint16 type = 0;
    quint16 flags = 0;
    quint16 seq = 0;
    /// Signed on the wire; a negative size is invalid.
    qint32 dataSize = 0;
    quint16 serializerId = 0;
    quint16 annotationsSize = 0;
    quint16 reserved = 0;
    quint16 checksum = 0;

    /// Reads the header fields from the first 24 bytes without judging them; empty if fewer bytes are given.
    static std::optional<Pyro4Header> read(QByteArrayView bytes);
    /// True when `bytes` starts with "PYRO", version 48 and a header checksum that adds up: the test used to find
    /// message starts (the magic alone also occurs inside payloads).
    static bool isValidAt(QByteArrayView bytes);

    bool hasMagic() const { return magic[0] == 'P' && magic[1] == 'Y' && magic[2] == 'R' && magic[3] == 'O'; }
    /// The checksum Pyro computes: the sum of type, version, data size, annotations size, serializer id, flags, seq
    /// and 0x34E9, masked to 16 bits.
    quint16 expectedChecksum() const;
    bool checksumValid() const { return checksum == expectedChecksum(); }
    /// 24 + annotations + data: the whole message.
    qint64 frameLength() const { return kSize + qint64(annotationsSize) + qint64(dataSize); }
    /// The 24 header bytes, with the checksum computed from the other fields.
    QByteArray toBytes() const;
    /// The version-neutral view of the header.
    PyroFrame frame() const;

    /// What is wrong with the header (wrong magic or version, negative size, checksum mismatch), with the offset
    /// of the field; empty for a good header.
    std::vector<Problem> problems(qint64 offset = 0) const;
    /// Adds `header` with one node per field (and per flag bit) under `parent`; a checksum mismatch, a wrong magic
    /// or version, or a negative size become error nodes.
    void addTree(DecodeNode& parent, qint64 offset) const;
};

} // namespace rpcscope
