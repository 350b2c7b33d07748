#pragma once

#include "xmlrpc/xmlrpcreadsession.h"

namespace rpcscope::xmlrpc {

/// Reads one `<value>` element: a typed child (`int`, `struct`, `ex:i8`...) or bare text (a string). With `node`
/// (the value's own tree node, already added), sets its type and displayed value and adds the type element under
/// it. `depth` counts the values around this one; past `DecodeLimits::maxDepth` nothing deeper is read.
RpcValue readValue(ReadSession& session, pugi::xml_node value, DecodeNode* node, int depth);

} // namespace rpcscope::xmlrpc
