#include "pyro4framer.h"

#include "pyro4header.h"

#include <QtEndian>

namespace rpcscope {

namespace {
// Where the bytes after a damaged message may start again: the next valid header, else a "PYRO" (or the start of
// one) too close to the end to be checked yet, else the end of what we have.
qint64 nextStartOrTail(QByteArrayView bytes)
{
    const qint64 at = Pyro4Framer::findMessageStart(bytes);
    if (at >= 0)
        return at;
    const QByteArrayView magic("PYRO");
    for (qsizetype i = std::max<qsizetype>(0, bytes.size() - Pyro4Framer::kPyro5HeaderSize + 1); i < bytes.size();
         ++i) {
        const QByteArrayView rest = bytes.sliced(i);
        if (magic.startsWith(rest.first(std::min<qsizetype>(4, rest.size()))))
            return i;
    }
    return bytes.size();
}

FrameCut skipToNextStart(QByteArrayView pending, const QString& reason)
{
    return FrameCut::skip(nextStartOrTail(pending.sliced(1)) + 1, reason);
}
} // namespace

bool Pyro4Framer::isPyro5At(QByteArrayView bytes)
{
    return bytes.size() >= kPyro5HeaderSize && bytes.startsWith("PYRO")
        && qFromBigEndian<quint16>(bytes.data() + 4) == kPyro5Version
        && qFromBigEndian<quint16>(bytes.data() + 38) == 0x4DC5;
}

qint64 Pyro4Framer::findMessageStart(QByteArrayView bytes)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = bytes.indexOf("PYRO", from);
        if (at < 0)
            return -1;
        const QByteArrayView rest = bytes.sliced(at);
        if (Pyro4Header::isValidAt(rest) || isPyro5At(rest))
            return at;
        from = at + 1;
    }
}

FrameCut Pyro4Framer::cut(Direction, QByteArrayView pending, const FrameHints& hints)
{
    if (pending.size() < 6) {
        if (!QByteArrayView("PYRO").startsWith(pending.first(std::min<qsizetype>(4, pending.size()))))
            return skipToNextStart(pending, QStringLiteral("bytes that are not a Pyro4 message"));
        return FrameCut::needMore();
    }
    if (!pending.startsWith("PYRO"))
        return skipToNextStart(pending, QStringLiteral("bytes that are not a Pyro4 message"));
    const quint16 version = qFromBigEndian<quint16>(pending.data() + 4);
    const qint64 maxBytes = hints.limits ? hints.limits->maxMessageBytes : DecodeLimits {}.maxMessageBytes;
    if (version == kPyro5Version) {
        if (pending.size() < kPyro5HeaderSize)
            return FrameCut::needMore();
        if (!isPyro5At(pending))
            return skipToNextStart(pending, QStringLiteral("a Pyro5 header without its magic 0x4DC5"));
        const qint64 total = kPyro5HeaderSize + qint64(qFromBigEndian<quint32>(pending.data() + 12))
            + qint64(qFromBigEndian<quint32>(pending.data() + 16));
        if (total > maxBytes)
            return FrameCut::skip(
                total,
                QStringLiteral("Pyro5 message of %1 bytes exceeds the limit of %2 bytes").arg(total).arg(maxBytes));
        return pending.size() >= total ? FrameCut::message(total) : FrameCut::needMore();
    }
    if (version != Pyro4Header::kVersion)
        return skipToNextStart(pending, QStringLiteral("\"PYRO\" with unsupported protocol version %1").arg(version));
    if (pending.size() < Pyro4Header::kSize)
        return FrameCut::needMore();
    const Pyro4Header h = *Pyro4Header::read(pending);
    if (h.dataSize < 0)
        return skipToNextStart(pending, QStringLiteral("Pyro4 header with negative data size %1").arg(h.dataSize));
    const qint64 total = h.frameLength();
    if (!h.checksumValid()) {
        // In a stream that was in step, a bad checksum is most likely a damaged header: framed by its sizes so the
        // decoder can show the mismatch, unless those sizes are implausible too.
        if (total > maxBytes)
            return skipToNextStart(pending, QStringLiteral("Pyro4 header with a bad checksum and an implausible size"));
    }
    if (total > maxBytes) {
        // Skipped without buffering it: the pipeline discards the bytes as they arrive.
        return FrameCut::skip(total,
                              QStringLiteral("Pyro4 message of %1 bytes (data size %2) exceeds the limit of "
                                             "%3 bytes")
                                  .arg(total)
                                  .arg(h.dataSize)
                                  .arg(maxBytes));
    }
    return pending.size() >= total ? FrameCut::message(total) : FrameCut::needMore();
}

qint64 Pyro4Framer::resync(Direction, QByteArrayView pending)
{
    return findMessageStart(pending);
}

} // namespace rpcscope
