#pragma once

#include "call.h"

#include <QString>

#include <vector>

namespace rpcscope {

/// One stop of the wire-format walkthrough: a node of one message of one call, with a sentence saying what its
/// bytes are. The node is addressed by child indices from the root (names can repeat among siblings).
struct WalkthroughStep
{
    quint64 callId = 0;
    Direction direction = Direction::ClientToServer;
    /// Child indices from the message's root to the node; empty for the root itself.
    std::vector<int> indexPath;
    /// Short heading, e.g. "add(3, 4) · request · param[0]".
    QString title;
    /// What the field is, where its bytes are and what they read as.
    QString text;
};

/// Builds the guided tour over decoded calls (Help → "Walk through the wire format"): every node of the request,
/// then every node of the response, depth first, so that stepping through shows a message in the order it is
/// written on the wire.
class WalkthroughSteps
{
public:
    /// Steps over every node of `call`'s request and response trees (decoded with trees). `label` names the call
    /// in the titles ("add(3, 4)").
    static std::vector<WalkthroughStep> forCall(const Call& call, const QString& label);

    /// The node of `root` at `indexPath`, or nullptr when the tree has no such node.
    static const DecodeNode* resolve(const DecodeNode& root, const std::vector<int>& indexPath);

    /// The sentence for `node` of a message in `direction`; `isRoot` for the message itself.
    static QString explain(const DecodeNode& node, Direction direction, bool isRoot);
    /// What `node` is, where its bytes are and what they read as, without saying which step comes next (for
    /// curated tours, which skip fields).
    static QString describe(const DecodeNode& node);

    /// Values longer than this are cut with an ellipsis in the sentences.
    static constexpr int kMaxValueChars = 80;
};

} // namespace rpcscope
