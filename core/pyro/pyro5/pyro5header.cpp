#include "pyro5header.h"

#include "bytecursor.h"
#include "pyro/pyroannotations.h"

#include <QStringList>
#include <QtEndian>

namespace rpcscope {

namespace pyro5 {

pyro::Serializer serializerFor(quint16 id)
{
    switch (id) {
    case SerSerpent:
        return pyro::Serializer::Serpent;
    case SerMarshal:
        return pyro::Serializer::Marshal;
    case SerJson:
        return pyro::Serializer::Json;
    case SerMsgpack:
        return pyro::Serializer::Msgpack;
    case SerPing:
        return pyro::Serializer::Ping;
    default:
        return pyro::Serializer::Unknown;
    }
}

quint8 serializerId(pyro::Serializer serializer)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
        return SerSerpent;
    case pyro::Serializer::Marshal:
        return SerMarshal;
    case pyro::Serializer::Json:
        return SerJson;
    case pyro::Serializer::Msgpack:
        return SerMsgpack;
    case pyro::Serializer::Ping:
        return SerPing;
    default:
        return 0;
    }
}

QString serializerName(quint16 id)
{
    const pyro::Serializer s = serializerFor(id);
    return s == pyro::Serializer::Unknown ? QStringLiteral("serializer %1").arg(id) : pyro::serializerName(s);
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
    case FlagItemStreamResult:
        return QStringLiteral("ITEMSTREAMRESULT");
    case FlagKeepSerialized:
        return QStringLiteral("KEEPSERIALIZED");
    case FlagCorrelationId:
        return QStringLiteral("CORR_ID");
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

} // namespace pyro5

bool Pyro5Header::hasPyro5Version(QByteArrayView bytes)
{
    if (bytes.size() < 6)
        return false;
    const quint16 version = qFromBigEndian<quint16>(bytes.data() + 4);
    return version == kVersion || version == kVersion501;
}

std::optional<Pyro5Header> Pyro5Header::read(QByteArrayView bytes)
{
    if (bytes.size() < 6)
        return std::nullopt;
    Pyro5Header h;
    h.version = qFromBigEndian<quint16>(bytes.data() + 4);
    if (bytes.size() < h.size())
        return std::nullopt;
    ByteCursor in(bytes);
    const QByteArrayView t = in.bytes(4);
    std::copy(t.begin(), t.end(), h.tag);
    in.skip(2);
    h.type = in.u8();
    h.serializerId = in.u8();
    h.flags = in.u16be();
    h.seq = in.u16be();
    h.dataSize = in.u32be();
    // Protocol 501 had a 16-bit annotations size, which moved everything after it two bytes up.
    h.annotationsSize = h.version == kVersion501 ? in.u16be() : in.u32be();
    h.correlationId = in.bytes(16).toByteArray();
    h.reserved = in.u16be();
    h.magic = in.u16be();
    return h;
}

bool Pyro5Header::isValidAt(QByteArrayView bytes)
{
    if (!bytes.startsWith("PYRO") || !hasPyro5Version(bytes))
        return false;
    const auto h = read(bytes);
    return h && h->magic == kMagic;
}

QByteArray Pyro5Header::toBytes() const
{
    QByteArray out(kSize, '\0');
    char* p = out.data();
    std::copy(tag, tag + 4, p);
    qToBigEndian<quint16>(version, p + 4);
    p[6] = static_cast<char>(type);
    p[7] = static_cast<char>(serializerId);
    qToBigEndian<quint16>(flags, p + 8);
    qToBigEndian<quint16>(seq, p + 10);
    qToBigEndian<quint32>(dataSize, p + 12);
    qToBigEndian<quint32>(annotationsSize, p + 16);
    std::copy_n(correlationId.constData(), std::min<qsizetype>(16, correlationId.size()), p + 20);
    qToBigEndian<quint16>(reserved, p + 36);
    qToBigEndian<quint16>(magic, p + 38);
    return out;
}

PyroFrame Pyro5Header::frame() const
{
    PyroFrame f;
    f.version = 5;
    f.type = type;
    f.seq = seq;
    f.flags = flags;
    f.serializerId = serializerId;
    f.serializer = pyro5::serializerFor(serializerId);
    f.headerSize = size();
    f.annotationsSize = annotationsSize;
    f.dataSize = dataSize;
    f.exception = flags & pyro5::FlagException;
    f.compressed = flags & pyro5::FlagCompressed;
    f.oneway = flags & pyro5::FlagOneway;
    f.batch = flags & pyro5::FlagBatch;
    f.itemStream = flags & pyro5::FlagItemStreamResult;
    f.keepSerialized = flags & pyro5::FlagKeepSerialized;
    if (correlationIdSet())
        f.correlationId = correlationId;
    return f;
}

std::vector<Problem> Pyro5Header::problems(qint64 offset) const
{
    std::vector<Problem> found;
    if (!hasTag())
        found.push_back({QStringLiteral("wrong magic: the message does not start with \"PYRO\""), offset});
    if (version != kVersion && version != kVersion501)
        found.push_back({QStringLiteral("unsupported protocol version %1 (Pyro5 is 502)").arg(version), offset + 4});
    if (magic != kMagic) {
        found.push_back({QStringLiteral("wrong magic number 0x%1 at the end of the header (Pyro5 writes 0x4dc5)")
                             .arg(magic, 4, 16, QLatin1Char('0')),
                         offset + size() - 2});
    }
    return found;
}

namespace {
QString hex4(quint16 v)
{
    return QStringLiteral("0x%1").arg(v, 4, 16, QLatin1Char('0'));
}

QString flagMeaning(quint16 bit)
{
    using namespace pyro5;
    switch (bit) {
    case FlagException:
        return QStringLiteral("The RESULT payload is a serialized exception raised by the remote method.");
    case FlagCompressed:
        return QStringLiteral("The payload is zlib-compressed (the annotations are not).");
    case FlagOneway:
        return QStringLiteral("A oneway call: the daemon sends no RESULT back, not even on error.");
    case FlagBatch:
        return QStringLiteral("A batch: the INVOKE carries a list of calls and the RESULT a list of results.");
    case FlagItemStreamResult:
        return QStringLiteral("The result is an iterator streamed item by item (stream id in STRM); Pyro4 used "
                              "bit 0x20 for this.");
    case FlagKeepSerialized:
        return QStringLiteral("The payload is an opaque blob passed through unchanged; the target is in BLBI. Pyro4 "
                              "used bit 0x40 for this.");
    case FlagCorrelationId:
        return QStringLiteral("The header's correlation id is set (Pyro4 sent it as a CORR annotation).");
    default:
        return QStringLiteral("A flag bit Pyro5 does not define.");
    }
}
} // namespace

void Pyro5Header::addTree(DecodeNode& parent, qint64 offset) const
{
    const bool v501 = version == kVersion501;
    DecodeNode& h = parent.add(QStringLiteral("header"), QStringLiteral("header"),
                               QStringLiteral("%1 seq %2").arg(pyro::messageTypeName(type)).arg(seq), offset, size(),
                               v501 ? QStringLiteral("Pyro5's fixed header as protocol 501 (Pyro5 5.0 and 5.1) wrote "
                                                     "it: 38 bytes, big-endian, a 16-bit annotations size.")
                                    : QStringLiteral("Pyro5's fixed 40-byte header: every integer big-endian, the "
                                                     "magic number 0x4DC5 at its end instead of a checksum."));
    const QString tagText = QString::fromLatin1(QByteArrayView(tag, 4).toByteArray().toHex(' ')).toUpper();
    h.add(QStringLiteral("header.magic"), QStringLiteral("bytes"), hasTag() ? QStringLiteral("\"PYRO\"") : tagText,
          offset, 4, QStringLiteral("The four ASCII letters PYRO that start every Pyro message."));
    h.add(QStringLiteral("header.version"), QStringLiteral("u16"), QString::number(version), offset + 4, 2,
          QStringLiteral("Protocol version: 502 for Pyro5 (501 in 5.0-5.1; Pyro4 is 48, with another header)."));
    h.add(QStringLiteral("header.type"), QStringLiteral("u8"),
          QStringLiteral("%1 (%2)").arg(type).arg(pyro::messageTypeName(type)), offset + 6, 1,
          QStringLiteral("Message type: 1 CONNECT, 2 CONNECTOK, 3 CONNECTFAIL, 4 INVOKE, 5 RESULT, 6 PING."));
    h.add(QStringLiteral("header.serializer"), QStringLiteral("u8"),
          QStringLiteral("%1 (%2)").arg(serializerId).arg(pyro5::serializerName(serializerId)), offset + 7, 1,
          QStringLiteral("Which serializer wrote the payload: 1 serpent, 2 marshal, 3 json, 4 msgpack (Pyro4 numbers "
                         "them differently); 42 for PING."));
    DecodeNode& f = h.add(QStringLiteral("header.flags"), QStringLiteral("u16"),
                          QStringLiteral("%1 (%2)").arg(hex4(flags), pyro5::flagNames(flags)), offset + 8, 2,
                          QStringLiteral("Bit flags saying how to read this message; each bit is listed below."));
    for (int i = 0; i < 16; ++i) {
        const quint16 bit = static_cast<quint16>(1u << i);
        if (i >= 7 && !(flags & bit))
            continue; // bits Pyro5 does not define are listed only when set
        f.add(QStringLiteral("flags.") + pyro5::flagName(bit).toLower(), QStringLiteral("bit"),
              (flags & bit) ? QStringLiteral("1 (set)") : QStringLiteral("0"), offset + 8, 2, flagMeaning(bit));
    }
    h.add(QStringLiteral("header.seq"), QStringLiteral("u16"), QString::number(seq), offset + 10, 2,
          QStringLiteral("Sequence number: the reply carries its request's number (it wraps at 65536)."));
    h.add(QStringLiteral("header.dataSize"), QStringLiteral("u32"), QString::number(dataSize), offset + 12, 4,
          QStringLiteral("Payload size in bytes, after the annotations (as sent: compressed when flagged)."));
    const int annSize = v501 ? 2 : 4;
    h.add(QStringLiteral("header.annotationsSize"), v501 ? QStringLiteral("u16") : QStringLiteral("u32"),
          QString::number(annotationsSize), offset + 16, annSize,
          QStringLiteral("Total size of the annotation chunks that follow the header, chunk headers included."));
    const qint64 corrAt = offset + 16 + annSize;
    h.add(QStringLiteral("header.correlationId"), QStringLiteral("uuid"),
          correlationIdSet() ? PyroAnnotations::uuidText(correlationId)
                             : QStringLiteral("%1 (not set)").arg(PyroAnnotations::uuidText(correlationId)),
          corrAt, 16,
          QStringLiteral("Correlation id (a UUID) that ties the messages of one request chain together; valid when "
                         "flag CORR_ID is set. A daemon sets it on every reply."));
    h.add(QStringLiteral("header.reserved"), QStringLiteral("u16"), QString::number(reserved), corrAt + 16, 2,
          QStringLiteral("Reserved, written as 0 and never checked."));
    h.add(QStringLiteral("header.magicNumber"), QStringLiteral("u16"),
          magic == kMagic ? QStringLiteral("%1 (valid)").arg(hex4(magic))
                          : QStringLiteral("%1 (expected 0x4dc5)").arg(hex4(magic)),
          corrAt + 18, 2,
          QStringLiteral("The magic number 0x4DC5 that ends the header: Pyro5's guard against reading random bytes "
                         "as a header (there is no checksum)."));
    for (const Problem& p : problems(offset))
        h.addError(p.text, p.offset, 2);
}

} // namespace rpcscope
