#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Splits a Pyro4 connection into messages: 24-byte header, then annotations and payload of the sizes it names.
/// Message starts are recognised by "PYRO", version 48 and a header checksum that adds up (the magic alone also
/// occurs inside payloads). Pyro5 headers (version 502, 40 bytes) are framed too so that they can be reported.
class Pyro4Framer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override;
    qint64 resync(Direction dir, QByteArrayView pending) override;

    /// The offset of the first plausible message start in `bytes` (Pyro4 with a valid checksum, or Pyro5 with its
    /// magic), or -1.
    static qint64 findMessageStart(QByteArrayView bytes);
    /// True if a Pyro5 header starts `bytes` (version 502 and 0x4DC5 at offset 38).
    static bool isPyro5At(QByteArrayView bytes);

    static constexpr int kPyro5HeaderSize = 40;
    static constexpr quint16 kPyro5Version = 502;
};

} // namespace rpcscope
