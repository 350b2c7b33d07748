#pragma once

#include "decodelimits.h"
#include "decodenode.h"
#include "message.h"
#include "rpcvalue.h"

#include <QString>

#include <algorithm>
#include <vector>

namespace rpcscope {

/// What a Pyro4 payload reader (serpent, json, marshal, pickle, msgpack) produces: the value, or where and why it
/// stopped. Readers are pure functions of the bytes; when given a tree node they add their nodes (each value with
/// its byte range in the payload's buffer) and put an error node where reading stopped.
///
/// When reading stops, `value` keeps what was read before: containers hold the items read so far. A stop caused by
/// a limit (depth, value budget) is a cut, not bad data: `stoppedByLimit` says so and `error` names the limit.
/// `notes` are what a reader read generously or cut without stopping (a string past maxStringBytes, text Python
/// would refuse, two code points UTF-16 joins into one): Problems of kind Lenient or Truncated.
struct PyReadResult
{
    RpcValue value;
    QString error;
    qint64 errorOffset = -1;
    bool stoppedByLimit = false;
    std::vector<Problem> notes;
    bool ok() const { return error.isEmpty(); }
};

/// Collects a reader's notes, at most kMaxNotes of them (a message may hold millions of odd strings): the ones past
/// that are counted and summed up in one last note.
class PyNotes
{
public:
    static constexpr int kMaxNotes = 50;
    void lenient(const QString& text, qint64 offset) { add(text, offset, Problem::Kind::Lenient); }
    void truncated(const QString& text, qint64 offset) { add(text, offset, Problem::Kind::Truncated); }
    std::vector<Problem> take();

private:
    void add(const QString& text, qint64 offset, Problem::Kind kind);
    std::vector<Problem> m_notes;
    qint64 m_dropped = 0;
    bool m_droppedTruncation = false;
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
/// The name a dict member gets: the key itself for str keys, its Python repr for any other key (capped).
QString keyText(const RpcValue& key);
/// The key's Python repr, capped: how members of a dict with keys of several types are named, so that the key 1
/// and the key '1' give the members `1` and `'1'`.
QString keyRepr(const RpcValue& key);
/// Tags a dict that names its class ("__class__": "builtins.ValueError") with that class, as Pyro's serializers do
/// for exceptions, URIs, proxies and objects; returns the struct.
RpcValue classDict(RpcStruct members);

/// A Python dict as it is read: entries in wire order and, with a tree, the node of each member. `finish()` makes
/// it a Struct (tagged by "__class__") when every key is a str, else a Map whose keys keep their types: its member
/// nodes are named by the key's repr and get the key's own node (type and bytes) as their first child.
class DictBuilder
{
public:
    /// `node` is the dict's node (or nullptr without a tree).
    explicit DictBuilder(DecodeNode* node)
        : m_node(node)
    { }
    /// Adds an entry whose value node is the last child of the dict's node; `keyNode` is the key's node.
    void add(RpcValue key, RpcValue value, DecodeNode keyNode = {});
    RpcValue finish();

private:
    DecodeNode* m_node;
    RpcMap m_entries;
    std::vector<DecodeNode> m_keyNodes;
    std::vector<std::size_t> m_memberIndex;
    bool m_allStrings = true;
};

/// Marks the node of a value replaced because it is past a limit, and returns the value that stands for it (None).
RpcValue cutValue(DecodeNode* node, const QString& limitText);
/// Marks the node of a value that reading stopped inside: it spans up to `end` and keeps what was read of it.
void markIncomplete(DecodeNode& node, qint64 end);
/// Fills a node created for a value once the value is known.
void finishNode(DecodeNode& node, const RpcValue& value, qint64 end, const QString& description);

} // namespace pyvalue

} // namespace rpcscope
