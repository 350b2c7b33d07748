#pragma once

#include "decodenode.h"
#include "message.h"

#include <QByteArrayView>
#include <QString>

#include <span>
#include <vector>

namespace rpcscope::spanroles {

/// A run of bytes that one node holds without a child holding them: either the node's own value (it is a leaf)
/// or bytes between its children (XML tags and indentation, CRLFs, punctuation, framing).
struct RoleRun
{
    const DecodedMessage& message;
    /// The message's bytes (buffer 0).
    QByteArrayView bytes;
    /// From the root down to the node that holds the run (`path.back()`); for bytes outside the tree, the root.
    std::span<const DecodeNode* const> path;
    qint64 from = 0;
    qint64 to = 0;
    /// True when the holder is a leaf (or a flags word whose children are its bits): the run is its value.
    bool ownBytes = false;

    const DecodeNode& holder() const { return *path.back(); }
    /// The nearest node of the path (the holder included) whose name is `name`, or null.
    const DecodeNode* ancestorNamed(QStringView name) const;
    /// The holder's child whose bytes come right before the run (it holds byte `from - 1`); null if none.
    const DecodeNode* before = nullptr;
    /// The holder's child whose bytes come right after the run (it holds byte `to`); null if none.
    const DecodeNode* after = nullptr;

    const DecodeNode* childBefore() const { return before; }
    const DecodeNode* childAfter() const { return after; }
};

/// One piece of a run with what it is. Pieces a role function returns tile the run in order.
struct RolePiece
{
    qint64 offset = 0;
    qint64 length = 0;
    QString role;
    QString description;
    /// Empty: the field's value for `field` pieces, the bytes as text for the others.
    QString value;
};

/// Splits `run` into pieces and appends them to `out`; returns false (appending nothing) to leave the run to
/// `genericRoles`.
using RoleSplitter = bool (*)(const RoleRun& run, std::vector<RolePiece>& out);

/// The role function for a protocol id ("xmlrpc", "pyro4", "jrmp"), or null.
RoleSplitter splitterFor(QStringView protocol);

/// What any protocol's bytes can be read as: a leaf's value is one `field` piece; other bytes are line ends,
/// indentation and blanks when they are white space, else `structure` of the node they lie in.
void genericRoles(const RoleRun& run, std::vector<RolePiece>& out);
/// Appends pieces for [from, to) of white space: `line-end` (LF or CRLF), `indentation` (blanks after a line
/// end) and `whitespace`; `where` completes the descriptions ("between XML elements").
void whitespacePieces(const RoleRun& run, qint64 from, qint64 to, const QString& where, std::vector<RolePiece>& out);
/// A `field` piece for [from, to) with the holder's description.
RolePiece fieldPiece(const RoleRun& run, qint64 from, qint64 to);
/// Bytes as text for a span's value: printable ASCII as is, CR, LF and tab as \r \n \t, other bytes \xNN; at most
/// `maxChars` characters, then an ellipsis.
QString bytesText(QByteArrayView bytes, int maxChars = 80);
bool isBlank(char c);

// The protocols' role functions (one file each).
/// HTTP/1.x framing: CRLFs, the blank line ending the headers, the parts of a header line, chunk framing.
bool httpRoles(const RoleRun& run, std::vector<RolePiece>& out);
/// XML-RPC: HTTP for the head and chunk framing, XML markup (tags, line ends, indentation) in the body.
bool xmlrpcRoles(const RoleRun& run, std::vector<RolePiece>& out);
bool pyroRoles(const RoleRun& run, std::vector<RolePiece>& out);
bool jrmpRoles(const RoleRun& run, std::vector<RolePiece>& out);

} // namespace rpcscope::spanroles
