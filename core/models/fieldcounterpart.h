#pragma once

#include "decodenode.h"
#include "message.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// The field of the other message of a call that corresponds to a field of this one, for the Explain panel: the
/// same header field in the reply, the response's params for a request's methodName, the request's methodName for
/// a result or fault. `how` says in words which relation was used.
struct Counterpart
{
    const DecodeNode* node = nullptr;
    QString how;
};

/// Finds the counterpart of `node` (a node of `tree`) in `other`. `direction` is the direction of `tree`.
/// In order: the call <-> reply pairs (a request's method name -> the reply's fault, result or params; anything
/// inside a reply's result, params or fault -> the request's method name), the same path (the top-level element
/// may differ, as methodCall/methodResponse do), the first node with the same name, the nearest enclosing field
/// that exists in the other message, and finally the other message's root.
Counterpart findCounterpart(const DecodeNode& tree, const DecodeNode& node, const DecodeNode& other,
                            Direction direction);

/// The nodes from `root` down to `target` (both included); empty if `target` is not in the tree.
std::vector<const DecodeNode*> pathTo(const DecodeNode& root, const DecodeNode* target);

/// The fields a message is laid out in, for colouring its bytes: the top-level fields of the tree, each split into
/// its own fields when it has several (chains of single children are looked through). Only nodes with bytes in
/// `buffer`, in byte order.
std::vector<const DecodeNode*> layoutFields(const DecodeNode& root, int buffer, int maxFields = 24);

} // namespace rpcscope
