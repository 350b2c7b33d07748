#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Splits a Pyro connection into messages, whichever protocol version each one is (a connection can carry both):
/// Pyro4's 24-byte header or Pyro5's 40-byte one (38 bytes in protocol 501), then annotations and payload of the
/// sizes it names. Message starts are recognised by "PYRO" and the version, plus Pyro4's header checksum or Pyro5's
/// magic number (the tag alone also occurs inside payloads). A header whose check fails in a stream that was in
/// step is still framed by its sizes, when they are plausible, so that the decoder can show what is wrong.
class PyroFramer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override;
    qint64 resync(Direction dir, QByteArrayView pending) override;

    /// The offset of the first plausible message start in `bytes` (Pyro4 with a valid checksum, or Pyro5 with its
    /// magic), or -1.
    static qint64 findMessageStart(QByteArrayView bytes);
    /// The largest header of any version (Pyro5's 40 bytes).
    static constexpr int kMaxHeaderSize = 40;
};

} // namespace rpcscope
