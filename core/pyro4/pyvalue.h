#pragma once

#include "decodelimits.h"
#include "decodenode.h"
#include "rpcvalue.h"

#include <QString>

#include <algorithm>

namespace rpcscope {

/// What a Pyro4 payload reader (serpent, json, marshal, pickle, msgpack) produces: the value, or where and why it
/// stopped. Readers are pure functions of the bytes; when given a tree node they add their nodes (each value with
/// its byte range in the payload's buffer) and put an error node where reading stopped.
struct PyReadResult
{
    RpcValue value;
    QString error;
    qint64 errorOffset = -1;
    bool ok() const { return error.isEmpty(); }
};

/// The vocabulary shared by the Python-value readers: how values are labelled and shown in trees.
namespace pyvalue {

/// `limits` with maxDepth bounded by kStackSafeDepth; every reader runs under these.
inline DecodeLimits stackSafe(const DecodeLimits& limits)
{
    DecodeLimits bounded = limits;
    bounded.maxDepth = std::min(bounded.maxDepth, kStackSafeDepth);
    return bounded;
}

/// Type label of a Python value in trees: "str", "int", "float", "bool", "None", "bytes", "tuple", "list", "set",
/// "dict", "complex", or the class name of a dict that carries "__class__".
QString typeLabel(const RpcValue& value);
/// A node's value text: scalars as shown in lists, containers as "N items".
QString nodeValue(const RpcValue& value);
/// The name a dict member gets: the key itself for str keys, its Python repr for any other key.
QString keyText(const RpcValue& key);
/// Tags a dict that names its class ("__class__": "builtins.ValueError") with that class, as Pyro's serializers do
/// for exceptions, URIs, proxies and objects; returns the struct.
RpcValue classDict(RpcStruct members);
/// Marks the node of a value that reading stopped inside: it spans up to `end` and keeps what was read of it.
void markIncomplete(DecodeNode& node, qint64 end);
/// Fills a node created for a value once the value is known.
void finishNode(DecodeNode& node, const RpcValue& value, qint64 end, const QString& description);

} // namespace pyvalue

} // namespace rpcscope
