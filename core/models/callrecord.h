#pragma once

#include "message.h"
#include "packedbytes.h"

#include <QByteArray>
#include <QStringList>

#include <cmath>
#include <limits>
#include <vector>

namespace rpcscope {

/// What the call list, the filter and the statistics read for every call, in a few machine words. Strings are
/// `StringPool` ids of the owning `CallStore`. Everything else about a call is rebuilt on demand from its bytes.
struct CallRecord
{
    quint64 id = 0;
    quint64 connectionId = 0;
    /// Seconds since the epoch.
    double start = 0;
    /// NaN when the call has no reply.
    double latencyMs = std::numeric_limits<double>::quiet_NaN();
    quint32 protocol = 0;
    quint32 method = 0;
    quint32 object = 0;
    quint32 client = 0;
    quint32 server = 0;
    quint32 requestSize = 0;
    quint32 responseSize = 0;
    CallStatus status = CallStatus::Pending;
    bool marked = false;
    /// A limit cut a value of the call short (Call::truncated()).
    bool truncated = false;

    bool hasLatency() const { return !std::isnan(latencyMs); }
    /// Fault, exception, no reply or malformed: the calls a user looks for first. (Encrypted records are not an
    /// error of the call; the window counts them apart.)
    bool isError() const
    {
        return status != CallStatus::Ok && status != CallStatus::Pending && status != CallStatus::Encrypted;
    }
};

/// What the pipeline knew about a stored message that its bytes alone do not tell, and that few messages have: kept
/// apart so that the common message costs one pointer for it.
struct StoredMessageExtras
{
    /// Problems found while decoding, including those the stream added (a gap, a connection that ended early).
    std::vector<Problem> problems;
    /// Set for bytes the framer skipped as undecodable: they are shown raw with this reason.
    QString rawReason;
    /// For a message that came through TLS: the records that carried it (the bytes are the decrypted bytes).
    std::shared_ptr<const tls::TlsCarrier> tls;
};

/// One message of a stored call: its bytes as framed on the wire (enough to decode it again; kept in a spill file,
/// see `ByteSpill`) and its times.
struct StoredMessage
{
    PackedBytes bytes;
    double firstSeen = 0;
    double lastSeen = 0;
    /// Null for most messages.
    std::shared_ptr<const StoredMessageExtras> extras;

    const std::vector<Problem>& problems() const;
    const QString& rawReason() const;
    std::shared_ptr<const tls::TlsCarrier> tls() const { return extras ? extras->tls : nullptr; }
};

/// The pairing's verdicts on a stored call beyond its status, which few calls have.
struct StoredCallExtras
{
    std::vector<SubCall> subCalls;
    QStringList notes;
    /// The proxy rule or intercept decision that changed the call (Call::rule).
    QString rule;
};

/// The part of a call that is kept besides its record: the messages' bytes and the pairing's verdicts.
struct StoredCall
{
    std::optional<StoredMessage> request;
    std::optional<StoredMessage> response;
    /// Null for most calls.
    std::shared_ptr<const StoredCallExtras> extras;

    const std::vector<SubCall>& subCalls() const;
    const QStringList& notes() const;
    /// Empty for most calls.
    const QString& rule() const;
};

} // namespace rpcscope
