#pragma once

#include "message.h"

#include <QLatin1StringView>
#include <QString>

#include <vector>

namespace rpcscope {

/// A run of a message's bytes and what it is: the field that holds it, or, for bytes that no field holds (an XML
/// tag, a CRLF, indentation), a role that says what they are.
struct ExplainSpan
{
    qint64 offset = 0;
    qint64 length = 0;
    /// The deepest node whose range holds these bytes (for bytes no field holds: the node they lie in, the root for
    /// bytes outside every field). Points into the message's tree.
    const DecodeNode* node = nullptr;
    /// Names from the root down to `node`, joined by '/' ("xmlrpc/body/methodCall/params").
    QString path;
    /// `kFieldRole` for bytes a field holds as its value; otherwise what the bytes are: "start-tag", "end-tag",
    /// "crlf", "header-end", "indentation", "punctuation", ... (see HACKING.md, "Every byte explained").
    QString role;
    /// The field's value, or the bytes as text for the other roles.
    QString value;
    /// What the bytes mean: the field's description from its decoder, or what the role function says.
    QString description;

    qint64 end() const { return offset + length; }
    bool isField() const;
};

/// Role of the bytes a field holds as its own value.
inline constexpr QLatin1StringView kFieldRole("field");

/// Every byte of one message (its bytes on the wire, `buffers[0]`) attributed: spans in byte order that tile
/// [0, length) exactly, without gap or overlap.
struct MessageExplanation
{
    qint64 length = 0;
    std::vector<ExplainSpan> spans;

    /// The span that holds byte `offset`, or null.
    const ExplainSpan* spanAt(qint64 offset) const;
};

/// Attributes every byte of `message` (decoded with its tree): each byte goes to the deepest node that holds it,
/// the way clicking a byte selects a node in the window (the first child wins where siblings overlap; the bits of
/// a flags word are read as the word). Bytes a node holds beside its children, and bytes outside the tree, get
/// spans whose role and description come from the protocol's role function (core/explain/spanroles.h).
MessageExplanation explainMessage(const DecodedMessage& message);

} // namespace rpcscope
