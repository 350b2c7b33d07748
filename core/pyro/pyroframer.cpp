#include "pyroframer.h"

#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"

#include <QtEndian>

namespace rpcscope {

namespace {
// Where the bytes after a damaged message may start again: the next valid header, else a "PYRO" (or the start of
// one) too close to the end to be checked yet, else the end of what we have.
qint64 nextStartOrTail(QByteArrayView bytes)
{
    const qint64 at = PyroFramer::findMessageStart(bytes);
    if (at >= 0)
        return at;
    const QByteArrayView magic("PYRO");
    for (qsizetype i = std::max<qsizetype>(0, bytes.size() - PyroFramer::kMaxHeaderSize + 1); i < bytes.size(); ++i) {
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

FrameCut cutPyro5(QByteArrayView pending, qint64 maxBytes)
{
    const std::optional<Pyro5Header> h = Pyro5Header::read(pending);
    if (!h)
        return FrameCut::needMore();
    const qint64 total = h->frameLength();
    if (h->magic != Pyro5Header::kMagic) {
        // In a stream that was in step, a wrong magic number is most likely a damaged header: framed by its sizes
        // so the decoder can show it, unless those sizes are implausible too.
        if (total > maxBytes)
            return skipToNextStart(pending, QStringLiteral("a Pyro5 header without its magic 0x4DC5"));
    }
    if (total > maxBytes) {
        // Skipped without buffering it: the pipeline discards the bytes as they arrive.
        return FrameCut::skip(total,
                              QStringLiteral("Pyro5 message of %1 bytes (data size %2, annotations %3) "
                                             "exceeds the limit of %4 bytes")
                                  .arg(total)
                                  .arg(h->dataSize)
                                  .arg(h->annotationsSize)
                                  .arg(maxBytes));
    }
    return pending.size() >= total ? FrameCut::message(total) : FrameCut::needMore();
}

FrameCut cutPyro4(QByteArrayView pending, qint64 maxBytes)
{
    if (pending.size() < Pyro4Header::kSize)
        return FrameCut::needMore();
    const Pyro4Header h = *Pyro4Header::read(pending);
    if (h.dataSize < 0)
        return skipToNextStart(pending, QStringLiteral("Pyro4 header with negative data size %1").arg(h.dataSize));
    const qint64 total = h.frameLength();
    if (!h.checksumValid()) {
        // As for Pyro5's magic: framed by its sizes when they are plausible.
        if (total > maxBytes)
            return skipToNextStart(pending, QStringLiteral("Pyro4 header with a bad checksum and an implausible size"));
    }
    if (total > maxBytes) {
        return FrameCut::skip(total,
                              QStringLiteral("Pyro4 message of %1 bytes (data size %2) exceeds the limit of "
                                             "%3 bytes")
                                  .arg(total)
                                  .arg(h.dataSize)
                                  .arg(maxBytes));
    }
    return pending.size() >= total ? FrameCut::message(total) : FrameCut::needMore();
}
} // namespace

qint64 PyroFramer::findMessageStart(QByteArrayView bytes)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = bytes.indexOf("PYRO", from);
        if (at < 0)
            return -1;
        const QByteArrayView rest = bytes.sliced(at);
        if (Pyro4Header::isValidAt(rest) || Pyro5Header::isValidAt(rest))
            return at;
        from = at + 1;
    }
}

FrameCut PyroFramer::cut(Direction, QByteArrayView pending, const FrameHints& hints)
{
    if (pending.size() < 6) {
        if (!QByteArrayView("PYRO").startsWith(pending.first(std::min<qsizetype>(4, pending.size()))))
            return skipToNextStart(pending, QStringLiteral("bytes that are not a Pyro message"));
        return FrameCut::needMore();
    }
    if (!pending.startsWith("PYRO"))
        return skipToNextStart(pending, QStringLiteral("bytes that are not a Pyro message"));
    const qint64 maxBytes = hints.limits ? hints.limits->maxMessageBytes : DecodeLimits {}.maxMessageBytes;
    if (Pyro5Header::hasPyro5Version(pending))
        return cutPyro5(pending, maxBytes);
    const quint16 version = qFromBigEndian<quint16>(pending.data() + 4);
    if (version != Pyro4Header::kVersion)
        return skipToNextStart(pending, QStringLiteral("\"PYRO\" with unsupported protocol version %1").arg(version));
    return cutPyro4(pending, maxBytes);
}

qint64 PyroFramer::resync(Direction, QByteArrayView pending)
{
    return findMessageStart(pending);
}

} // namespace rpcscope
