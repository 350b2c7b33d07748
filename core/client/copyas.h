#pragma once

#include "client/composedcall.h"
#include "result.h"

#include <QString>

namespace rpcscope {

/// "Copy as" for a composed call: text a user pastes into a shell or a Python file to send the same call.
namespace copyas {

/// `curl` command line POSTing the XML-RPC body (shell-quoted). XML-RPC calls only.
Result<QString> curl(const ComposedCall& call);
/// A Python 3 snippet using xmlrpc.client.ServerProxy. XML-RPC calls only.
Result<QString> pythonXmlRpc(const ComposedCall& call);
/// A Python 3 snippet using Pyro4.Proxy with the call's serializer. Pyro4 calls only.
Result<QString> pythonPyro4(const ComposedCall& call);
/// The raw HTTP request as it is sent. XML-RPC calls only.
Result<QString> rawHttp(const ComposedCall& call);

/// A Python literal for `value` (what the snippets pass as arguments).
QString pythonLiteral(const RpcValue& value);

} // namespace copyas

} // namespace rpcscope
