#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QString>

namespace rpcscope {

/// Reads a command-line argument as a typed value: `3` int (beyond 64 bits a big integer), `3.5`/`1e3` double,
/// `true`/`false` bool, `null` nil, a JSON array or object (`[1,"a"]`, `{"k":2}`) as an array or struct (their
/// numbers typed the same way: `2.0` and `-0.0` are doubles; members in order), anything else a string. RpcScope's
/// own JSON forms read back as what they stand for: `{"decimal":"1.10"}`, `{"double":"NaN"}`, `{"base64":"AGk="}`,
/// `{"datetime":"20240102T03:04:05"}`, `{"map":[[1,"a"]]}`. With `forceString` the text is always a string.
/// Fails for text that starts like JSON (`[` or `{`) but is not valid JSON, and for a malformed tagged form.
Result<RpcValue> parseArgumentLiteral(const QString& text, bool forceString = false);

} // namespace rpcscope
