#pragma once

#include "client/composedcall.h"
#include "result.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// A named request saved by the composer.
struct NamedCall
{
    QString name;
    ComposedCall call;
};

/// Collections of named requests, saved as JSON next to the user's data:
/// `{"format": "rpcscope-collection", "version": 1, "requests": [{"name", "endpoint", "method", "serializer",
/// "timeoutMs", "params": [typed value…], "kwargs": {…}, "rawBody"}]}` where a typed value is
/// `{"type": "int"|"i8"|"boolean"|"double"|"string"|"base64"|"dateTime"|"nil"|"bigint"|"array"|"struct", "value": …}`
/// so that every XML-RPC type survives the round trip (base64 as base64 text, struct members in order).
namespace callcollection {

QByteArray toJson(const std::vector<NamedCall>& calls);
/// The requests in `json`, or what is wrong with it (naming the request and the value).
Result<std::vector<NamedCall>> fromJson(const QByteArray& json);

Status save(const QString& path, const std::vector<NamedCall>& calls);
Result<std::vector<NamedCall>> load(const QString& path);

} // namespace callcollection

} // namespace rpcscope
