#pragma once

#include "message.h"
#include "tlssession.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace rpcscope::tls {

/// One record's part in a message: where it lies in the message's record bytes, and which of its decrypted bytes
/// belong to the message (a record can carry the end of one message and the start of the next).
struct CarriedRecord
{
    /// Offset and length of the whole record (header included) in TlsCarrier::records.
    qint64 wireOffset = 0;
    qint64 wireLength = 0;
    /// Where the record's decrypted content starts, relative to the message's first decrypted byte (negative when
    /// the record began with the previous message), and how long the content is.
    qint64 contentStart = 0;
    qint64 contentLength = 0;
    quint64 sequence = 0;
    /// Index in SessionInfo::keys of the secret that opened it.
    int keyIndex = -1;
};

/// The TLS layer under one message: the records that carried it, and the connection they belong to. Messages keep
/// it (DecodedMessage::tls) so that the call store can rebuild the same tree from the stored bytes.
struct TlsCarrier
{
    std::shared_ptr<const SessionInfo> session;
    /// Empty for a connection that is not decrypted (its messages are the records themselves).
    QByteArray records;
    std::vector<CarriedRecord> parts;
    /// What the TLS layer lost in or just before this message (records that did not open, missing bytes).
    QStringList problems;

    bool decrypted() const { return session && session->decrypted(); }
    /// The records are kept (the message's buffer 0). A source that builds no trees and stores no calls (the CLI
    /// without --tree) keeps only the connection.
    bool hasRecords() const { return decrypted() && !parts.empty(); }
};

/// The names of the buffers of a decrypted message: the records as on the wire, then what a protocol decoder read.
inline constexpr const char* kRecordsBufferName = "TLS records";
inline constexpr const char* kDecryptedBufferName = "Decrypted";

/// Puts `carrier` under `message`, a message a protocol decoder read from decrypted bytes: the records become
/// buffer 0, the decrypted bytes buffer 1 (and any derived buffer moves up by one, its nodes with it), the carrier's
/// problems are added, and with a tree a `tls` node (the connection, then one node per record over its bytes) goes
/// first under the root. For a connection that is not decrypted (the message is records read by the TLS decoder)
/// only the connection's node and the reason are added; without records kept, only the connection and problems. The
/// same function serves the pipeline and the call store, so a stored call decodes again to the same tree.
void attachTls(DecodedMessage& message, std::shared_ptr<const TlsCarrier> carrier, bool buildTree);

/// The bytes a protocol decoder read: the decrypted buffer of a message that came through TLS, else buffer 0.
const QByteArray& decodedBytes(const DecodedMessage& message);

/// Adds the connection's fields (version, suite, server name, key-log lines) under `node`.
void addSessionNodes(DecodeNode& node, const SessionInfo& session);

} // namespace rpcscope::tls
