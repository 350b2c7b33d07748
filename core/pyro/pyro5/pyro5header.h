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

/// Pyro5's numbers: flag bits and serializer ids (Pyro5/protocol.py and serializers.py, protocol 502). Message
/// types are Pyro4's (pyro::MessageType). Flags 0x10-0x40 and every serializer id mean something else in Pyro4.
namespace pyro5 {
enum Flag : quint16 {
    FlagException = 0x01,
    FlagCompressed = 0x02,
    FlagOneway = 0x04,
    FlagBatch = 0x08,
    FlagItemStreamResult = 0x10,
    FlagKeepSerialized = 0x20,
    FlagCorrelationId = 0x40,
};
enum SerializerId : quint8 {
    SerSerpent = 1,
    SerMarshal = 2,
    SerJson = 3,
    SerMsgpack = 4,
    SerPing = 42, ///< PING messages: the payload is the raw text "ping"/"pong"
};

/// The serializer Pyro5 numbers `id` (Unknown for ids it does not define).
pyro::Serializer serializerFor(quint16 id);
/// Pyro5's id of `serializer`, or 0 for serializers Pyro5 does not have (pickle, dill, cloudpickle).
quint8 serializerId(pyro::Serializer serializer);
/// "serpent", "marshal", "json", "msgpack", "none (ping)"; "serializer N" if unknown.
QString serializerName(quint16 id);
/// "EXCEPTION", "COMPRESSED", "ONEWAY", "BATCH", "ITEMSTREAMRESULT", "KEEPSERIALIZED", "CORR_ID".
QString flagName(quint16 bit);
/// The names of the set bits joined with '|', or "none".
QString flagNames(quint16 flags);
} // namespace pyro5

/// The fixed header that starts every Pyro5 message: 40 bytes, struct format '!4sHBBHHII16sHH', big-endian, ending
/// in the magic number 0x4DC5 where Pyro4 had a checksum. Pyro5 5.0 and 5.1 (protocol 501) wrote a 38-byte header
/// whose annotations size is 16 bits; it is read as well.
struct Pyro5Header
{
    static constexpr int kSize = 40;
    static constexpr int kSize501 = 38;
    static constexpr quint16 kVersion = 502;
    static constexpr quint16 kVersion501 = 501;
    static constexpr quint16 kMagic = 0x4DC5;

    char tag[4] = {'P', 'Y', 'R', 'O'};
    quint16 version = kVersion;
    quint8 type = 0;
    quint8 serializerId = 0;
    quint16 flags = 0;
    quint16 seq = 0;
    quint32 dataSize = 0;
    quint32 annotationsSize = 0;
    QByteArray correlationId = QByteArray(16, '\0');
    quint16 reserved = 0;
    quint16 magic = kMagic;

    /// The header's size for its version: 40, or 38 for protocol 501.
    int size() const { return version == kVersion501 ? kSize501 : kSize; }
    /// Reads the header fields without judging them (the layout follows the version at offset 4: 38 bytes for 501,
    /// else 40); empty if fewer bytes than the header are given.
    static std::optional<Pyro5Header> read(QByteArrayView bytes);
    /// True when `bytes` starts with "PYRO", version 502 (or 501) and the magic 0x4DC5 where the header ends.
    static bool isValidAt(QByteArrayView bytes);
    /// True when the version at offset 4 is 502 or 501 (enough bytes given).
    static bool hasPyro5Version(QByteArrayView bytes);

    bool hasTag() const { return tag[0] == 'P' && tag[1] == 'Y' && tag[2] == 'R' && tag[3] == 'O'; }
    bool correlationIdSet() const { return flags & pyro5::FlagCorrelationId; }
    /// header + annotations + data: the whole message.
    qint64 frameLength() const { return size() + qint64(annotationsSize) + qint64(dataSize); }
    /// The 40 header bytes (protocol 502).
    QByteArray toBytes() const;
    /// The version-neutral view of the header.
    PyroFrame frame() const;

    /// What is wrong with the header (tag, version, magic), with the offset of the field; empty for a good one.
    std::vector<Problem> problems(qint64 offset = 0) const;
    /// Adds `header` with one node per field (and per flag bit) under `parent`; problems become error nodes.
    void addTree(DecodeNode& parent, qint64 offset) const;
};

} // namespace rpcscope
