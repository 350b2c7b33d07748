#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QString>

namespace rpcscope {

/// Reads a command-line argument as a typed value: `3` int (beyond 64 bits a big integer), `3.5`/`1e3` double,
/// `true`/`false` bool, `null` nil, a JSON array or object (`[1,"a"]`, `{"k":2}`) as an array or struct (their
/// numbers typed the same way), anything else a string. With `forceString` the text is always a string.
/// Fails only for text that starts like JSON (`[` or `{`) but is not valid JSON.
Result<RpcValue> parseArgumentLiteral(const QString& text, bool forceString = false);

} // namespace rpcscope
