#pragma once

#include "call.h"
#include "callrecord.h"

#include <QList>
#include <QString>

namespace rpcscope {

/// A call reduced to what the `CallStore` keeps of it: its record, whose string ids only the store can assign (it
/// interns the texts given here), and the stored bytes. Sources make entries on the thread that decoded the calls,
/// so the decoded values are freed where they were allocated and the GUI thread only copies a few words per call.
struct CallEntry
{
    /// Complete but for the string ids: protocol, method, object, client and server are 0 here.
    CallRecord record;
    QString protocol;
    QString method;
    QString object;
    QString client;
    QString server;
    StoredCall stored;
};

/// The entry for `call`, its bytes packed by `packer` (one per thread that makes entries). `packedRequest`, when
/// given, holds the request's bytes packed already, for a call listed as pending before it finished.
CallEntry makeCallEntry(const Call& call, BytePacker& packer, const PackedBytes& packedRequest = {});
QList<CallEntry> makeCallEntries(const QList<Call>& calls, BytePacker& packer);

} // namespace rpcscope
