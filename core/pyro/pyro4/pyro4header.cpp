#include "pyro4header.h"

#include "bytecursor.h"

#include <QStringList>

namespace rpcscope {

namespace pyro4 {

namespace {
struct SerializerEntry
{
    quint16 id;
    const char* name;
};
constexpr SerializerEntry kSerializers[] = {
    {SerSerpent, "serpent"}, {SerJson, "json"},       {SerMarshal, "marshal"},         {SerPickle, "pickle"},
    {SerDill, "dill"},       {SerMsgpack, "msgpack"}, {SerCloudpickle, "cloudpickle"},
};
} // namespace

QString serializerName(quint16 id)
{
    for (const SerializerEntry& e : kSerializers) {
        if (e.id == id)
            return QLatin1StringView(e.name);
    }
    if (id == SerPing)
        return QStringLiteral("none (ping)");
    return QStringLiteral("serializer %1").arg(id);
}

quint16 serializerIdFromName(QStringView name)
{
    for (const SerializerEntry& e : kSerializers) {
        if (name.compare(QLatin1StringView(e.name), Qt::CaseInsensitive) == 0)
            return e.id;
    }
    return 0;
}

pyro::Serializer serializerFor(quint16 id)
{
    switch (id) {
    case SerSerpent:
        return pyro::Serializer::Serpent;
    case SerJson:
        return pyro::Serializer::Json;
    case SerMarshal:
        return pyro::Serializer::Marshal;
    case SerPickle:
        return pyro::Serializer::Pickle;
    case SerDill:
        return pyro::Serializer::Dill;
    case SerMsgpack:
        return pyro::Serializer::Msgpack;
    case SerCloudpickle:
        return pyro::Serializer::Cloudpickle;
    case SerPing:
        return pyro::Serializer::Ping;
    default:
        return pyro::Serializer::Unknown;
    }
}

quint16 serializerId(pyro::Serializer serializer)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
        return SerSerpent;
    case pyro::Serializer::Json:
        return SerJson;
    case pyro::Serializer::Marshal:
        return SerMarshal;
    case pyro::Serializer::Pickle:
        return SerPickle;
    case pyro::Serializer::Dill:
        return SerDill;
    case pyro::Serializer::Msgpack:
        return SerMsgpack;
    case pyro::Serializer::Cloudpickle:
        return SerCloudpickle;
    case pyro::Serializer::Ping:
        return SerPing;
    default:
        return 0;
    }
}

QString flagName(quint16 bit)
{
    switch (bit) {
    case FlagException:
        return QStringLiteral("EXCEPTION");
    case FlagCompressed:
        return QStringLiteral("COMPRESSED");
    case FlagOneway:
        return QStringLiteral("ONEWAY");
    case FlagBatch:
        return QStringLiteral("BATCH");
    case FlagMetaOnConnect:
        return QStringLiteral("META_ON_CONNECT");
    case FlagItemStreamResult:
        return QStringLiteral("ITEMSTREAMRESULT");
    case FlagKeepSerialized:
        return QStringLiteral("KEEPSERIALIZED");
    default:
        return QStringLiteral("0x%1").arg(bit, 4, 16, QLatin1Char('0'));
    }
}

QString flagNames(quint16 flags)
{
    QStringList names;
    for (int i = 0; i < 16; ++i) {
        if (flags & (1u << i))
            names << flagName(static_cast<quint16>(1u << i));
    }
    return names.isEmpty() ? QStringLiteral("none") : names.join(QLatin1Char('|'));
}

} // namespace pyro4

std::optional<Pyro4Header> Pyro4Header::read(QByteArrayView bytes)
{
    if (bytes.size() < kSize)
        return std::nullopt;
    ByteCursor in(bytes);
    Pyro4Header h;
    const QByteArrayView m = in.bytes(4);
    std::copy(m.begin(), m.end(), h.magic);
    h.version = in.u16be();
    h.type = in.u16be();
    h.flags = in.u16be();
    h.seq = in.u16be();
    h.dataSize = in.i32be();
    h.serializerId = in.u16be();
    h.annotationsSize = in.u16be();
    h.reserved = in.u16be();
    h.checksum = in.u16be();
    return h;
}

bool Pyro4Header::isValidAt(QByteArrayView bytes)
{
    if (bytes.size() < kSize || !bytes.startsWith("PYRO") || bytes[4] != 0 || bytes[5] != char(kVersion))
        return false;
    const auto h = read(bytes);
    return h && h->checksumValid();
}

quint16 Pyro4Header::expectedChecksum() const
{
    // Python adds the fields as unbounded ints before masking; a negative data size wraps the same way in 64 bits.
    const qint64 sum
        = qint64(type) + version + qint64(dataSize) + annotationsSize + serializerId + flags + seq + kChecksumMagic;
    return static_cast<quint16>(sum & 0xFFFF);
}

QByteArray Pyro4Header::toBytes() const
{
    QByteArray out(kSize, '\0');
    char* p = out.data();
    std::copy(magic, magic + 4, p);
    qToBigEndian<quint16>(version, p + 4);
    qToBigEndian<quint16>(type, p + 6);
    qToBigEndian<quint16>(flags, p + 8);
    qToBigEndian<quint16>(seq, p + 10);
    qToBigEndian<qint32>(dataSize, p + 12);
    qToBigEndian<quint16>(serializerId, p + 16);
    qToBigEndian<quint16>(annotationsSize, p + 18);
    qToBigEndian<quint16>(reserved, p + 20);
    qToBigEndian<quint16>(expectedChecksum(), p + 22);
    return out;
}

PyroFrame Pyro4Header::frame() const
{
    PyroFrame f;
    f.version = 4;
    f.type = type;
    f.seq = seq;
    f.flags = flags;
    f.serializerId = serializerId;
    f.serializer = pyro4::serializerFor(serializerId);
    f.headerSize = kSize;
    f.annotationsSize = annotationsSize;
    f.dataSize = dataSize;
    f.exception = flags & pyro4::FlagException;
    f.compressed = flags & pyro4::FlagCompressed;
    f.oneway = flags & pyro4::FlagOneway;
    f.batch = flags & pyro4::FlagBatch;
    f.itemStream = flags & pyro4::FlagItemStreamResult;
    f.keepSerialized = flags & pyro4::FlagKeepSerialized;
    return f;
}

namespace {
QString hex4(quint16 v)
{
    return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0'));
}

QString flagMeaning(quint16 bit)
{
    using namespace pyro4;
    switch (bit) {
    case FlagException:
        return QStringLiteral("The RESULT payload is a serialized exception raised by the remote method.");
    case FlagCompressed:
        return QStringLiteral("The payload is zlib-compressed (the annotations are not).");
    case FlagOneway:
        return QStringLiteral("A oneway call: the daemon sends no RESULT back, not even on error.");
    case FlagBatch:
        return QStringLiteral("A batch: the INVOKE carries a list of calls and the RESULT a list of results.");
    case FlagMetaOnConnect:
        return QStringLiteral("The client asks for the object's metadata (methods, oneway, attrs) in CONNECTOK.");
    case FlagItemStreamResult:
        return QStringLiteral("The result is an iterator streamed item by item (stream id in STRM).");
    case FlagKeepSerialized:
        return QStringLiteral("The payload is an opaque blob passed through unchanged; the target is in BLBI.");
    default:
        return QStringLiteral("A flag bit Pyro4 does not define.");
    }
}
} // namespace

void Pyro4Header::addTree(DecodeNode& parent, qint64 offset) const
{
    DecodeNode& h = parent.add(QStringLiteral("header"), QStringLiteral("header"),
                               QStringLiteral("%1 seq %2").arg(pyro4::messageTypeName(type)).arg(seq), offset, kSize,
                               QStringLiteral("Pyro4's fixed 24-byte header: every integer big-endian."));
    const QString magicText = QString::fromLatin1(QByteArrayView(magic, 4).toByteArray().toHex(' ')).toUpper();
    h.add(QStringLiteral("header.magic"), QStringLiteral("bytes"),
          hasMagic() ? QStringLiteral("\"PYRO\"") : QStringLiteral("%1").arg(magicText), offset, 4,
          QStringLiteral("The four ASCII letters PYRO that start every Pyro message."));
    h.add(QStringLiteral("header.version"), QStringLiteral("u16"), QString::number(version), offset + 4, 2,
          QStringLiteral("Protocol version: 48 for Pyro4 (Pyro5 uses 502 and another header)."));
    h.add(QStringLiteral("header.type"), QStringLiteral("u16"),
          QStringLiteral("%1 (%2)").arg(type).arg(pyro4::messageTypeName(type)), offset + 6, 2,
          QStringLiteral("Message type: 1 CONNECT, 2 CONNECTOK, 3 CONNECTFAIL, 4 INVOKE, 5 RESULT, 6 PING."));
    DecodeNode& f = h.add(QStringLiteral("header.flags"), QStringLiteral("u16"),
                          QStringLiteral("%1 (%2)").arg(hex4(flags), pyro4::flagNames(flags)), offset + 8, 2,
                          QStringLiteral("Bit flags saying how to read this message; each bit is listed below."));
    for (int i = 0; i < 16; ++i) {
        const quint16 bit = static_cast<quint16>(1u << i);
        if (i >= 7 && !(flags & bit))
            continue; // bits Pyro4 does not define are listed only when set
        f.add(QStringLiteral("flags.") + pyro4::flagName(bit).toLower(), QStringLiteral("bit"),
              (flags & bit) ? QStringLiteral("1 (set)") : QStringLiteral("0"), offset + 8, 2, flagMeaning(bit));
    }
    h.add(QStringLiteral("header.seq"), QStringLiteral("u16"), QString::number(seq), offset + 10, 2,
          QStringLiteral("Sequence number: the reply carries its request's number (it wraps at 65536)."));
    h.add(QStringLiteral("header.dataSize"), QStringLiteral("i32"), QString::number(dataSize), offset + 12, 4,
          QStringLiteral("Payload size in bytes, after the annotations (signed; at most 2 GiB)."));
    h.add(QStringLiteral("header.serializer"), QStringLiteral("u16"),
          QStringLiteral("%1 (%2)").arg(serializerId).arg(pyro4::serializerName(serializerId)), offset + 16, 2,
          QStringLiteral("Which serializer wrote the payload: 1 serpent, 2 json, 3 marshal, 4 pickle, 6 msgpack..."));
    h.add(QStringLiteral("header.annotationsSize"), QStringLiteral("u16"), QString::number(annotationsSize),
          offset + 18, 2, QStringLiteral("Total size of the annotation chunks that follow the header."));
    h.add(QStringLiteral("header.reserved"), QStringLiteral("u16"), QString::number(reserved), offset + 20, 2,
          QStringLiteral("Reserved, always 0."));
    const bool ok = checksumValid();
    const std::vector<Problem> found = problems(offset);
    h.add(QStringLiteral("header.checksum"), QStringLiteral("u16"),
          ok ? QStringLiteral("%1 (valid)").arg(hex4(checksum))
             : QStringLiteral("%1 (expected %2)").arg(hex4(checksum), hex4(expectedChecksum())),
          offset + 22, 2,
          QStringLiteral("Sum of type, version, sizes, serializer, flags and seq plus 0x34E9, masked to 16 bits: "
                         "guards against reading random bytes as a header."));
    for (const Problem& p : found)
        h.addError(p.text, p.offset, 2);
}

std::vector<Problem> Pyro4Header::problems(qint64 offset) const
{
    std::vector<Problem> found;
    if (!hasMagic())
        found.push_back({QStringLiteral("wrong magic: the message does not start with \"PYRO\""), offset});
    if (version != kVersion)
        found.push_back({QStringLiteral("unsupported protocol version %1 (Pyro4 is 48)").arg(version), offset + 4});
    if (dataSize < 0)
        found.push_back({QStringLiteral("negative data size %1").arg(dataSize), offset + 12});
    if (!checksumValid())
        found.push_back(
            {QStringLiteral("header checksum mismatch: %1, expected %2").arg(hex4(checksum), hex4(expectedChecksum())),
             offset + 22});
    return found;
}

} // namespace rpcscope
