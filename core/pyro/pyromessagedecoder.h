#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Decodes one Pyro message of either protocol version, as its own header says: version 48 at offset 4 is Pyro4
/// (24-byte header), 502 or 501 Pyro5 (40 or 38 bytes). A connection can carry both (a Pyro5 client refused by a
/// Pyro4 daemon gets a Pyro4 CONNECTFAIL), so both decoders decode every frame this way. The header is shown field
/// by field, then the annotations and the payload (inflated when compressed, read by the serializer the header
/// names in its version's numbering), and the meaning of it all becomes the message's call fields (PyroSemantics).
class PyroMessageDecoder
{
public:
    /// `defaultVersion` (4 or 5) is used when the bytes are too few to say.
    static DecodedMessage decode(const QByteArray& bytes, const DecodeContext& context, int defaultVersion);
};

} // namespace rpcscope
