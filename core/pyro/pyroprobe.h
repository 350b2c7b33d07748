#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Recognises a Pyro connection and its protocol version by the first message header of either direction (or, in a
/// capture that started mid-connection, the first one found anywhere): Pyro4Decoder claims the connections whose
/// first message is Pyro4, Pyro5Decoder those whose first message is Pyro5. The first message's type also says who
/// is the client (CONNECT, INVOKE and PING come from it).
class PyroProbe
{
public:
    /// The confidence that `input` is a connection of protocol `version` (4 or 5); 0 for the other version.
    static ProbeResult probe(const ProbeInput& input, int version);
};

} // namespace rpcscope
