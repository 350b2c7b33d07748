// The one table of protocol decoders. Adding a protocol = one line here (see HACKING.md).
#include "decoderregistry.h"
#include "jrmp/jrmpdecoder.h"
#include "pyro4/pyro4decoder.h"
#include "tls/tlsdecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"

namespace rpcscope {

DecoderRegistry DecoderRegistry::withBuiltins()
{
    DecoderRegistry registry;
    registry.add(std::make_shared<XmlRpcDecoder>());
    registry.add(std::make_shared<Pyro4Decoder>());
    registry.add(std::make_shared<JrmpDecoder>());
    registry.add(std::make_shared<TlsDecoder>());
    return registry;
}

} // namespace rpcscope
