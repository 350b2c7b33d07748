#include "pyroannotations.h"

#include "bytecursor.h"
#include "pyro/marshalreader.h"

#include <QtEndian>

namespace rpcscope {

PyroAnnotations::Parsed PyroAnnotations::read(QByteArrayView bytes, qint64 base, int version)
{
    Parsed out;
    ByteCursor in(bytes, base);
    const bool wide = version == 5;
    while (!in.atEnd()) {
        const qint64 at = in.pos();
        const QByteArrayView id = in.bytes(4);
        const quint32 length = wide ? in.u32be() : in.u16be();
        if (in.failed()) {
            out.error = QStringLiteral("annotation chunk header cut short: %1 bytes left of the annotations area")
                            .arg(bytes.size() - (at - base));
            out.errorOffset = at;
            return out;
        }
        const QByteArrayView value = in.bytes(length);
        if (in.failed()) {
            out.error = QStringLiteral("annotation %1 claims %2 bytes but only %3 are left in the annotations area")
                            .arg(QString::fromLatin1(id))
                            .arg(length)
                            .arg(in.remaining());
            out.errorOffset = at + 4;
            return out;
        }
        out.chunks.push_back({id.toByteArray(), value.toByteArray(), at});
    }
    return out;
}

QString PyroAnnotations::uuidText(QByteArrayView b)
{
    const QString hex = QString::fromLatin1(b.toByteArray().toHex());
    if (hex.size() != 32)
        return hex;
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) + QLatin1Char('-')
        + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
}

namespace {
bool printableAscii(QByteArrayView b)
{
    for (char c : b) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}
} // namespace

void PyroAnnotations::addTree(DecodeNode& parent, const Parsed& parsed, qint64 offset, qint64 size, int version,
                              const DecodeLimits& limits)
{
    const bool pyro5 = version == 5;
    const int lengthSize = lengthBytes(version);
    DecodeNode& area = parent.add(
        QStringLiteral("annotations"), QStringLiteral("annotations"),
        parsed.chunks.size() == 1 ? QStringLiteral("1 chunk") : QStringLiteral("%1 chunks").arg(parsed.chunks.size()),
        offset, size,
        pyro5 ? QStringLiteral("Annotation chunks: 4-letter id, 4-byte length, value. Pyro5 uses STRM and BLBI; "
                               "programs may add their own.")
              : QStringLiteral("Annotation chunks: 4-letter id, 2-byte length, value. Pyro uses CORR and HMAC; "
                               "programs may add their own."));
    for (const PyroAnnotation& a : parsed.chunks) {
        const QString id = QString::fromLatin1(a.id);
        QString type = QStringLiteral("bytes");
        QString value = QString::fromLatin1(a.value.left(64).toHex(' '));
        QString description = QStringLiteral("A program-defined annotation: Pyro passes it on untouched.");
        if (a.id == "CORR" && !pyro5) {
            type = QStringLiteral("uuid");
            value = uuidText(a.value);
            description = QStringLiteral("Correlation id (a UUID) that ties the messages of one request chain "
                                         "together across calls and servers.");
        } else if (a.id == "HMAC" && !pyro5) {
            type = QStringLiteral("hmac-sha1");
            value = QString::fromLatin1(a.value.toHex());
            description = QStringLiteral("HMAC-SHA1 over the payload and the other annotations (sorted by id), "
                                         "keyed with the shared secret; it cannot be checked without the key.");
        } else if (a.id == "STRM") {
            type = QStringLiteral("ascii");
            value = QString::fromLatin1(a.value);
            description = QStringLiteral("Stream id of an iterator result: the client fetches items with "
                                         "get_next_stream_item(id).");
        } else if (a.id == "BLBI") {
            type = QStringLiteral("marshal");
            value = QStringLiteral("%1 bytes").arg(a.value.size());
            description = QStringLiteral("Blob info for a KEEPSERIALIZED call: marshal of (blob info, object id, "
                                         "method name).");
        } else if (printableAscii(a.value) && !a.value.isEmpty()) {
            value += QStringLiteral("  \"%1\"").arg(QString::fromLatin1(a.value.left(64)));
        }
        const qint64 headerSize = 4 + lengthSize;
        DecodeNode& chunk
            = area.add(id, QStringLiteral("annotation"), value, a.offset, headerSize + a.value.size(), description);
        chunk.add(QStringLiteral("annotation.id"), QStringLiteral("ascii"), id, a.offset, 4,
                  QStringLiteral("Four ASCII characters naming the annotation."));
        chunk.add(QStringLiteral("annotation.length"), pyro5 ? QStringLiteral("u32") : QStringLiteral("u16"),
                  QString::number(a.value.size()), a.offset + 4, lengthSize,
                  QStringLiteral("Length of the value in bytes."));
        DecodeNode& v = chunk.add(QStringLiteral("annotation.value"), type, value, a.offset + headerSize,
                                  a.value.size(), description);
        if (a.id == "BLBI")
            MarshalReader::parse(a.value, a.offset + headerSize, limits, &v);
    }
    if (!parsed.error.isEmpty())
        area.addError(parsed.error, parsed.errorOffset);
}

QByteArray PyroAnnotations::write(const std::vector<std::pair<QByteArray, QByteArray>>& chunks, int version)
{
    QByteArray out;
    const bool wide = version == 5;
    const qsizetype maxValue = wide ? 0x7FFFFFFF : 0xFFFF;
    for (const auto& [id, value] : chunks) {
        out += id.leftJustified(4, ' ', true);
        const qsizetype n = std::min<qsizetype>(value.size(), maxValue);
        char len[4];
        if (wide) {
            qToBigEndian<quint32>(static_cast<quint32>(n), len);
            out.append(len, 4);
        } else {
            qToBigEndian<quint16>(static_cast<quint16>(n), len);
            out.append(len, 2);
        }
        out += value.left(n);
    }
    return out;
}

} // namespace rpcscope
