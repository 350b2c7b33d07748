#pragma once

#include "call.h"
#include "callrecord.h"

#include <QList>
#include <QString>

namespace rpcscope {

/// A call reduced to what the `CallStore` keeps of it: the record's fields, with text where the record has string
/// ids (the store interns them), and the stored bytes. Sources make entries on the thread that decoded the calls,
/// so the decoded values are freed where they were allocated and the GUI thread only copies a few words per call.
struct CallEntry
{
    quint64 id = 0;
    quint64 connectionId = 0;
    double start = 0;
    /// NaN when the call has no reply.
    double latencyMs = std::numeric_limits<double>::quiet_NaN();
    QString protocol;
    QString method;
    QString object;
    QString client;
    QString server;
    qint64 requestSize = 0;
    qint64 responseSize = 0;
    CallStatus status = CallStatus::Pending;
    StoredCall stored;
};

/// The entry for `call`, its bytes packed by `packer` (one per thread that makes entries). `packedRequest`, when
/// given, holds the request's bytes packed already, for a call listed as pending before it finished.
CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest = {});
QList<CallEntry> makeCallEntries(const QList<Call>& calls, BytePacker& packer);

} // namespace rpcscope
